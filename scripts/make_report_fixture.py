"""Regenerate tests/golden/report.json from a real build of the bundled example (model and theme fit).

The golden files are rendered from this fixture, never from a live fit, so they
hold on any CPU.  Run this after a change to what the analysis produces (the
themes, summaries, headlines or names), review the diff, then refresh the
golden outputs with `make golden`:

    .venv/bin/python scripts/make_report_fixture.py [--cache-dir DIR]
    make golden

Without --cache-dir the build uses a fresh temporary cache: the vectors and the
themes are computed, not read from an earlier run.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from reportgen import pipeline, runtime  # noqa: E402
from reportgen.config import Settings  # noqa: E402
from reportgen.writer import write_atomic  # noqa: E402
from tests.report_fixture import FIXTURE, dump_report  # noqa: E402


def build(cache_dir: Path) -> str:
    settings = Settings()
    timer = pipeline.Timer(pipeline.SilentReporter())
    found = pipeline.analyse([ROOT / "examples"], settings, cache_dir=cache_dir, timer=timer)
    return dump_report(
        pipeline.build_report(found.corpus, found.vectors, found.themes, settings, timer=timer), settings, ROOT
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cache-dir", type=Path, help="reuse this reportgen cache (default: a fresh one)")
    args = parser.parse_args()
    runtime.configure(args.cache_dir)  # before any library that reads its settings is imported
    if args.cache_dir:
        text = build(args.cache_dir)
    else:
        with tempfile.TemporaryDirectory() as tmp:
            text = build(Path(tmp))
    write_atomic(FIXTURE, text.encode())
    print(f"wrote {FIXTURE.relative_to(ROOT)} ({len(text):,} bytes); now run `make golden` and review the diff")


if __name__ == "__main__":
    main()
