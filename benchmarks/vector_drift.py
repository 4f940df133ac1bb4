"""How far apart MiniLM's vectors are on "another CPU": instruction sets, batch sizes, BLAS kernels.

Each variant embeds the same corpus (default: the bundled example) in a fresh
process, without the cache, the way the pipeline does (embed.encode_texts: float32
with the kernels pinned to AVX2 and one-length batches), or with --raw through the
float32 model as the libraries choose its kernels (embedding.exact = false), padded
batches, which shows the noise the pins remove:

  default        this machine's widest instruction set, batch size 32
  avx2           ONEDNN_MAX_CPU_ISA=AVX2 (what an older or smaller CPU runs)
  batch8         batch size 8 instead of 32 (padding changes the kernels' shapes)
  threads1       torch.set_num_threads(1)
  haswell        OPENBLAS_CORETYPE=Haswell (numpy's BLAS on an AVX2 machine)

It prints the largest absolute difference of any component against `default`,
and whether numpy's own linear algebra (the theme stage's centroid similarities
and UMAP's inputs) changes under OPENBLAS_CORETYPE.

    python benchmarks/vector_drift.py [SOURCES...]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np

VARIANTS = {
    "default": ({}, 32, 0),
    "avx2": ({"ONEDNN_MAX_CPU_ISA": "AVX2"}, 32, 0),
    "batch8": ({}, 8, 0),
    "threads1": ({}, 32, 1),
    "haswell": ({"OPENBLAS_CORETYPE": "Haswell"}, 32, 0),
    "avx2+haswell": ({"ONEDNN_MAX_CPU_ISA": "AVX2", "OPENBLAS_CORETYPE": "Haswell"}, 32, 0),
}

CHILD = """
import sys, numpy as np, torch
from pathlib import Path
from reportgen import embed, ingest
from reportgen.config import Settings
out, batch, threads, raw, sources = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4] == "raw", [Path(s) for s in sys.argv[5:]]
if threads:
    torch.set_num_threads(threads)
settings = Settings().override("embedding", batch_size=batch, exact=not raw)
corpus = ingest.load_corpus(sources, settings.ingest)
model = embed.load_model(settings.embedding)
texts = [p.text for p in corpus.papers]
if raw:
    vectors = model.encode(texts, batch_size=batch, convert_to_numpy=True, normalize_embeddings=True, show_progress_bar=False)
else:
    vectors = embed.encode_texts(model, texts, settings.embedding)
rng = np.random.default_rng(0)
probe = rng.standard_normal((vectors.shape[0], vectors.shape[1])).astype(np.float32)
np.savez(out, vectors=vectors, gram=vectors @ vectors.T, probe=probe @ probe.T)
"""


def run_variant(name: str, sources: list[str], folder: Path, raw: bool) -> dict[str, np.ndarray]:
    env_extra, batch, threads = VARIANTS[name]
    out = folder / f"{name}.npz"
    env = {**os.environ, "HF_HUB_OFFLINE": "1", **env_extra}
    subprocess.run(
        [sys.executable, "-c", CHILD, str(out), str(batch), str(threads), "raw" if raw else "pipeline", *sources],
        check=True,
        env=env,
    )
    with np.load(out) as data:
        return {k: data[k] for k in data.files}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("sources", nargs="*", default=[str(Path(__file__).resolve().parent.parent / "examples")])
    parser.add_argument("--raw", action="store_true", help="the float32 model's own vectors, before canonicalisation")
    parser.add_argument(
        "--variants", default=",".join(VARIANTS), help="comma-separated subset of: " + ", ".join(VARIANTS)
    )
    args = parser.parse_args()
    names = ["default", *[n for n in args.variants.split(",") if n != "default"]]
    with tempfile.TemporaryDirectory() as tmp:
        results = {name: run_variant(name, args.sources, Path(tmp), args.raw) for name in names}
    base = results["default"]
    print(f"{'variant':<14}{'max |dv|':>12}{'rows changed':>14}{'max |d gram|':>14}{'numpy probe':>14}")
    for name in names:
        r = results[name]
        dv = np.abs(r["vectors"] - base["vectors"])
        print(
            f"{name:<14}{dv.max():>12.3g}{int((dv.max(axis=1) > 0).sum()):>9}/{len(dv):<4}{np.abs(r['gram'] - base['gram']).max():>14.3g}{np.abs(r['probe'] - base['probe']).max():>14.3g}"
        )
    cpu = next(
        (
            l.split(":", 1)[1].strip()
            for l in Path("/proc/cpuinfo").read_text().splitlines()
            if l.startswith("model name")
        ),
        "?",
    )
    print(
        f"\n{'raw float32 model' if args.raw else 'pipeline (embed.encode_texts)'}; {len(base['vectors'])} texts; cpu: {cpu}, {os.cpu_count()} cores; 'numpy probe' = max change of a seeded random float32 matmul (BLAS kernel choice)"
    )


if __name__ == "__main__":
    main()
