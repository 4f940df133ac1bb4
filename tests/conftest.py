"""Shared fixtures.  The end-to-end ones run the real CLI with the real model, once per session."""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
CORPUS = Path(os.environ.get("REPORTGEN_SHARED_CORPUS") or ROOT.parent / "shared" / "corpora" / "arxiv-cs-2025.jsonl.gz")  # override for a checkout not beside shared/


def run_cli(*args: str, cwd: Path | None = None, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run `python -m reportgen ...` as a user would, capturing output."""
    full_env = {**os.environ, "HF_HUB_OFFLINE": "1", **(env or {})}
    return subprocess.run([sys.executable, "-m", "reportgen", *args], cwd=cwd or ROOT, env=full_env, capture_output=True, text=True, timeout=900)


@pytest.fixture(scope="session")
def cache_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh cache, so the real model runs; REPORTGEN_TEST_CACHE reuses one between local runs."""
    if os.environ.get("REPORTGEN_TEST_CACHE"):
        return Path(os.environ["REPORTGEN_TEST_CACHE"])
    return tmp_path_factory.mktemp("cache")


@pytest.fixture(scope="session")
def example_build(tmp_path_factory: pytest.TempPathFactory, cache_dir: Path) -> Path:
    """The bundled example built once with the real model; tests read its outputs."""
    out = tmp_path_factory.mktemp("survey")
    result = run_cli("build", "-o", str(out), "--cache-dir", str(cache_dir))
    assert result.returncode == 0, result.stderr
    return out


@pytest.fixture(scope="session")
def arxiv_sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A JSON Lines file of real arXiv records taken from the shared corpus (every 97th record)."""
    if not CORPUS.is_file():
        pytest.skip(f"{CORPUS} not present")
    path = tmp_path_factory.mktemp("jsonl") / "sample.jsonl"
    with gzip.open(CORPUS, "rt", encoding="utf-8") as source, path.open("w", encoding="utf-8") as sink:
        for number, line in enumerate(source):
            if number % 97 == 0:
                sink.write(line)
            if number >= 97 * 200:
                break
    return path


def load_json(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))
