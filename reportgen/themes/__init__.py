"""Themes: the corpus's chapters, found by BERTopic with reportgen's own clustering, cached.

The package splits along its seams: cluster.py (the partition), fit.py (the
only module importing bertopic), keyphrases.py and labels.py (what a theme is
called), layout.py (hierarchy, similarity, the 2-D map), cache.py (the stored
fit).  This module joins them into the one value later stages see, a ThemeSet.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any, Callable

import numpy as np

from reportgen import codec
from reportgen.config import ThemeSettings
from reportgen.model import Corpus, Embeddings, FitReport, Theme, ThemeGroup, ThemeSet
from reportgen.strings import slugify, unique_slug
from reportgen.themes import cache
from reportgen.themes.cluster import FIT_SAMPLE, MAX_SHARE, STAYS_OTHER, Bounds, theme_bounds
from reportgen.themes.features import theme_space
from reportgen.themes.keyphrases import DOMAIN_STOP_WORDS, PhraseAnalyzer, analyzer
from reportgen.themes.labels import (
    LABEL_WORDS,
    SPARE_THEMES,
    ChapterName,
    PhraseCounts,
    label_themes,
    name_chapters,
)
from reportgen.themes.layout import HIERARCHY_MIN_THEMES, group_themes, map_2d, nearest_chapter, similarity
from reportgen.vectors import unit_rows
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
    "label_themes",
    "slugify",
    "theme_bounds",
    "theme_vectors",
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
    titles = [p.title or "" for p in corpus.papers]
    phrases = analyzer(settings, docs, LABEL_WORDS)  # made once: dehyphenation_map reads every text
    counts = PhraseCounts(docs, titles, phrases)
    vectors = np.asarray(theme_vectors(corpus, embeddings, settings, phrases).vectors)
    bounds = theme_bounds(len(docs), settings.max_themes, settings.min_theme_size)
    start = None if previous is None else start_labels(corpus, previous)
    fit = run_bertopic(docs, vectors, bounds, settings, counts, phrases.dehyphen, start)
    semantic = unit_rows(np.asarray(embeddings.vectors, dtype=np.float64))
    themes = to_themeset(corpus, vectors, fit, bounds, settings, counts, phrases.dehyphen, semantic)
    if previous is None:
        return themes
    method = "BERTopic: no reduction; refitted from the last themes (nearest centre, Lloyd rounds, new themes for new papers that fit none, Other kept), themes over 15% split"
    assert themes.fit is not None  # a fit always reports how it was made
    return dataclasses.replace(themes, fit=dataclasses.replace(themes.fit, method=method))


def theme_vectors(
    corpus: Corpus, embeddings: Embeddings, settings: ThemeSettings, phrases: PhraseAnalyzer | None = None
) -> Embeddings:
    """The space themes are cut in and new papers placed in: MiniLM beside the texts' TF-IDF/SVD (features.py).

    Recomputed from the corpus at each run (10 s for 10,000 papers, about a
    minute for 54,000), so a living survey's placements and refits see the same
    space as its first fit.
    """
    docs = [p.text for p in corpus.papers]
    phrases = phrases or analyzer(settings, docs, LABEL_WORDS)
    space = theme_space(np.asarray(embeddings.vectors, dtype=np.float64), docs, phrases)
    return Embeddings(model=embeddings.model, ids=embeddings.ids, vectors=space)


def start_labels(corpus: Corpus, previous: ThemeSet) -> np.ndarray:
    """Each paper's theme in `previous` (its index there), STAYS_OTHER where it left the paper in Other, else −1."""
    index = {pid: number for number, theme in enumerate(previous.themes) for pid in theme.paper_ids}
    index.update(dict.fromkeys(previous.outliers, STAYS_OTHER))
    return np.array([index.get(p.id, -1) for p in corpus.papers], dtype=int)


def to_themeset(
    corpus: Corpus,
    vectors: np.ndarray,
    fit: Any,
    bounds: Bounds,
    settings: ThemeSettings,
    counts: PhraseCounts,
    dehyphen: dict[str, str],
    semantic: np.ndarray | None = None,
) -> ThemeSet:
    """The fit as a ThemeSet: labels, chapters, the map.  `semantic`: the unit MiniLM vectors, which tell a
    chapter name from a word many unrelated papers use (labels.PhraseCounts.coherence).

    Themes are not held to that test: on random arXiv samples it dissolved more
    clusters, lowered label coverage (33 of 33 themes to 30 of 34) and the 95%-refit
    adjusted Rand (.45 to .41) for a gain readers could not tell from noise.
    """
    ids = [p.id for p in corpus.papers]
    docs = [p.text for p in corpus.papers]
    titles = [p.title or "" for p in corpus.papers]
    members = [np.flatnonzero(fit.labels == topic) for topic in range(len(fit.centroids))]
    labels = label_themes([m.tolist() for m in members], docs, titles, counts)
    themes: list[Theme] = []
    slugs: set[str] = set()
    for topic, (rows, label) in enumerate(zip(members, labels)):
        closeness = vectors[rows] @ fit.centroids[topic]
        ranked = [ids[i] for i in rows[np.lexsort((np.array([ids[i] for i in rows]), -np.round(closeness, 6)))]]
        slug = unique_slug(slugify(label), slugs)
        slugs.add(slug)
        words = tuple(fit.keywords.get(topic, []))
        themes.append(Theme(id=topic + 1, label=label, slug=slug, keywords=words, paper_ids=tuple(ranked)))
    groups = group_themes(themes, fit.centroids) if len(themes) >= HIERARCHY_MIN_THEMES else ()
    if groups:
        broad = analyzer(settings, docs, LABEL_WORDS, broad=True, dehyphen=dehyphen)
        groups = named_groups(
            groups, themes, fit.centroids, corpus, PhraseCounts(docs, titles, broad, broad=True, vectors=semantic)
        )
    themes, groups, order = chapter_order(themes, groups)
    coords = map_2d(vectors, fit.labels, fit.centroids)
    sizes = [t.size for t in themes]
    return ThemeSet(
        themes=tuple(themes),
        groups=groups,
        outliers=tuple(sorted(ids[i] for i in np.flatnonzero(fit.labels == -1))),
        coords={pid: (float(x), float(y)) for pid, (x, y) in zip(ids, coords)},
        fit=FitReport(
            method="BERTopic: no reduction; consensus of 10 Ward hierarchies (80% samples) on MiniLM vectors joined with TF-IDF/SVD vectors, each cut at the best-separated level, themes over 15% split, clusters no phrase names dissolved",
            min_themes=bounds.min_themes,
            max_themes=bounds.max_themes,
            min_theme_size=bounds.min_size,
            fitted_on=fit.fitted_on,
            sample_agreement=fit.sample_agreement,
            largest_share=round(max(sizes) / len(ids), 3) if sizes else 0.0,
            other_share=round(float((fit.labels == -1).mean()), 3) if len(ids) else 0.0,
            outlier_threshold=settings.outlier_threshold,
            vectorizer="1-4-grams, English + domain stop words",
            representation="labels: the phrase most papers of a theme share and few others carry, with facets; keywords: c-TF-IDF phrases, distinct words",
        ),
        similarity=similarity(fit.centroids[order]) if len(order) else (),
    )


def named_groups(
    groups: tuple[ThemeGroup, ...], themes: list[Theme], centroids: np.ndarray, corpus: Corpus, counts: PhraseCounts
) -> tuple[ThemeGroup, ...]:
    """Each chapter named by what its papers share: a category the records carry, else a phrase (labels.py).

    A small chapter nothing names is no chapter: its themes join the nearest
    named one (by centroid), and the names are found again.  One of
    SPARE_THEMES themes or more keeps its place as "Further themes": merging it
    spread the example's reinforcement-learning, continual-learning and
    architecture-search themes into "Scaling", which then lost its name and
    joined "Image", a 13-theme chapter named after 38% of its papers.  Where two
    such chapters are unnamed, or "Further themes" would hold most themes, there
    are no chapters: 500 MEDLINE abstracts ended as one 26-theme "Further themes".
    `counts`: the broad phrase counts (labels.name_chapters).
    """
    row = {p.id: i for i, p in enumerate(corpus.papers)}
    by_id = {t.id: t for t in themes}
    while len(groups) > 1:
        chapters = [[row[pid] for tid in g.theme_ids for pid in by_id[tid].paper_ids] for g in groups]
        names = name_chapters(
            chapters,
            [p.text for p in corpus.papers],
            [p.title or "" for p in corpus.papers],
            counts,
            [p.categories for p in corpus.papers],
            [[by_id[tid].label for tid in g.theme_ids] for g in groups],
        )
        spare = [c for c, (g, n) in enumerate(zip(groups, names)) if n is None and len(g.theme_ids) >= SPARE_THEMES]
        if len(spare) > 1:
            return ()  # most chapters share no name (medicine without MeSH headings): a flat list names nothing wrong
        if spare and sum(n is None for n in names) == 1:
            if 2 * len(groups[spare[0]].theme_ids) > len(themes):
                return ()  # "Further themes" would be most of the survey
            names[spare[0]] = FURTHER
        if all(names):
            return tuple(
                dataclasses.replace(g, label=n.name, basis=n.basis) for g, n in zip(groups, names) if n is not None
            )
        groups = _merge_unnamed(groups, names, centroids)
    return ()  # one chapter is no hierarchy


FURTHER = ChapterName("Further themes", "")  # no category or phrase names it: the intro says only how it was grouped


def _merge_unnamed(
    groups: tuple[ThemeGroup, ...], names: list[ChapterName | None], centroids: np.ndarray
) -> tuple[ThemeGroup, ...]:
    """The first unnamed chapter's themes moved to the chapter whose centre is nearest; the ids renumbered in order."""
    lost = next(g for g, name in zip(groups, names) if not name)
    rest = [g for g in groups if g is not lost]
    rows = [[t - 1 for t in g.theme_ids] for g in rest]
    nearest = rest[nearest_chapter([t - 1 for t in lost.theme_ids], rows, centroids)]
    merged = [
        dataclasses.replace(g, theme_ids=tuple(sorted(g.theme_ids + lost.theme_ids))) if g is nearest else g
        for g in rest
    ]
    return tuple(dataclasses.replace(g, id=i) for i, g in enumerate(merged, 1))


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
