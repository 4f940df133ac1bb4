"""The BERTopic fit: the only module that imports bertopic.

BERTopic is the frame (c-TF-IDF keywords over reportgen's phrase vectorizer);
its reduction and clustering slots hold reportgen's own components: no
reduction, and `ChapterClusterer` (cluster.py).  No embedding-based
representation (KeyBERTInspired, MMR): they embed thousands of candidate words
per fit, and a float32 model would let the CPU pick the keywords.  Keywords are
made distinct by their words instead (keyphrases.distinct_terms).  The output
is turned into plain values at once.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from reportgen.config import ThemeSettings
from reportgen.themes.cluster import Bounds, ChapterClusterer
from reportgen.themes.curate import dissolve_unnamed
from reportgen.themes.features import space_threshold
from reportgen.themes.keyphrases import distinct_terms, rank_terms, vectorizer
from reportgen.themes.labels import PhraseCounts

CANDIDATES = 30  # c-TF-IDF terms per theme that the distinct keywords are chosen from


@dataclass(frozen=True)
class Fit:
    """What BERTopic found: a theme number per paper (−1 = Other) and each theme's keywords."""

    labels: np.ndarray
    keywords: dict[int, list[str]]
    centroids: np.ndarray
    fitted_on: int  # papers the hierarchy was built on (a sample above cluster.FIT_SAMPLE)
    sample_agreement: float | None  # adjusted Rand against a fit on another sample; None: no sample


def run_bertopic(
    docs: list[str],
    vectors: np.ndarray,
    bounds: Bounds,
    settings: ThemeSettings,
    counts: PhraseCounts,
    dehyphen: dict[str, str],
    start: np.ndarray | None = None,
) -> Fit:
    """`counts`: the corpus's phrases (labels.PhraseCounts), which decide what a theme is; `dehyphen`: its
    line-break hyphens (keyphrases.dehyphenation_map), both made once by the caller."""
    from bertopic import BERTopic
    from bertopic.dimensionality import BaseDimensionalityReduction
    from bertopic.vectorizers import ClassTfidfTransformer

    clusterer = ChapterClusterer(
        bounds,
        outlier_threshold=space_threshold(settings.outlier_threshold),
        keys=[d.encode() for d in docs],
        start=start,
        # A refit keeps the themes it starts from: dissolving is for deciding what a theme is, once.
        curate=None
        if start is not None
        else lambda vectors, labels: dissolve_unnamed(vectors, labels, counts, bounds.min_size),
    )
    model = BERTopic(
        embedding_model=None,
        language=None,  # "english" strips every non-alphanumeric: "text-to-image" -> "texttoimage", clauses run together
        umap_model=BaseDimensionalityReduction(),
        hdbscan_model=clusterer,
        vectorizer_model=vectorizer(settings, docs, dehyphen),
        ctfidf_model=ClassTfidfTransformer(reduce_frequent_words=True),
        top_n_words=CANDIDATES,
        calculate_probabilities=False,
        verbose=False,
    )
    topics, _ = model.fit_transform(docs, embeddings=vectors)
    # BERTopic renumbers topics by size; map back to the clusterer's numbering, which cluster.py owns.
    labels = np.asarray(clusterer.labels_)
    renamed = {int(t): int(c) for t, c in zip(topics, labels)}
    candidates = {renamed[t]: rank_terms(model.get_topic(t) or []) for t in set(renamed) if t != -1}
    keywords = {t: distinct_terms(terms, settings.top_words) for t, terms in candidates.items()}
    return Fit(
        labels=labels,
        keywords=keywords,
        centroids=clusterer.cluster_centers_,
        fitted_on=clusterer.fitted_on_,
        sample_agreement=clusterer.sample_agreement(vectors),
    )
