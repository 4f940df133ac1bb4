"""The living survey at scale: a cold site build of N arXiv papers, then a regeneration after adding M.

cold: empty state folder: every abstract embedded, BERTopic fitted, pages and
mkdocs project written.  regen: the same state, M more papers: only they are
embedded, and placed in the existing themes (no refit while the corpus has grown
by at most 10% since the fit).  Prints regen / cold.  With --refit-check, also
`site --refit` on a copy of the grown state (embeddings cached, themes fitted
from the last themes) and `site --refit-from-scratch`, and the share of
papers that get the same theme as placed, each way.  With
--cold-after, also a cold build of the grown corpus (N + M).

    python benchmarks/site_regen.py [--papers 5000] [--added 50] [--seed 1] [--refit-check] [--cold-after] [--corpus PATH]
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import random
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


def sample_by_date(corpus: Path, size: int, seed: int) -> list[str]:
    """A uniform random sample of the corpus (seeded), oldest first: the last records are the newest.

    The site grows as a living survey does: the base build holds the older
    papers, the regeneration adds the newest.  Uniform, not the first N lines
    (the file is sorted by date, so its first lines are ten days of March).
    """
    with gzip.open(corpus, "rt", encoding="utf-8") as handle:
        lines = handle.readlines()
    records = [(line, json.loads(line)) for line in random.Random(seed).sample(lines, size)]
    return [line for line, r in sorted(records, key=lambda pair: (pair[1].get("date") or "", pair[1].get("id") or ""))]


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
    parser.add_argument(
        "--work", type=Path, help="keep the corpora, sites and states here (default: a temporary folder)"
    )
    parser.add_argument("--seed", type=int, default=1, help="the random sample (default: %(default)s)")
    args = parser.parse_args()
    agreement: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        base = args.work or Path(tmp)
        base.mkdir(parents=True, exist_ok=True)
        lines = sample_by_date(args.corpus, args.papers + args.added, args.seed)
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
            placed = theme_of(base / "state")
            for flag in ("--refit", "--refit-from-scratch"):
                name = flag.lstrip("-")
                shutil.copytree(base / "state", base / f"state-{name}")
                times = site(corpus, base / f"site-{name}", base / f"state-{name}", base / f"t-{name}.json", flag)
                rows.append((name, args.papers + args.added, times))
                refitted = theme_of(base / f"state-{name}")
                agreement[flag] = sum(placed[p] == refitted[p] for p in placed) / len(placed)
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
    for flag, share in agreement.items():
        print(f"same theme placed vs {flag} (ids matched by lineage): {share:.1%} of {args.papers + args.added} papers")
    print(
        f"{os.cpu_count()} cpu cores; seconds; {args.papers} random records (seed {args.seed}) of {args.corpus.name},"
        f" then the {args.added} newest of the sample added"
    )


if __name__ == "__main__":
    main()
