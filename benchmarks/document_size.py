"""The documents at scale: what listing every paper costs in survey.md, survey.html and survey.pdf.

The themes here are stand-ins (each record's first arXiv category, the largest
categories as themes, the rest Other; positions from a hash), so no model runs:
the script measures rendering only, with the default settings, and prints per
size the bytes and render seconds of each document, the PDF's pages, how many
papers each document names, and survey.html's load in Debian's Chromium with the
network refused (until the interactive map is drawn).

    .venv/bin/python benchmarks/document_size.py --sizes 3000,10000,54002 [--seed 1] [--no-pdf]

Records: a uniform random sample of ../shared/corpora/arxiv-cs-2025.jsonl.gz
(random.Random(seed).sample), read as reportgen reads JSON Lines.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import random
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from pypdf import PdfReader

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from reportgen.config import IngestSettings, Settings  # noqa: E402
from reportgen.ingest import load_corpus  # noqa: E402
from reportgen.model import FitReport, Report, Theme, ThemeSet, ThemeSummary  # noqa: E402
from reportgen.render import Rendering, output_formats  # noqa: E402
from reportgen.render.charts import theme_map  # noqa: E402
from tests.searchable import plain_text  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpora" / "arxiv-cs-2025.jsonl.gz"
THEMES = 40


def sample(size: int, seed: int, folder: Path) -> Path:
    import gzip

    with gzip.open(CORPUS, "rt", encoding="utf-8") as source:
        lines = source.readlines()
    path = folder / f"sample-{size}.jsonl"
    path.write_text("".join(random.Random(seed).sample(lines, min(size, len(lines)))), encoding="utf-8")
    return path


def stand_in_report(path: Path) -> Report:
    """A Report with the corpus as reportgen reads it and stand-in themes (the records' first category)."""
    corpus = load_corpus([path], IngestSettings())
    first = {p.id: (p.categories[0] if p.categories else "none") for p in corpus.papers}
    largest = [c for c, _ in Counter(first.values()).most_common(THEMES)]
    ids = sorted(first)
    themes = tuple(
        Theme(i, category, category.replace(".", "-"), (category,), tuple(p for p in ids if first[p] == category))
        for i, category in enumerate(largest, 1)
    )
    outliers = tuple(p for p in ids if first[p] not in largest)

    def place(paper_id: str) -> tuple[float, float]:
        digest = hashlib.sha256(paper_id.encode()).digest()
        home = largest.index(first[paper_id]) if first[paper_id] in largest else THEMES
        return (home % 7 + digest[0] / 255, home // 7 + digest[1] / 255)

    theme_set = ThemeSet(
        themes,
        outliers,
        {p: place(p) for p in ids},
        FitReport("stand-in", 1, THEMES, 1, len(ids), None, 0, 0, 0, "", ""),
    )
    names = {p.id: p.title or p.id for p in corpus.papers}
    summaries = tuple(ThemeSummary(t.id, t.paper_ids[:3], (), ()) for t in themes)
    charts = tuple(c for c in (theme_map(theme_set),) if c is not None)  # the figure the live map sits in
    return Report("Scale", corpus, theme_set, summaries, {}, names, charts)


def chromium_load(page: Path) -> float:
    from tests.render.chromium import offline_browser

    with offline_browser() as browser:
        start = time.perf_counter()
        tab = browser.open(page)
        tab.wait_for_function("window.reportgenMapReady === true", timeout=300_000)
        return time.perf_counter() - start


def measure(size: int, seed: int, pdf: bool, folder: Path) -> None:
    report = stand_in_report(sample(size, seed, folder))
    print(f"{len(report.corpus.papers):,} papers, {len(report.themes.themes)} stand-in themes", flush=True)
    formats = ("md", "html") + (("pdf",) if pdf else ())
    job = Rendering(report, Settings(), None, formats)
    titles = [plain_text(report.names[p.id], markup=False) for p in report.corpus.papers]
    for fmt in formats:
        start = time.perf_counter()
        files = output_formats()[fmt].render(job)  # the PDF reuses nothing: it prints its own (capped) HTML
        seconds = time.perf_counter() - start
        name = f"survey.{fmt}"
        (folder / name).write_bytes(files[name])
        found = plain_text(files[name].decode()) if fmt != "pdf" else plain_text(pdf_text(folder / name), markup=False)
        extra = f", names {sum(t in found for t in titles):,} of {len(titles):,} papers"
        if fmt == "pdf":
            extra += f", {len(PdfReader(io.BytesIO(files[name])).pages):,} pages"
        if fmt == "html":
            extra += f", Chromium load until the map is drawn {chromium_load(folder / name):.1f} s"
        print(f"  {name:<12} {len(files[name]) / 1e6:7.1f} MB  rendered in {seconds:6.1f} s{extra}", flush=True)


def pdf_text(path: Path) -> str:
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="3000,54002", help="comma-separated corpus sizes")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--no-pdf", action="store_true", help="skip the PDF (the slowest part)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        for size in (int(s) for s in args.sizes.split(",")):
            measure(size, args.seed, not args.no_pdf, Path(scratch))


if __name__ == "__main__":
    main()
