"""The theme cache: a fitted ThemeSet stored as JSON under a key made of everything that determines it.

A cache is only a cache: an entry that cannot be read (truncated, garbage, an
older shape) is dropped with a warning and the themes are fitted again.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict
from pathlib import Path
from typing import Callable

import numpy as np

from reportgen import codec
from reportgen.config import ThemeSettings
from reportgen.model import Corpus, Embeddings, ThemeSet

PACKAGE = Path(__file__).resolve().parent
VOCABULARIES = PACKAGE.parent / "vocab"  # the keyword stop lists are data files


def cache_key(corpus: Corpus, embeddings: Embeddings, settings: ThemeSettings) -> str:
    digest = hashlib.sha256()
    digest.update(json.dumps(asdict(settings), sort_keys=True).encode())
    digest.update(embeddings.model.encode())
    for paper in corpus.papers:
        digest.update(f"{paper.id}\n{paper.title}\n{paper.abstract}\n{paper.categories}\n".encode())
    digest.update(np.ascontiguousarray(embeddings.vectors).tobytes())
    digest.update(_versions().encode())
    return digest.hexdigest()


def _versions() -> str:
    """The theme code, its word lists and the libraries it uses: a change to any invalidates the cache."""
    from importlib import metadata

    sources = sorted(PACKAGE.glob("*.py")) + sorted(VOCABULARIES.glob("*.toml"))
    own = hashlib.sha256(b"".join(p.read_bytes() for p in sources)).hexdigest()[:12]
    return own + "," + ",".join(f"{p}={metadata.version(p)}" for p in ("bertopic", "scipy", "scikit-learn"))


def load(path: Path, warn: Callable[[str], None]) -> ThemeSet | None:
    if not path.is_file():
        return None
    try:
        return codec.from_data(ThemeSet, codec.parse_json(path.read_text(encoding="utf-8")))
    except (OSError, ValueError, TypeError) as exc:
        warn(f"theme cache entry {path.name} is unreadable ({type(exc).__name__}); fitting the themes again")
        return None
