"""Embedding in blocks: each block is committed to the cache as it is made, so a killed run resumes."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from reportgen.config import EmbeddingSettings
from reportgen.embed import EmbeddingCache, blocks_of, embed_corpus, load_model, model_id
from reportgen.model import Corpus, Paper


class CountingModel:
    """A fast stand-in for MiniLM (beside the real one in test_embed_resume.py): counts what it encodes."""

    max_seq_length = 256

    def __init__(self, fail_after: int | None = None) -> None:
        self.encoded: list[str] = []
        self.fail_after = fail_after

    def get_sentence_embedding_dimension(self) -> int:
        return 8

    def encode(self, texts: list[str], **_: object) -> np.ndarray:
        if self.fail_after is not None and len(self.encoded) >= self.fail_after:
            raise KeyboardInterrupt  # the user's Ctrl-C, mid-run
        self.encoded.extend(texts)
        rows = np.array([[len(t), sum(map(ord, t)) % 97, 1, 2, 3, 4, 5, 6] for t in texts], dtype=np.float32)
        return rows / np.linalg.norm(rows, axis=1, keepdims=True)


def corpus(n: int) -> Corpus:
    return Corpus(
        papers=tuple(
            Paper(id=f"p{i}", title=f"Title {i}", abstract=f"Abstract number {i} " * (i % 5 + 1)) for i in range(n)
        )
    )


def test_blocks_cover_every_item_in_order() -> None:
    assert blocks_of(list(range(7)), 3) == [[0, 1, 2], [3, 4, 5], [6]]
    assert blocks_of([], 3) == []
    assert blocks_of([1, 2], 0) == [[1], [2]]


def test_interrupted_run_keeps_finished_blocks_and_resumes(tmp_path: Path) -> None:
    settings = EmbeddingSettings(block_size=4)
    cache = EmbeddingCache(tmp_path / "e.sqlite")
    first = CountingModel(fail_after=8)
    with pytest.raises(KeyboardInterrupt):
        embed_corpus(corpus(10), settings, cache, loader=lambda: first)
    assert len(first.encoded) == 8
    second = CountingModel()
    resumed = embed_corpus(corpus(10), settings, cache, loader=lambda: second)
    assert len(second.encoded) == 2 and resumed.computed == 2
    fresh = embed_corpus(corpus(10), settings, EmbeddingCache(None), loader=CountingModel)
    np.testing.assert_array_equal(resumed.vectors, fresh.vectors)


def test_progress_counts_papers_per_block(tmp_path: Path) -> None:
    seen: list[tuple[int, int]] = []
    embed_corpus(
        corpus(10),
        EmbeddingSettings(block_size=4),
        EmbeddingCache(None),
        lambda done, total: seen.append((done, total)),
        loader=CountingModel,
    )
    assert seen == [(0, 10), (4, 10), (8, 10), (10, 10)]


def test_exact_false_runs_the_real_model_in_float32_under_its_own_cache_key(tmp_path: Path) -> None:
    """`embedding.exact = false` trades bit-portability for ~1.8x speed: same vectors to float noise, other key."""
    exact, fast = EmbeddingSettings(), EmbeddingSettings(exact=False)
    assert model_id(exact) != model_id(fast)
    assert (load_model(exact).dtype, load_model(fast).dtype) == (torch_dtype("float64"), torch_dtype("float32"))
    papers = corpus(4)
    runs = [embed_corpus(papers, s, EmbeddingCache(tmp_path / "cache.sqlite")) for s in (exact, fast)]
    assert [run.computed for run in runs] == [4, 4]  # one cache file, two keys: nothing borrowed
    vectors = [run.vectors for run in runs]
    assert vectors[0].dtype == vectors[1].dtype == np.float32
    assert float(np.abs(vectors[0] - vectors[1]).max()) < 1e-5


def torch_dtype(name: str) -> object:
    import torch

    return getattr(torch, name)
