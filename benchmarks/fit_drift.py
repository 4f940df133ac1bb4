"""How far the theme fit moves when the CPU, the BLAS kernels or the vectors change slightly.

The example's vectors are embedded once (default settings); then the fit
(`reportgen.themes.fit_themes`, no cache) runs in a fresh process per variant:

  default        this machine, as is
  again          the same again: the fit's own run-to-run determinism
  openblas       OPENBLAS_CORETYPE=Haswell: numpy's BLAS kernels of an AVX2 CPU
  noise          Gaussian noise of sigma 1e-6 added to every vector (seed 0)

For each it prints the number of themes, the largest theme, the share of papers
whose theme differs from `default` (themes matched one to one, Other to Other),
and the largest change of a paper's 2-D map coordinate.

    python benchmarks/fit_drift.py [--variants default,noise] [SOURCES...]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

VARIANTS = {
    "default": {},
    "again": {},
    "openblas": {"OPENBLAS_CORETYPE": "Haswell"},
    "noise": {"REPORTGEN_BENCH_NOISE": "1e-6"},
}

CHILD = """
import json, os, sys, numpy as np
from pathlib import Path
from reportgen import codec, embed, ingest, themes
from reportgen.config import Settings
from reportgen.model import Embeddings
out, cache, sources = sys.argv[1], Path(sys.argv[2]), [Path(s) for s in sys.argv[3:]]
settings = Settings()
corpus = ingest.load_corpus(sources, settings.ingest)
vectors = embed.embed_corpus(corpus, settings.embedding, embed.EmbeddingCache(cache / "embeddings.sqlite"))
sigma = float(os.environ.get("REPORTGEN_BENCH_NOISE", 0))
if sigma:
    noisy = vectors.vectors + np.random.default_rng(0).normal(0.0, sigma, vectors.vectors.shape).astype(np.float32)
    vectors = Embeddings(model=vectors.model, ids=vectors.ids, vectors=noisy)
found = themes.fit_themes(corpus, vectors, settings.themes)
Path(out).write_text(json.dumps(codec.to_data(found)))
"""


def fit(name: str, sources: list[str], folder: Path) -> object:
    from reportgen import codec
    from reportgen.model import ThemeSet

    out = folder / f"{name}.json"
    env = {**os.environ, "HF_HUB_OFFLINE": "1", **VARIANTS[name]}
    subprocess.run([sys.executable, "-c", CHILD, str(out), str(folder), *sources], check=True, env=env, cwd=ROOT)
    return codec.from_data(ThemeSet, json.loads(out.read_text()))


def main() -> None:
    from tests.themes.test_noise import changed_share

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("sources", nargs="*", default=[str(ROOT / "examples")])
    parser.add_argument(
        "--variants", default=",".join(VARIANTS), help="comma-separated subset of: " + ", ".join(VARIANTS)
    )
    args = parser.parse_args()
    names = ["default", *[n for n in args.variants.split(",") if n != "default"]]
    with tempfile.TemporaryDirectory() as tmp:
        results = {name: fit(name, args.sources, Path(tmp)) for name in names}
    base = results["default"]
    print(f"{'variant':<15}{'themes':>7}{'largest':>9}{'other':>7}{'changed':>9}{'max |d coord|':>15}")
    for name in names:
        r = results[name]
        moved = max(abs(a - b) for pid in base.coords for a, b in zip(base.coords[pid], r.coords[pid]))
        n = len(base.coords)
        print(
            f"{name:<15}{len(r.themes):>7}{max(t.size for t in r.themes):>9}{len(r.outliers):>7}{changed_share(base, r):>9.1%}{moved:>15.4g}"
        )
    print(
        f"\n{n} papers; cpu cores: {os.cpu_count()}; changed = papers whose theme differs from default after matching themes one to one"
    )


if __name__ == "__main__":
    main()
