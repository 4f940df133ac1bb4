"""The embedding cache is only a cache: a broken file is discarded with a warning and rebuilt, never fatal."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import numpy as np
import pytest

from reportgen.embed import EmbeddingCache


def filled(path: Path) -> EmbeddingCache:
    cache = EmbeddingCache(path)
    cache.put({"a": np.ones(4, dtype=np.float32), "b": np.zeros(4, dtype=np.float32)})
    return cache


@pytest.mark.parametrize(
    ("damage", "warned"),
    [
        (lambda p: p.write_bytes(p.read_bytes()[: len(p.read_bytes()) // 2]), True),  # truncated: "malformed"
        (lambda p: p.write_bytes(b"\x00garbage" * 100), True),  # "not a database"
        (lambda p: p.write_bytes(b"SQLite format 3\x00" + b"\xff" * 4000), True),  # a header and nothing sane
        (lambda p: p.write_bytes(b""), False),  # SQLite reads an empty file as a new database
    ],
    ids=["truncated", "garbage", "bad-pages", "empty"],
)
def test_a_broken_cache_file_is_discarded_and_rebuilt(tmp_path: Path, damage, warned: bool) -> None:
    path = tmp_path / "embeddings.sqlite"
    filled(path)
    damage(path)
    warnings: list[str] = []
    cache = EmbeddingCache(path, warn=warnings.append)
    assert cache.get(["a", "b"]) == {}
    assert bool(warnings) == warned
    assert all("discarded it, the vectors will be recomputed" in w for w in warnings)
    cache.put({"c": np.full(4, 0.5, dtype=np.float32)})
    assert EmbeddingCache(path).get(["c"])["c"].tolist() == [0.5] * 4


def test_damage_found_while_reading_is_discarded_too(tmp_path: Path) -> None:
    path = tmp_path / "embeddings.sqlite"
    cache = filled(path)
    path.write_bytes(b"\x00garbage" * 100)  # broken after the cache was opened
    warnings: list[str] = []
    cache.warn = warnings.append
    assert cache.get(["a"]) == {}
    assert warnings and "discarded" in warnings[0]
    assert EmbeddingCache(path).get(["a"]) == {}  # a fresh, empty, working cache


def test_rows_of_the_wrong_size_or_not_finite_are_recomputed(tmp_path: Path) -> None:
    path = tmp_path / "embeddings.sqlite"
    filled(path)
    with sqlite3.connect(path) as db:
        db.execute("INSERT INTO vectors VALUES ('short', ?)", (np.ones(2, dtype=np.float32).tobytes(),))
        db.execute("INSERT INTO vectors VALUES ('odd', ?)", (b"abc",))
        db.execute("INSERT INTO vectors VALUES ('nan', ?)", (np.full(4, np.nan, dtype=np.float32).tobytes(),))
    assert set(EmbeddingCache(path).get(["a", "b", "short", "odd", "nan"])) == {"a", "b"}


def test_an_unwritable_cache_costs_only_speed(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    warnings: list[str] = []
    cache = EmbeddingCache(blocker / "embeddings.sqlite", warn=warnings.append)
    assert cache.get(["a"]) == {}
    cache.put({"a": np.ones(4, dtype=np.float32)})
    assert warnings and "cannot be used" in warnings[0]


def test_a_locked_cache_is_not_mistaken_for_a_broken_one(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Another build holding a write lock must not make this one delete the shared cache."""
    path = tmp_path / "embeddings.sqlite"
    cache = filled(path)
    blocker = sqlite3.connect(path, timeout=0)
    blocker.execute("BEGIN EXCLUSIVE")
    connect = sqlite3.connect
    monkeypatch.setattr(sqlite3, "connect", lambda *a, **k: connect(*a, **{**k, "timeout": 0.1}))
    warnings: list[str] = []
    cache.warn = warnings.append
    try:
        assert cache.get(["a"]) == {}
    finally:
        blocker.rollback()
        blocker.close()
    assert warnings and "cannot be read now" in warnings[0]
    assert set(EmbeddingCache(path).get(["a", "b"])) == {"a", "b"}  # still there
