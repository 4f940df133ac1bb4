"""Shared fixtures.  The end-to-end ones run the real CLI with the real model, once per session."""

from __future__ import annotations

import gzip
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from reportgen.embed.model import PINNED_KERNELS

# The CLI pins torch's CPU kernels before its first operation; a test process runs many stages in turn, so
# pin them before any test can run one (reportgen/embed/model.py says why).  run_cli leaves them out: the CLI
# must pin them itself.
os.environ.update(PINNED_KERNELS)

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
CORPUS = Path(
    os.environ.get("REPORTGEN_SHARED_CORPUS") or ROOT.parent / "shared" / "corpora" / "arxiv-cs-2025.jsonl.gz"
)  # override for a checkout not beside shared/


def unpinned_environment() -> dict[str, str]:
    """This process's environment without the kernel pins conftest set: a child must pin (or not) by itself."""
    return {k: v for k, v in os.environ.items() if k not in PINNED_KERNELS}


def run_cli(
    *args: str, cwd: Path | None = None, env: dict[str, str | None] | None = None, timeout: float = 900
) -> subprocess.CompletedProcess[str]:
    """Run `python -m reportgen ...` as a user would, capturing output; an env value of None unsets it."""
    merged = {**unpinned_environment(), "HF_HUB_OFFLINE": "1", **(env or {})}
    full_env = {k: v for k, v in merged.items() if v is not None}
    return subprocess.run(
        [sys.executable, "-m", "reportgen", *args],
        cwd=cwd or ROOT,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


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


# What an older CPU runs: oneDNN (torch's kernels) limited to AVX2, OpenBLAS (numpy's BLAS) to its Haswell kernels,
# NumPy's own loops (log, sums) without their AVX-512 versions. Each changes floating-point results on an AVX-512
# machine (benchmarks/vector_drift.py measures by how much); the last once reordered tied keywords (found on an EPYC).
OTHER_CPU = {
    "ONEDNN_MAX_CPU_ISA": "AVX2",
    "OPENBLAS_CORETYPE": "Haswell",
    "NPY_DISABLE_CPU_FEATURES": "X86_V4 AVX512_ICL AVX512_SPR",
}
THIS_CPU: dict[str, str | None] = dict.fromkeys(OTHER_CPU)


class FreshBuilds:
    """The example built again in a new process with no cache to read, once per session and name.

    "again": under this run's environment, like example_build, with --no-cache and
    HOME, XDG_CACHE_HOME and TMPDIR in a scratch folder, so the same build also
    shows that --no-cache leaves nothing behind (`leftovers`); "this-cpu": with
    the OTHER_CPU variables unset; "other-cpu": with them set.  The last two use
    an empty cache folder, with only compiled numba kernels (machine code, not
    results) copied in, so every vector, theme, chart and document is computed again.
    """

    def __init__(self, factory: pytest.TempPathFactory, cache_dir: Path) -> None:
        self.factory, self.cache_dir = factory, cache_dir
        self.built: dict[str, Path] = {}
        self.leftovers: dict[str, list[str]] = {}

    def __call__(self, name: str) -> Path:
        if name == "this-cpu" and not any(key in os.environ for key in OTHER_CPU):
            name = "again"  # the same build: don't pay for it twice
        if name not in self.built:
            base = self.factory.mktemp(name)
            if name == "again":
                scratch = {key: base / "scratch" / key.lower() for key in ("HOME", "XDG_CACHE_HOME", "TMPDIR")}
                for folder in scratch.values():
                    folder.mkdir(parents=True)
                result = run_cli(
                    "build", "-o", str(base / "survey"), "--no-cache",
                    env={key: str(folder) for key, folder in scratch.items()}, timeout=1800,
                )  # fmt: skip
                self.leftovers[name] = [
                    str(f.relative_to(base)) for f in sorted((base / "scratch").rglob("*")) if f.is_file()
                ]
            else:
                if (self.cache_dir / "numba").is_dir():
                    shutil.copytree(self.cache_dir / "numba", base / "cache" / "numba")
                result = run_cli(
                    "build", "-o", str(base / "survey"), "--cache-dir", str(base / "cache"),
                    env=ENVS[name], timeout=1800,
                )  # fmt: skip
            assert result.returncode == 0, result.stderr
            self.built[name] = base / "survey"
        return self.built[name]


ENVS: dict[str, dict[str, str | None]] = {"this-cpu": THIS_CPU, "other-cpu": OTHER_CPU}


@pytest.fixture(scope="session")
def fresh_build(tmp_path_factory: pytest.TempPathFactory, cache_dir: Path) -> FreshBuilds:
    return FreshBuilds(tmp_path_factory, cache_dir)


def assert_same_files(expected: Path, actual: Path) -> None:
    """Every file of one output folder, byte for byte in the other (and no file missing)."""
    names = sorted(str(p.relative_to(expected)) for p in expected.rglob("*") if p.is_file())
    assert names == sorted(str(p.relative_to(actual)) for p in actual.rglob("*") if p.is_file())
    for name in names:
        assert (actual / name).read_bytes() == (expected / name).read_bytes(), f"{name} differs"


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
