"""Embeddings: a unit vector per paper from the local MiniLM model, through an on-disk cache.

model.py loads the model and encodes texts (the only module that imports torch
and sentence-transformers); cache.py keeps vectors in SQLite; dask_cluster.py
runs the same encoding on a Dask cluster.  A rebuild of an unchanged corpus
never loads the model.
"""

from __future__ import annotations

import functools
from typing import Any, Callable, Iterator, Sequence

import numpy as np

from reportgen.config import EmbeddingSettings
from reportgen.embed.cache import EmbeddingCache
from reportgen.embed.model import Encoder, Progress, encode_texts, load_model, model_id, model_name, precision
from reportgen.model import Corpus, Embeddings

__all__ = [
    "EmbeddingCache",
    "Encoder",
    "blocks_of",
    "embed_corpus",
    "encode_texts",
    "load_model",
    "local_encoder",
    "model_id",
    "model_name",
    "precision",
]


def blocks_of(items: Sequence[Any], size: int) -> list[list[Any]]:
    """Consecutive slices of at most `size` items: the unit of work, of progress and of committing."""
    size = max(1, size)
    return [list(items[start : start + size]) for start in range(0, len(items), size)]


def local_encoder(model: Callable[[], Any], settings: EmbeddingSettings) -> Encoder:
    """Encode blocks one after the other in this process (the model is loaded at the first block)."""

    def encode(blocks: list[list[str]]) -> Iterator[tuple[int, np.ndarray]]:
        for index, block in enumerate(blocks):
            yield index, encode_texts(model(), block, settings)

    return encode


def embed_corpus(
    corpus: Corpus,
    settings: EmbeddingSettings,
    cache: EmbeddingCache,
    progress: Progress | None = None,
    *,
    loader: Callable[[], Any] | None = None,
    encoder: Encoder | None = None,
) -> Embeddings:
    """Vectors for every paper; only papers missing from the cache are encoded.

    The missing texts are encoded in blocks of `settings.block_size`, and each
    block's vectors are committed to the cache as soon as it is done: a build
    killed during a long embedding run resumes at the first block it had not
    finished.  `encoder` decides where the blocks run (this process by
    default, or a cluster: reportgen.embed.dask_cluster); `progress` gets (papers done,
    papers to embed).
    """
    mid = model_id(settings)
    texts = [p.text for p in corpus.papers]
    keys = [EmbeddingCache.key(mid, t) for t in texts]
    found = cache.get(keys)
    # Shortest first: texts of one token length then share blocks, so they share batches (see
    # encode_texts); the cache key breaks ties, so the order is the same on every run.
    missing = sorted({k: t for k, t in zip(keys, texts) if k not in found}.items(), key=lambda kt: (len(kt[1]), kt[0]))
    if missing:
        blocks = blocks_of(missing, settings.block_size)
        run = encoder or local_encoder(loader or functools.cache(lambda: load_model(settings)), settings)
        done = 0
        if progress:
            progress(0, len(missing))
        for index, vectors in run([[t for _, t in block] for block in blocks]):
            computed = {k: v for (k, _), v in zip(blocks[index], vectors)}
            cache.put(computed)
            found.update(computed)
            done += len(computed)
            if progress:
                progress(done, len(missing))
    vectors = np.stack([found[k] for k in keys]).astype(np.float32)
    return Embeddings(model=mid, ids=tuple(p.id for p in corpus.papers), vectors=vectors, computed=len(missing))
