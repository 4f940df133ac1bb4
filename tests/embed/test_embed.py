"""Embedding in blocks: each block is committed to the cache as it is made, so a killed run resumes."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from reportgen.config import EmbeddingSettings
from reportgen.embed import EmbeddingCache, blocks_of, embed_corpus, encode_texts, load_model, model_id, precision
from reportgen.embed import model as embed_model
from reportgen.embed.model import same_length_batches
from reportgen.model import Corpus, Paper
from tests.conftest import unpinned_environment


class CountingModel:
    """A fast stand-in for MiniLM (beside the real one in test_embed_resume.py): counts what it encodes."""

    max_seq_length = 256

    def __init__(self, fail_after: int | None = None) -> None:
        self.encoded: list[str] = []
        self.fail_after = fail_after

    def get_sentence_embedding_dimension(self) -> int:
        return 8

    def tokenizer(self, texts: list[str], **_: object) -> dict[str, list[list[str]]]:
        return {"input_ids": [t.split() for t in texts]}

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


def test_same_length_batches_hold_one_length_each_and_cover_every_text() -> None:
    lengths = [5, 3, 5, 9, 3, 5, 5]
    batches = same_length_batches(lengths, 3)
    assert batches == [[1, 4], [0, 2, 5], [6], [3]]
    assert sorted(i for b in batches for i in b) == list(range(len(lengths)))


@given(st.lists(st.integers(1, 12), max_size=60), st.integers(1, 8))
def test_same_length_batches_never_mix_lengths(lengths: list[int], size: int) -> None:
    batches = same_length_batches(lengths, size)
    assert sorted(i for b in batches for i in b) == list(range(len(lengths)))
    assert all(0 < len(b) <= size and len({lengths[i] for i in b}) == 1 for b in batches)


EXACT_PROBE = [
    "We propose a sparse attention kernel that halves the memory of long-context inference.",
    "Mortality at 30 days was 12% in the treated group (95% CI 9-15%).",
    "A short one.",
    "A short two.",
]


def test_exact_vectors_depend_on_the_text_alone() -> None:
    """The real model, pinned kernels: any batch size, any order, any thread count gives the same bits."""
    import torch

    settings = EmbeddingSettings()
    assert precision(settings) in ("f32-avx2", "f64->f32")
    model = load_model(settings)
    reference = encode_texts(model, EXACT_PROBE, settings)
    assert np.array_equal(encode_texts(model, EXACT_PROBE[::-1], EmbeddingSettings(batch_size=1))[::-1], reference)
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        assert np.array_equal(encode_texts(model, EXACT_PROBE[2:], settings), reference[2:])
    finally:
        torch.set_num_threads(threads)


def _has_amx() -> bool:
    try:
        return " amx_tile " in Path("/proc/cpuinfo").read_text(encoding="utf-8").replace("\n", " ")
    except OSError:
        return False


@pytest.mark.xfail(
    _has_amx(),
    reason="known gap: on an AMX Xeon (Sapphire Rapids class) the pinned AVX2 kernels still give other last bits "
    "(found 2026-12-07: one paper-map coordinate of the example moves in its third decimal; survey.md is unchanged)",
    strict=False,
)
def test_exact_vectors_are_the_same_bits_as_on_the_machine_that_wrote_this_test() -> None:
    """A canary for other CPUs: CI runs this on whatever host it gets; the digest was written on an AVX-512 Xeon."""
    settings = EmbeddingSettings()
    if precision(settings) != "f32-avx2":
        pytest.skip("this CPU is not x86-64 with AVX2: vectors come from float64, other bits")
    vectors = encode_texts(load_model(settings), EXACT_PROBE, settings)
    assert hashlib.sha256(vectors.tobytes()).hexdigest() == CANARY


CANARY = "c088b4798786822f2f496c43d52e60890da12ad59f4e77d1763aee09459ff7b0"


def test_exact_false_runs_the_real_model_in_float32_under_its_own_cache_key(tmp_path: Path) -> None:
    """`embedding.exact = false`: float32 as the library picks its kernels; the same vectors to float noise, other key."""
    exact, fast = EmbeddingSettings(), EmbeddingSettings(exact=False)
    assert model_id(exact) != model_id(fast)
    papers = corpus(4)
    runs = [embed_corpus(papers, s, EmbeddingCache(tmp_path / "cache.sqlite")) for s in (exact, fast)]
    assert [run.computed for run in runs] == [4, 4]  # one cache file, two keys: nothing borrowed
    vectors = [run.vectors for run in runs]
    assert vectors[0].dtype == vectors[1].dtype == np.float32
    assert float(np.abs(vectors[0] - vectors[1]).max()) < 1e-5


def test_without_avx2_the_model_runs_in_float64(monkeypatch: pytest.MonkeyPatch) -> None:
    """ARM, or an x86 CPU without AVX2: float64 rounded once to float32, under its own cache key."""
    monkeypatch.setattr(embed_model, "_has_avx2", lambda: False)
    settings = EmbeddingSettings()
    assert precision(settings) == "f64->f32" and model_id(settings).endswith("|f64->f32")
    assert load_model(settings).dtype == torch_dtype("float64")


def torch_dtype(name: str) -> object:
    import torch

    return getattr(torch, name)


def test_a_process_that_ran_torch_first_is_told_how_to_pin_its_kernels() -> None:
    """Pins only hold before torch's first operation; later, exact vectors cannot be promised, and the error says so."""
    if precision(EmbeddingSettings()) != "f32-avx2":
        pytest.skip("no pins on this CPU")
    if " avx512f" not in Path("/proc/cpuinfo").read_text(errors="replace"):
        pytest.skip("AVX2 is this CPU's best: torch running first picks the pinned kernels anyway (no error due)")
    script = (
        "import torch; torch.ones(3).sum()\n"
        "from reportgen.config import EmbeddingSettings\n"
        "from reportgen.embed import load_model\n"
        "from reportgen.errors import ModelError\n"
        "try:\n    load_model(EmbeddingSettings())\nexcept ModelError as e:\n    print(e, e.hint)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], env=unpinned_environment(), capture_output=True, text=True, timeout=300
    )
    assert "chose its CPU kernels before reportgen could pin them" in result.stdout
    assert "ATEN_CPU_CAPABILITY=avx2" in result.stdout and "embedding.exact = false" in result.stdout
