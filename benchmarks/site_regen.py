"""The living survey at scale: a cold site build of N arXiv papers, then a regeneration after adding M.

cold: empty state folder: every abstract embedded, BERTopic fitted, pages and
mkdocs project written.  regen: the same state, M more papers: only they are
embedded.  With --cold-after, also a cold build of the grown corpus (N + M).

    python benchmarks/site_regen.py [--papers 5000] [--added 50] [--cold-after]
"""

from __future__ import annotations

import argparse
import gzip
import itertools
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpora" / "arxiv-cs-2025.jsonl.gz"


def site(corpus: Path, out: Path, state: Path, timings: Path) -> dict[str, float]:
    began = time.perf_counter()
    subprocess.run([sys.executable, "-m", "reportgen", "site", str(corpus), "-o", str(out), "--state", str(state), "--timings", str(timings), "-q"], check=True, env={**os.environ, "HF_HUB_OFFLINE": "1"}, stdout=subprocess.DEVNULL)
    data = json.loads(timings.read_text())
    data["wall"] = round(time.perf_counter() - began, 1)
    return data


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--papers", type=int, default=5000)
    parser.add_argument("--added", type=int, default=50)
    parser.add_argument("--cold-after", action="store_true", help="also time a cold build of the grown corpus")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        with gzip.open(CORPUS, "rt", encoding="utf-8") as handle:
            lines = list(itertools.islice(handle, args.papers + args.added))
        corpus = base / "corpus.jsonl"
        corpus.write_text("".join(lines[: args.papers]), encoding="utf-8")
        rows = [("cold", args.papers, site(corpus, base / "site", base / "state", base / "t1.json"))]
        corpus.write_text("".join(lines), encoding="utf-8")
        rows.append((f"regen +{args.added}", args.papers + args.added, site(corpus, base / "site", base / "state", base / "t2.json")))
        if args.cold_after:
            rows.append(("cold", args.papers + args.added, site(corpus, base / "site2", base / "state2", base / "t3.json")))
    stages = ("ingest", "embed", "themes", "summarize", "charts", "render", "write")
    print(f"{'run':<12}{'papers':>7}{'embedded':>9}" + "".join(f"{s:>10}" for s in stages) + f"{'wall':>8}")
    for name, n, t in rows:
        print(f"{name:<12}{n:>7}{t['embedded']:>9}" + "".join(f"{t.get(s, 0):>10.1f}" for s in stages) + f"{t['wall']:>8.1f}")
    print(f"\n{os.cpu_count()} cpu cores; seconds; first {args.papers} (+{args.added}) records of {CORPUS.name}")


if __name__ == "__main__":
    main()
