"""Where themes sit relative to each other: the group hierarchy, centroid similarity and the 2-D map.

Everything here is deterministic linear algebra in float64, so the map chart
comes out the same on every CPU (UMAP's numba kernels are compiled for the host
CPU and are not).
"""

from __future__ import annotations

import math
from typing import Sequence

import numpy as np

from reportgen.model import Theme, ThemeGroup

HIERARCHY_MIN_THEMES = 16  # fewer themes read fine as one flat list


def group_themes(themes: Sequence[Theme], centroids: np.ndarray) -> tuple[ThemeGroup, ...]:
    """Group related themes into about sqrt(k) chapters: Ward's linkage on the theme centres, no one-theme chapter.

    Average linkage left one chapter of 25 themes and four of one theme on 500
    astrophysics abstracts; Ward balances them.  A theme alone in its chapter
    joins the chapter whose centre is nearest: a chapter of one theme would
    only repeat its label.  Groups are numbered by size; they are named later
    (labels.name_chapters), from what their papers share.
    """
    from scipy.cluster.hierarchy import fcluster, ward

    count = max(2, round(math.sqrt(len(themes))))
    labels = fcluster(ward(centroids), t=count, criterion="maxclust") - 1
    while True:
        sizes = np.bincount(labels)
        lonely = [g for g in range(len(sizes)) if sizes[g] == 1]
        if not lonely or (sizes > 0).sum() <= 2:
            break
        theme = int(np.flatnonzero(labels == lonely[0])[0])
        others = [g for g in range(len(sizes)) if sizes[g] > 0 and g != lonely[0]]
        labels[theme] = others[
            nearest_chapter([theme], [np.flatnonzero(labels == g).tolist() for g in others], centroids)
        ]
    members = [[t for t, g in zip(themes, labels) if g == group] for group in sorted(set(labels.tolist()))]
    members.sort(key=lambda ms: (-sum(t.size for t in ms), ms[0].id))
    return tuple(
        ThemeGroup(id=i, label="", theme_ids=tuple(sorted(t.id for t in ms))) for i, ms in enumerate(members, 1)
    )


def nearest_chapter(rows: Sequence[int], chapters: Sequence[Sequence[int]], centroids: np.ndarray) -> int:
    """Which of `chapters` (each a list of theme rows) has its mean centre nearest the mean centre of `rows`."""
    centre = centroids[list(rows)].mean(axis=0)
    return int(np.argmax([float(centroids[list(c)].mean(axis=0) @ centre) for c in chapters]))


def similarity(centroids: np.ndarray) -> tuple[tuple[float, ...], ...]:
    """Theme x theme cosine of the centroids, rounded for display."""
    if not len(centroids):
        return ()
    return tuple(tuple(round(float(x), 3) for x in row) for row in centroids @ centroids.T)


def map_2d(vectors: np.ndarray, labels: np.ndarray, centroids: np.ndarray) -> np.ndarray:
    """2-D positions for the map chart: themes placed by their centroids, papers around their theme.

    Centroids go where the first two principal axes of the centroids put them;
    each paper sits near its theme's spot, offset along its theme's own two main
    axes of variation, inside a disc that grows with the theme and never reaches
    the next theme.  Papers in Other are placed by the centroid axes directly.
    """
    if len(centroids) < 2:
        return _principal_plane(vectors, vectors)
    spots = _principal_plane(centroids, centroids)
    spots /= max(np.abs(spots).max(), 1e-12)
    gaps = np.linalg.norm(spots[:, None] - spots[None], axis=-1) + np.eye(len(spots)) * 9
    radius = 0.45 * gaps.min(axis=1)
    out = _principal_plane(vectors - vectors.mean(axis=0), centroids) / max(np.abs(spots).max(), 1e-12)
    for theme in range(len(centroids)):
        rows = np.flatnonzero(labels == theme)
        local = _principal_plane(vectors[rows] - centroids[theme], vectors[rows] - centroids[theme])
        scale = max(np.abs(local).max(), 1e-12) if len(rows) > 1 else 1.0
        out[rows] = spots[theme] + radius[theme] * local / scale
    rounded: np.ndarray = np.round(out, 3)
    return rounded


def _principal_plane(points: np.ndarray, basis_of: np.ndarray) -> np.ndarray:
    """`points` projected on the first two principal axes of `basis_of`, signs fixed (largest loading positive)."""
    centred = basis_of - basis_of.mean(axis=0)
    if len(basis_of) < 2 or not np.any(centred):
        return np.zeros((len(points), 2))
    _, _, axes = np.linalg.svd(centred, full_matrices=False)
    axes = axes[:2]
    axes *= np.sign(axes[np.arange(len(axes)), np.abs(axes).argmax(axis=1)])[:, None]
    projected = (points - basis_of.mean(axis=0)) @ axes.T
    return projected if projected.shape[1] == 2 else np.hstack([projected, np.zeros((len(points), 1))])
