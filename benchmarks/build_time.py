"""Wall time of `reportgen build` on the bundled example, stage by stage, cold and warm.

first: a new process and an empty reportgen cache, as on a machine that never
ran reportgen: UMAP's numba kernels are compiled too.  cold: a new process,
every abstract embedded, BERTopic fitted, every chart and document rendered;
only the compiled kernels are kept (they live in the cache folder, once per
machine or CI state).  warm: the same command again with the cache kept
(nothing changed).  Targets: cold < 60 s, warm < 15 s.

    python benchmarks/build_time.py [--runs 2] [SOURCES...]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

STAGES = ("ingest", "embed", "themes", "summarize", "charts", "render", "write")


def build_once(sources: list[str], out: Path, cache: Path) -> dict[str, float]:
    timings = out / "timings.json"
    began = time.perf_counter()
    subprocess.run(
        [
            sys.executable,
            "-m",
            "reportgen",
            "build",
            *sources,
            "-o",
            str(out / "survey"),
            "--cache-dir",
            str(cache),
            "--timings",
            str(timings),
            "-q",
        ],
        check=True,
        env={**os.environ, "HF_HUB_OFFLINE": "1"},
        stdout=subprocess.DEVNULL,
    )
    data = json.loads(timings.read_text())
    data["wall"] = round(time.perf_counter() - began, 2)
    return data


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("sources", nargs="*")
    parser.add_argument("--runs", type=int, default=1, help="cold/warm pairs to run")
    args = parser.parse_args()
    rows = []
    for _ in range(args.runs):
        with tempfile.TemporaryDirectory() as tmp:
            cache = Path(tmp) / "cache"
            rows.append(("first", build_once(args.sources, Path(tmp), cache)))
            for done in ("embeddings.sqlite", "themes", "outputs"):
                path = cache / done
                path.unlink() if path.is_file() else shutil.rmtree(path)
            rows.append(("cold", build_once(args.sources, Path(tmp), cache)))
            rows.append(("warm", build_once(args.sources, Path(tmp), cache)))
    print(f"{'run':<6}" + "".join(f"{s:>10}" for s in STAGES) + f"{'in-proc':>10}{'wall':>8}{'embedded':>10}")
    for kind, t in rows:
        print(
            f"{kind:<6}"
            + "".join(f"{t.get(s, 0):>10.2f}" for s in STAGES)
            + f"{t['total']:>10.2f}{t['wall']:>8.2f}{t['embedded']:>10}"
        )
    print(
        f"\ncpu cores: {os.cpu_count()}; python {sys.version.split()[0]}; times in seconds; wall includes interpreter start and imports"
    )


if __name__ == "__main__":
    main()
