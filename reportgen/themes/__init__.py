"""Themes: the corpus's chapters, found by BERTopic with reportgen's own clustering, cached.

The package splits along its seams: cluster.py (the partition), fit.py (the
only module importing bertopic), keyphrases.py and labels.py (what a theme is
called), layout.py (hierarchy, similarity, the 2-D map), cache.py (the stored
fit).  This module joins them into the one value later stages see, a ThemeSet.
"""

from __future__ import annotations

import dataclasses
import functools
import json
from pathlib import Path
from typing import Any, Callable

import numpy as np

from reportgen import codec
from reportgen.config import ThemeSettings
from reportgen.model import Corpus, Embeddings, FitReport, Theme, ThemeGroup, ThemeSet
from reportgen.strings import slugify, unique_slug
from reportgen.themes import cache
from reportgen.themes.cluster import FIT_SAMPLE, MAX_SHARE, Bounds, theme_bounds
from reportgen.themes.keyphrases import DOMAIN_STOP_WORDS, PhraseAnalyzer
from reportgen.themes.labels import claimed_phrases, make_label, phrase_share
from reportgen.themes.layout import HIERARCHY_MIN_THEMES, group_themes, map_2d, similarity
from reportgen.writer import write_atomic

__all__ = [
    "DOMAIN_STOP_WORDS",
    "FIT_SAMPLE",
    "MAX_SHARE",
    "Bounds",
    "PhraseAnalyzer",
    "find_themes",
    "fit_themes",
    "group_themes",
    "make_label",
    "slugify",
    "theme_bounds",
]


def find_themes(
    corpus: Corpus,
    embeddings: Embeddings,
    settings: ThemeSettings,
    *,
    cache_dir: Path | None = None,
    warn: Callable[[str], None] = lambda _: None,
) -> ThemeSet:
    """Cached front door: the same corpus, vectors and settings give the stored ThemeSet."""
    path = cache_dir / f"{cache.cache_key(corpus, embeddings, settings)}.json" if cache_dir else None
    stored = cache.load(path, warn) if path is not None else None
    if stored is not None:
        return stored
    themes = fit_themes(corpus, embeddings, settings)
    if path is not None:
        try:
            write_atomic(path, json.dumps(codec.to_data(themes)).encode())
        except OSError as exc:  # a cache only ever costs speed
            warn(f"could not keep the themes in the cache ({exc.strerror or exc}); the next build fits them again")
    return themes


def fit_themes(
    corpus: Corpus, embeddings: Embeddings, settings: ThemeSettings, *, previous: ThemeSet | None = None
) -> ThemeSet:
    """Themes from the vectors and the texts; no model is needed (see fit.py).

    With `previous` (a living survey's last themes) the fit starts from them
    (cluster.warm_partition) instead of building the tree afresh.
    """
    from reportgen.themes.fit import run_bertopic

    docs = [p.text for p in corpus.papers]
    vectors = np.asarray(embeddings.vectors, dtype=np.float64)
    bounds = theme_bounds(len(docs), settings.max_themes, settings.min_theme_size)
    start = None if previous is None else start_labels(corpus, previous)
    fit = run_bertopic(docs, vectors, bounds, settings, start)
    themes = to_themeset(corpus, docs, vectors, fit, bounds, settings)
    if previous is None:
        return themes
    method = "BERTopic: no reduction; refitted from the last themes (nearest centre, Lloyd rounds, new themes for new papers that fit none), themes over 15% split"
    assert themes.fit is not None  # a fit always reports how it was made
    return dataclasses.replace(themes, fit=dataclasses.replace(themes.fit, method=method))


def start_labels(corpus: Corpus, previous: ThemeSet) -> np.ndarray:
    """Each paper's theme in `previous` (its index there), or −1 for a paper it did not have or left in Other."""
    index = {pid: number for number, theme in enumerate(previous.themes) for pid in theme.paper_ids}
    return np.array([index.get(p.id, -1) for p in corpus.papers], dtype=int)


def to_themeset(
    corpus: Corpus, docs: list[str], vectors: np.ndarray, fit: Any, bounds: Bounds, settings: ThemeSettings
) -> ThemeSet:
    ids = [p.id for p in corpus.papers]
    lowered = [d.lower() for d in docs]
    corpus_share = functools.cache(lambda term: phrase_share(term, lowered))
    themes: list[Theme] = []
    slugs: set[str] = set()
    claimed = claimed_phrases([fit.keywords.get(t, []) for t in range(len(fit.centroids))])
    for topic in range(len(fit.centroids)):
        members = np.flatnonzero(fit.labels == topic)
        closeness = vectors[members] @ fit.centroids[topic]
        ranked = [ids[i] for i in members[np.lexsort((np.array([ids[i] for i in members]), -np.round(closeness, 6)))]]
        words = tuple(fit.keywords.get(topic, []))
        theme_docs = [docs[i] for i in members]
        others = {t.label.lower() for t in themes} | {c for j, c in enumerate(claimed) if c and j != topic}
        label = make_label(
            [phrase] if (phrase := claimed[topic]) else fit.candidates.get(topic, list(words)),
            theme_docs,
            others,
            corpus_share,
        )
        slug = unique_slug(slugify(label), slugs)
        slugs.add(slug)
        themes.append(Theme(id=topic + 1, label=label, slug=slug, keywords=words, paper_ids=tuple(ranked)))
    groups = group_themes(themes, fit.centroids) if len(themes) >= HIERARCHY_MIN_THEMES else ()
    themes, groups, order = chapter_order(themes, groups)
    coords = map_2d(vectors, fit.labels, fit.centroids)
    sizes = [t.size for t in themes]
    return ThemeSet(
        themes=tuple(themes),
        groups=groups,
        outliers=tuple(sorted(ids[i] for i in np.flatnonzero(fit.labels == -1))),
        coords={pid: (float(x), float(y)) for pid, (x, y) in zip(ids, coords)},
        fit=FitReport(
            method="BERTopic: no reduction; Ward hierarchy on MiniLM vectors, cut at the best-separated level, themes over 15% split",
            min_themes=bounds.min_themes,
            max_themes=bounds.max_themes,
            min_theme_size=bounds.min_size,
            fitted_on=fit.fitted_on,
            sample_agreement=fit.sample_agreement,
            largest_share=round(max(sizes) / len(ids), 3) if sizes else 0.0,
            other_share=round(float((fit.labels == -1).mean()), 3) if len(ids) else 0.0,
            outlier_threshold=settings.outlier_threshold,
            vectorizer="1-4-grams, English + domain stop words",
            representation="c-TF-IDF phrases, distinct words",
        ),
        similarity=similarity(fit.centroids[order]) if len(order) else (),
    )


def chapter_order(
    themes: list[Theme], groups: tuple[ThemeGroup, ...]
) -> tuple[list[Theme], tuple[ThemeGroup, ...], list[int]]:
    """Number themes so that each group's themes are consecutive: groups are chapters, themes their sections.

    Groups come largest first, and so do themes within a group.  Returns the
    renumbered themes and groups, and the old index of each new theme.
    """
    if not groups:
        return themes, groups, list(range(len(themes)))
    by_id = {t.id: t for t in themes}
    ordered = [by_id[tid] for g in groups for tid in sorted(g.theme_ids, key=lambda i: (-by_id[i].size, i))]
    new_id = {t.id: n for n, t in enumerate(ordered, 1)}
    parent = {tid: g.id for g in groups for tid in g.theme_ids}
    renumbered = [dataclasses.replace(t, id=new_id[t.id], parent=parent[t.id]) for t in ordered]
    regrouped = tuple(dataclasses.replace(g, theme_ids=tuple(sorted(new_id[t] for t in g.theme_ids))) for g in groups)
    return renumbered, regrouped, [t.id - 1 for t in ordered]
