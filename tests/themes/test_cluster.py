"""The theme partition on synthetic vectors shaped like the failures seen on real corpora."""

from __future__ import annotations

import numpy as np
from sklearn.metrics import adjusted_rand_score

from reportgen.themes.cluster import MAX_SHARE, ChapterClusterer, theme_bounds
from reportgen.vectors import nearest_centre


def _unit(x: np.ndarray) -> np.ndarray:
    return x / np.linalg.norm(x, axis=1, keepdims=True)


def mega_topic_corpus(seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """One dense topic holding 80% of 1,000 papers (itself made of close sub-topics) plus 8 small, far satellites."""
    rng = np.random.default_rng(seed)
    dim = 64
    centre = _unit(rng.normal(size=(1, dim)))
    sub = _unit(centre + 0.35 * _unit(rng.normal(size=(6, dim))))
    mega = np.concatenate([_unit(s + 0.12 * rng.normal(size=(800 // 6 + 1, dim)) / np.sqrt(dim)) for s in sub])[:800]
    sats = _unit(rng.normal(size=(8, dim)))
    satellites = np.concatenate([_unit(s + 0.15 * rng.normal(size=(25, dim)) / np.sqrt(dim)) for s in sats])
    truth = np.concatenate([np.zeros(800, dtype=int), np.repeat(np.arange(1, 9), 25)])
    return np.concatenate([mega, satellites]), truth


def test_a_dense_mega_topic_is_split_not_a_grab_bag() -> None:
    vectors, truth = mega_topic_corpus()
    labels = ChapterClusterer(theme_bounds(len(vectors))).fit(vectors).labels_
    sizes = np.bincount(labels[labels >= 0])
    assert sizes.max() <= MAX_SHARE * len(vectors), sizes
    assert (labels == -1).mean() <= 0.10
    for satellite in range(1, 9):  # no satellite shares a theme with the big topic or another satellite
        for theme in set(labels[truth == satellite].tolist()):
            assert set(truth[labels == theme].tolist()) == {satellite}


def test_the_partition_is_the_same_every_time_and_ignores_tiny_noise() -> None:
    vectors, _ = mega_topic_corpus(1)
    bounds = theme_bounds(len(vectors))
    first = ChapterClusterer(bounds).fit(vectors).labels_
    assert np.array_equal(first, ChapterClusterer(bounds).fit(vectors).labels_)
    noisy = vectors + np.random.default_rng(3).normal(scale=1e-6, size=vectors.shape)
    assert (ChapterClusterer(bounds).fit(noisy).labels_ != first).mean() <= 0.01


def test_large_corpora_are_fitted_on_a_sample_that_no_seed_changes(monkeypatch) -> None:
    import reportgen.themes.cluster as cluster

    monkeypatch.setattr(cluster, "FIT_SAMPLE", 400)
    vectors, truth = mega_topic_corpus(2)
    bounds = theme_bounds(len(vectors))
    a = ChapterClusterer(bounds).fit(vectors)
    b = ChapterClusterer(bounds).fit(vectors)
    assert a.fitted_on_ == 400 and (a.labels_ >= 0).all()
    assert adjusted_rand_score(a.labels_, b.labels_) == 1.0
    assert a.sample_agreement(vectors) >= 0.5  # another sample of the same size finds much the same themes


def test_tiny_inputs_give_one_theme() -> None:
    for n in (1, 2, 3, 5):
        vectors = _unit(np.random.default_rng(n).normal(size=(n, 8)))
        labels = ChapterClusterer(theme_bounds(n)).fit(vectors).labels_
        assert len(labels) == n and set(labels.tolist()) <= {0, -1}


def test_nearest_theme_respects_the_threshold() -> None:
    centroids = np.eye(2)
    points = _unit(np.array([[1.0, 0.1], [0.1, 1.0], [-1.0, -1.0]]))
    assert nearest_centre(points, centroids, 0.5)[0].tolist() == [0, 1, -1]


def blobs(count: int, per: int, seed: int, dim: int = 64) -> np.ndarray:
    """`count` well-apart topics of `per` papers each, as unit vectors."""
    rng = np.random.default_rng(seed)
    centres = _unit(rng.normal(size=(count, dim)))
    return np.concatenate([_unit(c + 0.25 * rng.normal(size=(per, dim)) / np.sqrt(dim)) for c in centres])


def test_a_refit_from_the_last_themes_keeps_them_and_gives_a_new_topic_its_own_theme() -> None:
    """A living survey's refit (warm_partition): old papers keep their themes; new papers that fit none form new ones."""
    old, grown = blobs(12, 30, seed=3), blobs(1, 25, seed=99)  # a topic the first fit never saw
    first = ChapterClusterer(theme_bounds(len(old))).fit(old)
    vectors = np.concatenate([old, grown])
    start = np.concatenate([first.labels_, np.full(len(grown), -1)])
    refit = ChapterClusterer(theme_bounds(len(vectors)), outlier_threshold=0.5, start=start).fit(vectors)
    assert adjusted_rand_score(first.labels_, refit.labels_[: len(old)]) == 1.0
    new_topic = set(refit.labels_[len(old) :].tolist())
    assert len(new_topic) == 1 and new_topic.isdisjoint(refit.labels_[: len(old)].tolist())
    assert refit.fitted_on_ == len(vectors)


def test_a_refit_splits_a_theme_that_grew_past_the_share_bound() -> None:
    """New papers piling into one old theme: the refit splits it rather than keep a grab-bag."""
    old = blobs(10, 30, seed=5)
    first = ChapterClusterer(theme_bounds(len(old))).fit(old)
    rng = np.random.default_rng(7)
    near = _unit(
        old[:1] + 0.3 * rng.normal(size=(200, old.shape[1])) / np.sqrt(old.shape[1])
    )  # close to theme of row 0
    vectors = np.concatenate([old, near])
    start = np.concatenate([first.labels_, np.full(len(near), -1)])
    refit = ChapterClusterer(theme_bounds(len(vectors)), outlier_threshold=0.5, start=start).fit(vectors)
    assert np.bincount(refit.labels_[refit.labels_ >= 0]).max() <= MAX_SHARE * len(vectors)


def test_a_consensus_of_sampled_fits_finds_clear_themes() -> None:
    from reportgen.themes.cluster import Bounds, consensus_partition

    rng = np.random.default_rng(3)
    centres = np.eye(10)[:8]  # eight themes of 12.5% each: none over MAX_SHARE
    vectors = np.repeat(centres, 20, axis=0) + 0.05 * rng.normal(size=(160, 10))
    keys = [f"paper {i}".encode() for i in range(160)]
    labels = consensus_partition(vectors / np.linalg.norm(vectors, axis=1, keepdims=True), Bounds(6, 10, 5), keys)
    assert len(set(labels.tolist())) == 8
    assert all(len(set(labels[i * 20 : (i + 1) * 20].tolist())) == 1 for i in range(8))
