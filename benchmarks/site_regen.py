"""The living survey at scale: a cold site build of N arXiv papers, then a regeneration after adding M.

cold: empty state folder: every abstract embedded, BERTopic fitted, pages and
mkdocs project written.  regen: the same state, M more papers: only they are
embedded, and placed in the existing themes (no refit while the corpus has grown
by at most 10% since the fit).  Prints regen / cold.  With --refit-check, also
`site --refit` on a copy of the grown state (embeddings cached, themes fitted
afresh) and the share of papers that get the same theme both ways.  With
--cold-after, also a cold build of the grown corpus (N + M).

    python benchmarks/site_regen.py [--papers 5000] [--added 50] [--refit-check] [--cold-after] [--corpus PATH]
"""

from __future__ import annotations

import argparse
import gzip
import itertools
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpora" / "arxiv-cs-2025.jsonl.gz"


def site(corpus: Path, out: Path, state: Path, timings: Path, *extra: str) -> dict[str, float]:
    began = time.perf_counter()
    subprocess.run(
        [
            sys.executable,
            "-m",
            "reportgen",
            "site",
            str(corpus),
            "-o",
            str(out),
            "--state",
            str(state),
            "--timings",
            str(timings),
            "-q",
            *extra,
        ],
        check=True,
        env={**os.environ, "HF_HUB_OFFLINE": "1"},
        stdout=subprocess.DEVNULL,
        cwd=ROOT,
    )
    data = json.loads(timings.read_text())
    data["wall"] = round(time.perf_counter() - began, 1)
    return data


def theme_of(state: Path) -> dict[str, int | None]:
    latest = json.loads((state / "site-state.json").read_text())["latest"]
    out: dict[str, int | None] = dict.fromkeys(latest["papers"])
    out.update({pid: t["id"] for t in latest["themes"] for pid in t["papers"]})
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--papers", type=int, default=5000)
    parser.add_argument("--added", type=int, default=50)
    parser.add_argument("--cold-after", action="store_true", help="also time a cold build of the grown corpus")
    parser.add_argument(
        "--refit-check", action="store_true", help="also refit the grown corpus and compare theme assignments"
    )
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    args = parser.parse_args()
    agreement = None
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        with gzip.open(args.corpus, "rt", encoding="utf-8") as handle:
            lines = list(itertools.islice(handle, args.papers + args.added))
        corpus = base / "corpus.jsonl"
        corpus.write_text("".join(lines[: args.papers]), encoding="utf-8")
        rows = [("cold", args.papers, site(corpus, base / "site", base / "state", base / "t1.json"))]
        corpus.write_text("".join(lines), encoding="utf-8")
        rows.append(
            (
                f"regen +{args.added}",
                args.papers + args.added,
                site(corpus, base / "site", base / "state", base / "t2.json"),
            )
        )
        note = next(
            l for l in (base / "site" / "docs" / "changes.md").read_text().splitlines() if l.startswith("This build")
        )
        if args.refit_check:
            shutil.copytree(base / "state", base / "state-refit")
            rows.append(
                (
                    "refit",
                    args.papers + args.added,
                    site(corpus, base / "site-refit", base / "state-refit", base / "t4.json", "--refit"),
                )
            )
            placed, refitted = theme_of(base / "state"), theme_of(base / "state-refit")
            agreement = sum(placed[p] == refitted[p] for p in placed) / len(placed)
        if args.cold_after:
            rows.append(
                ("cold", args.papers + args.added, site(corpus, base / "site2", base / "state2", base / "t3.json"))
            )
    stages = ("ingest", "embed", "themes", "summarize", "charts", "render", "write")
    print(f"{'run':<12}{'papers':>7}{'embedded':>9}" + "".join(f"{s:>10}" for s in stages) + f"{'wall':>8}")
    for name, n, t in rows:
        print(
            f"{name:<12}{n:>7}{t['embedded']:>9}"
            + "".join(f"{t.get(s, 0):>10.1f}" for s in stages)
            + f"{t['wall']:>8.1f}"
        )
    print(f"\nregen / cold: {rows[1][2]['wall'] / rows[0][2]['wall']:.1%} (wall clock, process start included)")
    print(f"What changed: {note}")
    if agreement is not None:
        print(
            f"same theme placed vs refitted (ids matched by lineage): {agreement:.1%} of {args.papers + args.added} papers"
        )
    print(f"{os.cpu_count()} cpu cores; seconds; first {args.papers} (+{args.added}) records of {args.corpus.name}")


if __name__ == "__main__":
    main()
