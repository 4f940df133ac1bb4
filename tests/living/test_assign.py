"""Placing papers in existing themes with no refit: nearest centroid by cosine, Other under the threshold."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from reportgen.living.assign import centroids, extend_themes, place_on_map
from reportgen.model import Embeddings, Theme, ThemeGroup, ThemeSet
from reportgen.vectors import OTHER, nearest_centre, unit_rows

AXES = np.eye(4, dtype=np.float32)


def vec(axis: int, noise: float = 0.0) -> np.ndarray:
    v = AXES[axis] + noise * AXES[(axis + 1) % 4]
    return v / np.linalg.norm(v)


def test_nearest_theme_and_threshold() -> None:
    centres = centroids([["a", "b"], ["c"]], {"a": vec(0), "b": vec(0, 0.2), "c": vec(1)})
    choice, score = nearest_centre(unit_rows(np.array([vec(0, 0.1), vec(1, 0.1), vec(2)])), centres, threshold=0.5)
    assert choice.tolist() == [0, 1, OTHER]
    assert score[0] > 0.9 and score[2] < 0.5


@settings(max_examples=50, deadline=None)
@given(st.integers(1, 6), st.integers(0, 20), st.floats(-1, 1), st.integers(0, 2**16))
def test_assignment_is_the_argmax_or_other(n_themes: int, n: int, threshold: float, seed: int) -> None:
    rng = np.random.default_rng(seed)
    centres = rng.normal(size=(n_themes, 8))
    centres /= np.linalg.norm(centres, axis=1, keepdims=True)
    vectors = rng.normal(size=(n, 8))
    choice, score = nearest_centre(unit_rows(vectors), centres, threshold)
    cos = (vectors / np.linalg.norm(vectors, axis=1, keepdims=True)) @ centres.T
    for row, c, s in zip(cos, choice, score):
        assert np.isclose(s, row.max())
        assert c == (int(row.argmax()) if row.max() >= threshold else OTHER)


def test_new_papers_sit_beside_their_nearest_known_papers_on_the_map() -> None:
    placed = place_on_map(
        np.array([vec(0, 0.05)]),
        np.array([vec(0), vec(0, 0.1), vec(1), vec(2)]),
        np.array([[0.0, 0.0], [2.0, 0.0], [9.0, 9.0], [-9.0, 9.0]]),
        k=2,
    )
    assert placed.tolist() == [[1.0, 0.0]]


def themes() -> ThemeSet:
    return ThemeSet(
        themes=(
            Theme(id=3, label="Zero", slug="zero", keywords=("z",), paper_ids=("a", "b"), parent=1),
            Theme(id=7, label="One", slug="one", keywords=("o",), paper_ids=("c", "d"), parent=1),
        ),
        outliers=("e",),
        coords={"a": (0.0, 0.0), "b": (0.1, 0.0), "c": (5.0, 5.0), "d": (5.1, 5.0), "e": (-5.0, 0.0)},
        groups=(ThemeGroup(id=1, label="All", theme_ids=(3, 7)),),
    )


def embeddings(rows: dict[str, np.ndarray]) -> Embeddings:
    return Embeddings(model="m", ids=tuple(rows), vectors=np.array(list(rows.values()), dtype=np.float32))


def test_extension_places_new_papers_and_drops_removed_ones() -> None:
    rows = {
        "a": vec(0),
        "b": vec(0, 0.1),
        "c": vec(1),
        "e": vec(3),
        "n1": vec(1, 0.05),
        "n2": vec(2),
        "n3": vec(0, 0.01),
    }
    out = extend_themes(themes(), embeddings(rows), threshold=0.5)
    assert out.added == ("n1", "n2", "n3") and out.unplaced == ("n2",) and out.removed == ("d",)
    zero, one = out.themes.themes
    assert (zero.id, zero.label, zero.keywords) == (3, "Zero", ("z",)) and set(zero.paper_ids) == {"a", "b", "n3"}
    assert one.paper_ids == ("c", "n1")  # closest to the centroid first; the removed paper is gone
    assert out.themes.outliers == ("e", "n2")
    assert set(out.themes.coords) == set(rows)  # new papers placed (place_on_map is tested above), the removed one gone


def test_same_corpus_gives_the_themes_back_unchanged() -> None:
    rows = {p: vec(i % 4) for i, p in enumerate("abcde")}
    before = themes()
    assert extend_themes(before, embeddings(rows), threshold=0.5).themes is before


def test_a_theme_left_empty_disappears_from_its_group() -> None:
    out = extend_themes(themes(), embeddings({"a": vec(0), "b": vec(0), "e": vec(3)}), threshold=0.5)
    assert [t.id for t in out.themes.themes] == [3] and out.themes.groups[0].theme_ids == (3,)
