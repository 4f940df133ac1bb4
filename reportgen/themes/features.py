"""The space themes are cut in: each paper's MiniLM vector beside a lexical view of its text.

MiniLM places abstracts by how they read as much as by what they are about:
on 600 random astrophysics abstracts a blind reader found 30% of the papers in
a coherent theme when themes were cut from MiniLM alone, and 60% when the same
clustering ran on MiniLM joined with a TF-IDF view of the same texts (the
phrases of keyphrases.PhraseAnalyzer, reduced to LEXICAL_DIMS by a truncated
SVD); on 600 random arXiv cs abstracts, 40% and 43%.  A reader judges a theme
by the terms its titles share, and the lexical half puts papers that share
rare terms ("Gaussian splatting", "pulsar timing array") together.

Deterministic: the vocabulary is sorted, the SVD's random start is seeded, and
its signs are fixed by scikit-learn (svd_flip).
"""

from __future__ import annotations

from typing import Callable

import numpy as np

from reportgen.vectors import unit_rows

LEXICAL_WEIGHT = 0.5  # the share of each paper's squared length given to the lexical view
LEXICAL_DIMS = 200
# A cosine in this space is about 0.8 of the MiniLM cosine it stands for: the 5th percentile of each paper's
# best cosine to a theme centre was 0.78-0.82 of MiniLM's on random arXiv (600, 2,000), astrophysics (600)
# and the medical set.  ThemeSettings.outlier_threshold stays a MiniLM cosine; `space_threshold` converts it.
SPACE_SCALE = 0.8


def space_threshold(threshold: float) -> float:
    """The MiniLM-cosine threshold (ThemeSettings.outlier_threshold) as a cosine in the theme space."""
    return threshold * SPACE_SCALE


def theme_space(vectors: np.ndarray, docs: list[str], analyzer: Callable[[str], list[str]]) -> np.ndarray:
    """Unit rows: sqrt(1 - w) * MiniLM vector beside sqrt(w) * the TF-IDF/SVD vector (w = LEXICAL_WEIGHT).

    Cosine in this space is (1 - w) * MiniLM cosine + w * lexical cosine.  A
    corpus too small for a lexical view (fewer than 3 papers or 3 shared
    phrases) keeps its MiniLM vectors.
    """
    from sklearn.decomposition import TruncatedSVD
    from sklearn.feature_extraction.text import TfidfVectorizer

    semantic = unit_rows(vectors)
    if len(docs) < 3:
        return semantic
    try:
        counts = TfidfVectorizer(analyzer=analyzer, min_df=2, sublinear_tf=True, dtype=np.float64).fit_transform(docs)
    except ValueError:  # no phrase occurs twice
        return semantic
    dims = min(LEXICAL_DIMS, counts.shape[0] - 1, counts.shape[1] - 1)
    if dims < 2:
        return semantic
    lexical = unit_rows(TruncatedSVD(n_components=dims, random_state=0).fit_transform(counts))
    return unit_rows(np.hstack([np.sqrt(1 - LEXICAL_WEIGHT) * semantic, np.sqrt(LEXICAL_WEIGHT) * lexical]))
