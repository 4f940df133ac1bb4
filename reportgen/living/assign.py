"""Assigning papers to themes that already exist, with no refit: nearest centroid by cosine.

Pure numpy.  The living survey uses it to place a week's new papers in last
week's themes (a refit of the whole corpus is the expensive part of a
rebuild), and a theme fit at scale can use it to place the papers outside the
sample it fitted on.  A paper whose best cosine similarity is under the
threshold goes to Other (-1), as the fit's own outlier rule does.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Mapping, Sequence

import numpy as np

from reportgen.model import Embeddings, Theme, ThemeGroup, ThemeSet
from reportgen.vectors import OTHER, nearest_centre, unit_rows


def centroids(members: Sequence[Sequence[str]], vectors: Mapping[str, np.ndarray]) -> np.ndarray:
    """One unit vector per theme: the normalised mean of its members' vectors (members without a vector are skipped)."""
    rows = []
    for ids in members:
        found = [vectors[pid] for pid in ids if pid in vectors]
        rows.append(
            np.mean(found, axis=0, dtype=np.float64) if found else np.zeros(len(next(iter(vectors.values()))))
        )  # an empty theme matches nothing
    return unit_rows(np.array(rows)) if rows else np.zeros((0, 0))


def place_on_map(vectors: np.ndarray, known: np.ndarray, coords: np.ndarray, k: int = 5) -> np.ndarray:
    """2-D map positions for new papers with no refit of the map: the mean position of their k nearest known papers."""
    if len(vectors) == 0 or len(known) == 0:
        return np.zeros((len(vectors), 2))
    similarity = unit_rows(vectors) @ unit_rows(known).T
    k = min(k, len(known))
    nearest = np.argsort(-similarity, axis=1, kind="stable")[:, :k]
    placed: np.ndarray = coords[nearest].mean(axis=1)
    return placed


@dataclass(frozen=True)
class Extension:
    """Last run's themes carried over to this corpus: what was added, placed, left in Other, removed."""

    themes: ThemeSet
    added: tuple[str, ...]  # papers new since the themes were made, in corpus order
    unplaced: tuple[str, ...]  # of those, the ones under the threshold for every theme (now in Other)
    removed: tuple[str, ...]


def extend_themes(themes: ThemeSet, embeddings: Embeddings, threshold: float) -> Extension:
    """`themes` (from an earlier run) over the corpus of `embeddings`, with no refit.

    Papers gone from the corpus leave their themes; new papers join the theme
    with the nearest centroid (cosine, over the current members' vectors) or
    Other when under `threshold`; a theme that gains papers lists its members
    by closeness to its centroid; new papers are placed on the 2-D map next to
    their nearest known papers.  Keywords, labels and ids are kept.  With no
    paper added or removed, `themes` comes back unchanged.
    """
    by_id = dict(zip(embeddings.ids, embeddings.vectors))
    known = {pid for t in themes.themes for pid in t.paper_ids} | set(themes.outliers)
    added = tuple(pid for pid in embeddings.ids if pid not in known)
    removed = tuple(sorted(known - set(by_id)))
    if not added and not removed:
        return Extension(themes, (), (), ())
    kept = [dataclasses.replace(t, paper_ids=tuple(p for p in t.paper_ids if p in by_id)) for t in themes.themes]
    kept = [t for t in kept if t.paper_ids]
    centres = centroids([t.paper_ids for t in kept], by_id)
    dim = embeddings.vectors.shape[1]
    choice, _ = nearest_centre(unit_rows(_rows(added, by_id, dim)), centres, threshold)
    joined: dict[int, list[str]] = {}
    for pid, index in zip(added, choice):
        joined.setdefault(int(index), []).append(pid)
    grown = [_with_members(t, joined.get(i, []), centres[i], by_id) for i, t in enumerate(kept)]
    return Extension(
        themes=dataclasses.replace(
            themes,
            themes=tuple(grown),
            outliers=tuple(p for p in themes.outliers if p in by_id) + tuple(joined.get(OTHER, [])),
            coords=_coords(themes.coords, added, by_id, dim),
            groups=_groups(themes.groups, {t.id for t in grown}),
        ),
        added=added,
        unplaced=tuple(joined.get(OTHER, [])),
        removed=removed,
    )


def _with_members(theme: Theme, new: list[str], centre: np.ndarray, by_id: Mapping[str, np.ndarray]) -> Theme:
    if not new:
        return theme
    members = list(theme.paper_ids) + new
    score = unit_rows(np.array([by_id[p] for p in members])) @ centre
    order = sorted(range(len(members)), key=lambda i: (-round(float(score[i]), 6), members[i]))
    return dataclasses.replace(theme, paper_ids=tuple(members[i] for i in order))


def _rows(ids: Sequence[str], by_id: Mapping[str, np.ndarray], dim: int) -> np.ndarray:
    return np.array([by_id[p] for p in ids], dtype=np.float64).reshape(len(ids), dim)


def _coords(
    coords: Mapping[str, tuple[float, float]], added: tuple[str, ...], by_id: Mapping[str, np.ndarray], dim: int
) -> dict[str, tuple[float, float]]:
    kept = {p: xy for p, xy in coords.items() if p in by_id}
    if not added:
        return kept
    known = sorted(kept)
    placed = place_on_map(
        _rows(added, by_id, dim),
        _rows(known, by_id, dim),
        np.array([kept[p] for p in known], dtype=np.float64).reshape(len(known), 2),
    )
    return {**kept, **{p: (round(float(x), 6), round(float(y), 6)) for p, (x, y) in zip(added, placed)}}


def _groups(groups: tuple[ThemeGroup, ...], alive: set[int]) -> tuple[ThemeGroup, ...]:
    trimmed = (dataclasses.replace(g, theme_ids=tuple(t for t in g.theme_ids if t in alive)) for g in groups)
    return tuple(g for g in trimmed if g.theme_ids)
