"""Embedding past one machine: blocks of abstracts mapped over a Dask distributed cluster.

The only module that imports dask.  The client sends each block (the same
blocks the local path encodes, see embed.blocks_of) to a worker, which loads
the model once per worker process and returns the block's vectors.  Blocks
come back in completion order and embed_corpus commits each to the cache as it
arrives, so a build killed mid-run resumes on the cluster, or locally, where it
stopped.  Workers need reportgen and the model installed: the same
environment as the client (docs/scale.md).
"""

from __future__ import annotations

import functools
from typing import Any, Iterator

import numpy as np

from reportgen.config import EmbeddingSettings
from reportgen.embed.model import Encoder, encode_texts, load_model
from reportgen.errors import ModelError


@functools.lru_cache(maxsize=2)
def _worker_model(settings: EmbeddingSettings) -> Any:
    """One model per worker process, kept between blocks (loading it costs seconds)."""
    return load_model(settings)


def encode_block(texts: list[str], settings: EmbeddingSettings) -> np.ndarray:
    """Runs on a worker: the same encoding as the local path, on one block."""
    return encode_texts(_worker_model(settings), texts, settings)


def connect(address: str) -> Any:
    """A client of the scheduler at `address`; a one-line error naming the config key when it cannot."""
    try:
        from distributed import Client
    except ImportError:
        raise ModelError(
            "embedding.scheduler is set but Dask distributed is not installed",
            hint='pip install "reportgen[distributed]"',
        ) from None
    try:
        return Client(address, timeout="20s")
    except (OSError, TimeoutError) as exc:
        raise ModelError(
            f"embedding.scheduler: cannot reach the Dask scheduler at {address} ({exc})",
            hint="check the address (tcp://host:8786) and that the scheduler is running",
        ) from None


def dask_encoder(address: str, settings: EmbeddingSettings) -> Encoder:
    """An embed.Encoder that maps blocks over the cluster at `address` and yields them as they finish."""

    def encode(blocks: list[list[str]]) -> Iterator[tuple[int, np.ndarray]]:
        if not blocks:
            return
        from distributed import as_completed

        with connect(address) as client:
            futures = client.map(encode_block, blocks, settings=settings, pure=False)
            index = {future.key: i for i, future in enumerate(futures)}
            try:
                for future in as_completed(futures):
                    yield index[future.key], np.asarray(future.result(), dtype=np.float32)
            except Exception as exc:
                if isinstance(exc, ModelError):
                    raise
                raise ModelError(
                    f"embedding on the cluster at {address} failed: {exc}",
                    hint="blocks already done are cached; rerun to resume, or unset embedding.scheduler to embed locally",
                ) from exc
            finally:
                client.cancel(futures)

    return encode
