"""The embedding cache: vectors in SQLite, keyed by model and text, shared between runs and corpora."""

from __future__ import annotations

import hashlib
import sqlite3
from contextlib import closing
from pathlib import Path
from typing import Callable, Sequence

import numpy as np


class EmbeddingCache:
    """Vectors in SQLite, keyed by sha256(model id + text): safe to share between runs and corpora.

    Only a cache: a file that is not a readable database (truncated, garbage)
    is discarded with a warning and rebuilt, a vector of the wrong size is
    recomputed, and a cache that cannot be written (read-only, disk full)
    costs speed, never the build.
    """

    def __init__(self, path: Path | None, *, warn: Callable[[str], None] = lambda _: None) -> None:
        self.path = path
        self.warn = warn
        if path is not None:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                self._create()
            except sqlite3.OperationalError as exc:  # locked by another build, read-only: not broken, just unusable now
                self.warn(f"embedding cache {path} cannot be used ({exc}); embedding without it")
                self.path = None
            except sqlite3.DatabaseError as exc:
                self._discard(exc)
            except OSError as exc:
                self.warn(f"embedding cache {path} cannot be used ({exc}); embedding without it")
                self.path = None

    def _create(self) -> None:
        assert self.path is not None  # only called while the cache is in use
        with closing(sqlite3.connect(self.path)) as db, db:
            db.execute("CREATE TABLE IF NOT EXISTS vectors (key TEXT PRIMARY KEY, vector BLOB NOT NULL)")
            db.execute("SELECT count(*) FROM vectors").fetchone()

    def _discard(self, exc: Exception) -> None:
        """Delete a broken cache file and start an empty one."""
        assert self.path is not None
        self.warn(f"embedding cache {self.path} is broken ({exc}); discarded it, the vectors will be recomputed")
        try:
            for suffix in ("", "-journal", "-wal", "-shm"):
                Path(f"{self.path}{suffix}").unlink(missing_ok=True)
            self._create()
        except (OSError, sqlite3.Error) as again:
            self.warn(f"embedding cache {self.path} cannot be rebuilt ({again}); embedding without it")
            self.path = None

    @staticmethod
    def key(model: str, text: str) -> str:
        return hashlib.sha256(f"{model}\n{text}".encode()).hexdigest()

    def get(self, keys: Sequence[str]) -> dict[str, np.ndarray]:
        if self.path is None or not keys:
            return {}
        try:
            return _usable(self._select(keys))
        except sqlite3.OperationalError as exc:
            self.warn(f"embedding cache {self.path} cannot be read now ({exc}); computing the vectors")
            return {}
        except sqlite3.DatabaseError as exc:
            self._discard(exc)
            return {}

    def _select(self, keys: Sequence[str]) -> dict[str, np.ndarray]:
        found: dict[str, np.ndarray] = {}
        assert self.path is not None  # only called while the cache is in use
        with closing(sqlite3.connect(self.path)) as db:
            for start in range(0, len(keys), 900):
                chunk = list(keys[start : start + 900])
                marks = ",".join("?" * len(chunk))
                for key, blob in db.execute(f"SELECT key, vector FROM vectors WHERE key IN ({marks})", chunk):
                    if isinstance(blob, bytes) and blob and len(blob) % 4 == 0:
                        found[key] = np.frombuffer(blob, dtype=np.float32)
        return found

    def put(self, items: dict[str, np.ndarray]) -> None:
        if self.path is None or not items:
            return
        rows = [(k, v.astype(np.float32).tobytes()) for k, v in items.items()]
        try:
            with closing(sqlite3.connect(self.path)) as db, db:
                db.executemany("INSERT OR REPLACE INTO vectors VALUES (?, ?)", rows)
        except sqlite3.Error as exc:
            self.warn(f"could not save embeddings to the cache {self.path} ({exc}); they will be recomputed next time")


def _usable(found: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Vectors of the common size with finite values; anything else (a damaged row) is recomputed."""
    if not found:
        return found
    sizes: dict[int, int] = {}
    for vector in found.values():
        sizes[vector.size] = sizes.get(vector.size, 0) + 1
    size = max(sizes, key=lambda n: (sizes[n], n))
    return {k: v for k, v in found.items() if v.size == size and np.isfinite(v).all()}
