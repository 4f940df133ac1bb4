"""The whole shared corpus in one build: every record of ../shared/corpora (54,002 arXiv abstracts), all formats.

Runs the real pipeline in this process (ingest -> embed -> themes -> summarize
-> charts -> render md/html/pdf/json -> write) and prints the time of each
stage, the peak memory (max RSS of this process) when each stage ended, and the
size of each output (PDF pages too).  Embedding progress is printed as lines
with the rate and an ETA, so the script can run in the background with its
output in a log.  The embedding cache is a fresh folder unless --cache-dir
names one: a run killed during embedding resumes where it stopped when
started again with the same --cache-dir.

    nice -n 15 python benchmarks/scale.py [CORPUS] [--cache-dir DIR] [--limit N] [--json FILE] [--fast]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("HF_HUB_OFFLINE", "1")

from reportgen.config import Settings  # noqa: E402
from reportgen.pipeline import run_build  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpora" / "arxiv-cs-2025.jsonl.gz"


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class LineReporter:
    """Stage lines and embedding progress (rate, ETA, peak memory) for a log file."""

    def __init__(self) -> None:
        self.began = time.perf_counter()
        self.stage_began = self.began
        self.last = 0.0
        self.peaks: dict[str, float] = {}

    def say(self, text: str) -> None:
        print(f"[{time.perf_counter() - self.began:7.0f}s] {text}", flush=True)

    def start(self, stage: str, total: int | None = None) -> None:
        self.stage_began = time.perf_counter()
        self.say(f"{stage} ...")

    def advance(self, done: int, total: int) -> None:
        now = time.perf_counter()
        if done < total and now - self.last < 60:
            return
        self.last = now
        rate = done / max(now - self.stage_began, 1e-9)
        eta = (total - done) / rate if rate else float("nan")
        self.say(
            f"  embedded {done:,}/{total:,} ({done / max(total, 1):.1%}), {rate:.1f} abstracts/s, eta {eta / 60:.0f} min, peak RSS {rss_mb():,.0f} MB"
        )

    def finish(self, stage: str, seconds: float) -> None:
        self.peaks[stage] = rss_mb()
        self.say(f"{stage} done in {seconds:.1f} s, peak RSS so far {self.peaks[stage]:,.0f} MB")

    def warn(self, message: str) -> None:
        self.say(f"warning: {message}")

    def info(self, message: str) -> None:
        self.say(message)


def limited(path: Path, limit: int, folder: Path) -> Path:
    """The first `limit` records, for a quick trial of the script."""
    import gzip
    import itertools

    out = folder / "corpus.jsonl"
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        out.write_text("".join(itertools.islice(handle, limit)), encoding="utf-8")
    return out


def pdf_pages(path: Path) -> int | None:
    try:
        from pypdf import PdfReader
    except ImportError:
        return None
    return len(PdfReader(path).pages)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpus", nargs="?", type=Path, default=CORPUS)
    parser.add_argument("--cache-dir", type=Path, help="embedding/theme cache (default: a fresh temporary folder)")
    parser.add_argument("--out", type=Path, help="output folder (default: a temporary folder)")
    parser.add_argument("--formats", default="md,html,pdf,json")
    parser.add_argument("--limit", type=int, help="only the first N records")
    parser.add_argument("--json", type=Path, help="also write the figures as JSON here")
    parser.add_argument(
        "--fast",
        action="store_true",
        help="embedding.exact = false: float32 as the libraries choose, not bit-portable (docs/scale.md)",
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        source = limited(args.corpus, args.limit, base) if args.limit else args.corpus
        cache = args.cache_dir or base / "cache"
        out = args.out or base / "survey"
        reporter = LineReporter()
        reporter.say(
            f"corpus {source} · cache {cache} · {os.cpu_count()} cpu cores · interpreter and imports {rss_mb():,.0f} MB"
        )
        settings = Settings()
        if args.fast:
            settings = replace(settings, embedding=replace(settings.embedding, exact=False))
        began = time.perf_counter()
        result = run_build([source], settings, out, tuple(args.formats.split(",")), cache_dir=cache, reporter=reporter)
        total = time.perf_counter() - began
        sizes = {p.name: p.stat().st_size for p in result.written if p.parent == out}
        pages = pdf_pages(out / "survey.pdf") if (out / "survey.pdf").is_file() else None
    report = result.report
    figures = {
        "embedding": "float32 (--fast)"
        if args.fast
        else "exact (pinned float32 on x86-64 with AVX2, else float64 -> float32)",
        "papers": len(report.corpus.papers),
        "themes": len(report.themes.themes),
        "other": len(report.themes.outliers),
        "embedded": result.embedded,
        "stages_s": result.timings,
        "total_s": round(total, 1),
        "peak_rss_mb_after_stage": {k: round(v) for k, v in reporter.peaks.items()},
        "peak_rss_mb": round(rss_mb()),
        "outputs_bytes": sizes,
        "pdf_pages": pages,
    }
    print()
    print(
        f"papers {figures['papers']:,} · themes {figures['themes']} · other {figures['other']:,} · embedded this run {result.embedded:,}"
    )
    print(f"{'stage':<12}{'seconds':>10}{'peak RSS MB':>13}")
    for stage, seconds in result.timings.items():
        print(f"{stage:<12}{seconds:>10.1f}{reporter.peaks.get(stage, 0):>13,.0f}")
    print(f"{'total':<12}{total:>10.1f}{rss_mb():>13,.0f}")
    print(
        "outputs: "
        + ", ".join(f"{name} {size / 1e6:.1f} MB" for name, size in sorted(sizes.items()))
        + (f"; PDF {pages} pages" if pages else "")
    )
    if args.json:
        args.json.write_text(json.dumps(figures, indent=1))


if __name__ == "__main__":
    main()
