"""CPU embedding speed-ups, each judged by theme quality: is any fast enough and good enough to be the default?

Variants of the bundled all-MiniLM-L6-v2 (sentence-transformers on torch, CPU):
  f64-256    computed in float64, rounded to float32 (the exact default before the kernels were pinned), 256-token window
  fp32-256   float32 throughout: today's default (this script runs every variant with the kernels pinned to AVX2;
             benchmarks/build_time.py compares pinned with unpinned float32, each in its own process)
  fp32-128   float32 and a shorter window (the tail of a long abstract is dropped)
  int8-256   torch dynamic int8 quantisation of every Linear layer
  onnx-256   the float32 graph exported to ONNX and run by ONNX Runtime (needs onnxruntime, onnx, onnxscript)

Speed: abstracts/s encoding the same --speed-n abstracts, variants interleaved
over --rounds rounds (best round kept: the machine is shared), torch threads as
set (default all cores).  Quality, on --samples uniform random samples of
--size papers of ../shared/corpora (seeds 1..S): NMI of reportgen's themes vs
each paper's primary arXiv category (Other counts as one more cluster), the
share of each paper's 10 nearest neighbours with the same category (kNN@10: no
clustering noise), and the mean cosine between each variant's vectors and the
f64-256 ones.  A variant may be the default only if its NMI stays within 0.01 of
f64-256's on every sample.

    nice -n 10 python benchmarks/embed_speed.py [--size 800] [--samples 2] [--speed-n 256] [--variants fp32-256,int8-256,...]
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import random
import sys
import tempfile
import time
from pathlib import Path
from typing import Callable

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("HF_HUB_OFFLINE", "1")

from reportgen.config import EmbeddingSettings, IngestSettings, ThemeSettings  # noqa: E402
from reportgen.embed import load_model  # noqa: E402
from reportgen.ingest import load_corpus  # noqa: E402
from reportgen.model import Embeddings  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpora" / "arxiv-cs-2025.jsonl.gz"
Encoder = Callable[[list[str]], np.ndarray]


def unit(m: np.ndarray) -> np.ndarray:
    return (m / np.linalg.norm(m, axis=1, keepdims=True).clip(min=1e-12)).astype(np.float32)


def torch_variant(max_len: int, int8: bool, f64: bool) -> Encoder:
    model = load_model(EmbeddingSettings())  # pins this process's kernels to AVX2 (x86-64): every variant runs pinned
    model = model.double() if f64 else model.float()
    model.max_seq_length = max_len
    if int8:
        import torch

        model = torch.ao.quantization.quantize_dynamic(model, {torch.nn.Linear}, dtype=torch.qint8)
    return lambda texts: unit(
        model.encode(texts, batch_size=32, convert_to_numpy=True, normalize_embeddings=True, show_progress_bar=False)
    )


def onnx_variant(max_len: int, folder: Path) -> Encoder:
    """Export the transformer to ONNX once, then mean-pool and normalise as sentence-transformers does."""
    import onnxruntime as ort
    import torch

    st = load_model(EmbeddingSettings())
    tokenizer, transformer = st.tokenizer, st[0].auto_model.float().eval()
    path = folder / "minilm.onnx"
    sample = tokenizer(["a short example", "another one, a little longer"], padding=True, return_tensors="pt")
    names = ["input_ids", "attention_mask", "token_type_ids"]
    axes = {n: {0: "batch", 1: "tokens"} for n in names}

    class Hidden(torch.nn.Module):  # positional inputs, one output: what the exporter traces best
        def __init__(self, inner: torch.nn.Module) -> None:
            super().__init__()
            self.inner = inner

        def forward(
            self, input_ids: torch.Tensor, attention_mask: torch.Tensor, token_type_ids: torch.Tensor
        ) -> torch.Tensor:
            return self.inner(
                input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
            ).last_hidden_state

    with torch.no_grad():
        torch.onnx.export(
            Hidden(transformer),
            tuple(sample[n] for n in names),
            str(path),
            input_names=names,
            output_names=["hidden"],
            dynamic_axes={**axes, "hidden": {0: "batch", 1: "tokens"}},
            opset_version=17,
            dynamo=False,
        )
    options = ort.SessionOptions()
    options.intra_op_num_threads = int(os.environ.get("OMP_NUM_THREADS", os.cpu_count() or 1))
    session = ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])

    def encode(texts: list[str]) -> np.ndarray:
        out = []
        for start in range(0, len(texts), 32):
            batch = tokenizer(
                texts[start : start + 32], padding=True, truncation=True, max_length=max_len, return_tensors="np"
            )
            hidden = session.run(["hidden"], {n: batch[n].astype(np.int64) for n in names})[0]
            mask = batch["attention_mask"][..., None].astype(np.float32)
            out.append((hidden * mask).sum(axis=1) / mask.sum(axis=1).clip(min=1e-9))
        return unit(np.concatenate(out))

    return encode


def make(name: str, folder: Path) -> Encoder:
    kind, length = name.rsplit("-", 1)
    if kind == "onnx":
        return onnx_variant(int(length), folder)
    return torch_variant(int(length), int8=kind == "int8", f64=kind == "f64")


def sample_lines(path: Path, size: int, seed: int) -> list[str]:
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        lines = handle.readlines()
    return random.Random(seed).sample(lines, size)


def nmi_and_knn(vectors: np.ndarray, labels: list[str], corpus) -> tuple[float, float, int]:
    from sklearn.metrics import normalized_mutual_info_score

    from reportgen.themes import fit_themes

    emb = Embeddings(model="bench", ids=tuple(p.id for p in corpus.papers), vectors=vectors)
    themes = fit_themes(corpus, emb, ThemeSettings())
    theme_of = themes.theme_of()
    predicted = [theme_of.get(p.id) if theme_of.get(p.id) is not None else -1 for p in corpus.papers]
    sim = vectors @ vectors.T
    np.fill_diagonal(sim, -2)
    nearest = np.argsort(-sim, axis=1)[:, :10]
    arr = np.array(labels)
    knn = float((arr[nearest] == arr[:, None]).mean())
    return float(normalized_mutual_info_score(labels, predicted)), knn, len(themes.themes)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--variants", default="f64-256,fp32-256,fp32-128,int8-256,onnx-256")
    parser.add_argument("--size", type=int, default=800)
    parser.add_argument("--samples", type=int, default=2)
    parser.add_argument("--speed-n", type=int, default=256)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    names = args.variants.split(",")
    with tempfile.TemporaryDirectory() as tmp:
        os.environ.setdefault("NUMBA_CACHE_DIR", str(Path(tmp) / "numba"))
        encoders = {n: make(n, Path(tmp)) for n in names}
        speed_texts = [
            p.text
            for p in load_corpus(
                [_write(Path(tmp) / "speed.jsonl", sample_lines(args.corpus, args.speed_n, 0))], IngestSettings()
            ).papers
        ]
        for encode in encoders.values():
            encode(speed_texts[:16])  # warm-up
        rates: dict[str, float] = dict.fromkeys(names, 0.0)
        for _ in range(args.rounds):
            for n, encode in encoders.items():
                began = time.perf_counter()
                encode(speed_texts)
                rates[n] = max(rates[n], len(speed_texts) / (time.perf_counter() - began))
        print(
            f"speed: {len(speed_texts)} abstracts, best of {args.rounds} interleaved rounds, torch threads {_threads()}"
        )
        for n in names:
            print(f"  {n:<10}{rates[n]:>8.1f} abstracts/s  ({rates[n] / rates[names[0]]:.2f}x)")
        quality: dict[str, list[tuple[float, float, float, int]]] = {n: [] for n in names}
        for seed in range(1, args.samples + 1):
            lines = sample_lines(args.corpus, args.size, seed)
            corpus = load_corpus([_write(Path(tmp) / f"s{seed}.jsonl", lines)], IngestSettings())
            by_id = {json.loads(l)["id"]: json.loads(l)["categories"][0] for l in lines}
            labels = [by_id.get(p.id, "?") for p in corpus.papers]
            texts = [p.text for p in corpus.papers]
            reference = None
            for n, encode in encoders.items():
                vectors = encode(texts)
                reference = vectors if reference is None else reference
                nmi, knn, count = nmi_and_knn(vectors, labels, corpus)
                cosine = float((vectors * reference).sum(axis=1).mean())
                quality[n].append((nmi, knn, cosine, count))
                print(
                    f"  sample {seed} ({len(corpus.papers)} papers) {n:<10} NMI {nmi:.3f}  kNN@10 {knn:.3f}  cos to f64-256 {cosine:.4f}  themes {count}",
                    flush=True,
                )
    print(
        f"\nquality: {args.samples} uniform random samples of {args.size} papers (seeds 1..{args.samples}), NMI vs primary arXiv category"
    )
    base = [q[0] for q in quality[names[0]]]
    for n in names:
        nmis = [q[0] for q in quality[n]]
        worst = min(a - b for a, b in zip(nmis, base))
        print(
            f"  {n:<10} NMI {np.mean(nmis):.3f} (worst sample vs {names[0]}: {worst:+.3f})  kNN@10 {np.mean([q[1] for q in quality[n]]):.3f}  cos {np.mean([q[2] for q in quality[n]]):.4f}  {rates[n]:.1f}/s  {'within 0.01' if worst >= -0.01 else 'NOT within 0.01'}"
        )
    if args.json:
        args.json.write_text(json.dumps({"rates": rates, "quality": quality}, indent=1))


def _write(path: Path, lines: list[str]) -> Path:
    path.write_text("".join(lines), encoding="utf-8")
    return path


def _threads() -> int:
    import torch

    return torch.get_num_threads()


if __name__ == "__main__":
    main()
