"""A real build killed (SIGKILL) during embedding resumes where it stopped: finished blocks are not recomputed."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from pathlib import Path

import pytest

from reportgen.config import IngestSettings
from reportgen.ingest import load_corpus
from tests.conftest import EXAMPLES, ROOT, load_json, run_cli

pytestmark = pytest.mark.slow
SOURCES = [str(p) for p in sorted(EXAMPLES.glob("*.txt"))[:4]]  # 52 papers of the example: enough blocks to kill in


def cached_vectors(path: Path) -> int:
    if not path.is_file():
        return 0
    try:
        with closing(sqlite3.connect(path, timeout=5)) as db:
            return db.execute("SELECT COUNT(*) FROM vectors").fetchone()[0]
    except sqlite3.OperationalError:  # the table is not created yet
        return 0


def test_build_killed_mid_embedding_resumes(tmp_path: Path) -> None:
    config = tmp_path / "reportgen.toml"
    config.write_text("[embedding]\nblock_size = 8\n", encoding="utf-8")
    cache = tmp_path / "cache"
    args = [
        "build",
        *SOURCES,
        "-o",
        str(tmp_path / "out"),
        "--cache-dir",
        str(cache),
        "--config",
        str(config),
        "--format",
        "json",
        "-q",
    ]
    proc = subprocess.Popen(
        [sys.executable, "-m", "reportgen", *args],
        cwd=ROOT,
        env={**os.environ, "HF_HUB_OFFLINE": "1"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 600
    while cached_vectors(cache / "embeddings.sqlite") < 16 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    kept = cached_vectors(cache / "embeddings.sqlite")
    total = len(load_corpus([Path(p) for p in SOURCES], IngestSettings()).papers)
    assert proc.returncode == -signal.SIGKILL, "the build finished before it could be killed mid-embedding"
    assert 16 <= kept < total and not (tmp_path / "out" / "survey.json").exists()

    timings = tmp_path / "timings.json"
    result = run_cli(*args, "--timings", str(timings))
    assert result.returncode == 0, result.stderr
    assert load_json(timings)["embedded"] == total - kept  # the blocks done before the kill were not recomputed
    assert len(load_json(tmp_path / "out" / "survey.json")["papers"]) == total
