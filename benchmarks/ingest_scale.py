"""Ingest at scale: every record of ../shared/corpora (54,002 arXiv abstracts, gzipped JSON Lines).

Prints wall time, records per second and peak memory (max RSS of this process),
plus what ingest merged and skipped.  The file is streamed line by line; memory
grows with the papers kept, not with the file.

    python benchmarks/ingest_scale.py [PATH]
"""

from __future__ import annotations

import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from reportgen import runtime  # noqa: E402
from reportgen.config import IngestSettings  # noqa: E402
from reportgen.ingest import load_corpus  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpora" / "arxiv-cs-2025.jsonl.gz"


def main() -> None:
    runtime.configure(None)  # nothing cached: ingest only
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else CORPUS
    baseline = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    began = time.perf_counter()
    corpus = load_corpus([path], IngestSettings())
    seconds = time.perf_counter() - began
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    text_mb = sum(len(p.abstract) + len(p.title or "") for p in corpus.papers) / 1e6
    print(f"file: {path.name} ({path.stat().st_size / 1e6:.1f} MB compressed)")
    print(f"papers kept: {len(corpus.papers)}; merged: {corpus.counts('merged')}; skipped: {corpus.counts('skipped')}")
    print(f"wall: {seconds:.1f} s ({len(corpus.papers) / seconds:,.0f} papers/s)")
    print(
        f"peak RSS: {peak:.0f} MB (interpreter and imports before ingest: {baseline:.0f} MB; text kept: {text_mb:.0f} MB)"
    )


if __name__ == "__main__":
    main()
