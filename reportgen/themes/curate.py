"""Which clusters are themes: a cluster that no phrase names is dissolved, its papers to a theme they fit or Other.

Ward's tree cuts the whole corpus into clusters, so its leftovers form clusters
too: "Tokens and parameters" over KV caches, prompt optimisation, text-to-SQL
and stylometry, held together by nothing a reader can name.  A theme here is a
cluster whose papers share a phrase (labels.names_group: COVERED of them carry
it, HEAD_LIFT times as often as the rest of the corpus).  A paper of a cluster that
fails joins the nearest named theme where it is as close to that theme's centre
as most of its own papers are, and Other where it is not: a section a reader
accepts beats one more grab-bag.  Other is kept under MAX_OTHER.
"""

from __future__ import annotations

from typing import Sequence

import numpy as np

from reportgen.themes.labels import COVERED, HEAD_LIFT, Phrase, PhraseCounts, group_phrases, names_group
from reportgen.vectors import unit_rows

MAX_OTHER = 0.15  # at most this share of the papers ends in Other by dissolving
FITS = 25  # a paper fits a theme when closer to its centre than this percentile of the theme's own papers


def dissolve_unnamed(vectors: np.ndarray, labels: np.ndarray, counts: PhraseCounts, min_size: int = 3) -> np.ndarray:
    """`labels` with every cluster no phrase names cut down to its named core or dissolved.

    Least named first.  The core: the papers carrying the cluster's best
    distinctive phrase, where at least `min_size` do (a topic inside a mix:
    "class-incremental learning" in a cluster of continual-learning and
    unrelated papers); it stays a theme.  The other papers join the nearest
    named theme they fit, or Other, unless Other would pass MAX_OTHER; then
    named topics are looked for again among the papers in Other (`regroup_other`).
    """
    count = int(labels.max()) + 1 if (labels >= 0).any() else 0
    groups = [np.flatnonzero(labels == t).tolist() for t in range(count)]
    candidates = group_phrases(groups, counts)
    shares = [max((p.inside for p in phrases if names_group(p)), default=0.0) for phrases in candidates]
    unnamed = sorted((t for t in range(count) if shares[t] < COVERED), key=lambda t: (shares[t], t))
    if len(unnamed) == count:  # nothing is named: dissolving would leave no theme
        return labels
    out = labels.copy()
    kept = [t for t in range(count) if t not in unnamed]
    centres = unit_rows(np.stack([vectors[labels == t].mean(axis=0) for t in kept]))
    floors = np.array([np.percentile(vectors[labels == t] @ c, FITS) for t, c in zip(kept, centres)])
    for theme in unnamed:
        core = _core(groups[theme], candidates[theme], counts, min_size)
        rest = np.array([i for i in groups[theme] if i not in core], dtype=int)
        closeness = vectors[rest] @ centres.T
        nearest = closeness.argmax(axis=1)
        fits = closeness[np.arange(len(rest)), nearest] >= floors[nearest]
        if ((out == -1).sum() + (~fits).sum()) > MAX_OTHER * len(labels):
            continue
        out[rest] = np.where(fits, np.array(kept)[nearest], -1)
    return regroup_other(vectors, out, counts, min_size)


def regroup_other(vectors: np.ndarray, labels: np.ndarray, counts: PhraseCounts, min_size: int) -> np.ndarray:
    """Themes found again among the papers in Other: Ward's tree of Other cut into clusters of a theme's typical size,
    each kept as a theme when a phrase names it.

    Dissolving splits mixed clusters apart, and their papers from different
    clusters can make a topic together: blind readers found whole topics in
    Other (32 medical papers of 500 random arXiv papers, 23 instrumentation
    papers of 500 astrophysics papers).
    """
    from scipy.cluster.hierarchy import fcluster, ward

    other = np.flatnonzero(labels == -1)
    themed = labels[labels >= 0]
    if len(other) < 2 * min_size or not len(themed):
        return labels
    typical = len(themed) / (int(themed.max()) + 1)
    count = max(2, round(len(other) / typical))
    parts = fcluster(ward(vectors[other]), t=count, criterion="maxclust") - 1
    groups = [other[parts == j].tolist() for j in range(int(parts.max()) + 1)]
    out = labels.copy()
    new = int(labels.max()) + 1
    for members, phrases in zip(groups, group_phrases(groups, counts, min_share=COVERED)):
        if len(members) >= min_size and any(names_group(p) for p in phrases):
            out[members] = new
            new += 1
    return out


def _core(members: Sequence[int], phrases: Sequence[Phrase], counts: PhraseCounts, least: int) -> set[int]:
    """The members carrying the best phrase that at least `least` of them carry and the rest of the corpus rarely does."""
    best = next((p for p in phrases if p.lift >= HEAD_LIFT and round(p.inside * len(members)) >= least), None)
    return set(counts.carriers(members, best.key)) if best is not None else set()
