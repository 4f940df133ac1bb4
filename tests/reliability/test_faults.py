"""Faults during real builds: `kill -9` at random moments (the write stage included), concurrent builds into one folder.

The output folder must always hold exactly the old survey or exactly the new
one, and the next build must clean whatever a killed one left.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.reliability.conftest import leftovers, papers, snapshot, write_jsonl

pytestmark = pytest.mark.slow
USER_FILES = 1500  # the user's own files in the output folder: carried into every new survey, and they make the write stage long enough to hit


def build(source: Path, out: Path, cache: Path, *extra: str) -> subprocess.Popen[str]:
    env = {**os.environ, "HF_HUB_OFFLINE": "1"}
    command = [
        sys.executable,
        "-m",
        "reportgen",
        "build",
        str(source),
        "-o",
        str(out),
        "--cache-dir",
        str(cache),
        *extra,
    ]
    return subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def finish(process: subprocess.Popen[str]) -> tuple[int, str]:
    out, err = process.communicate(timeout=600)
    return process.returncode, out + err


@pytest.fixture(scope="module")
def surveys(tmp_path_factory: pytest.TempPathFactory, rel_cache: Path) -> dict[str, object]:
    """Corpora A and B, each built once into a folder that also holds the user's files: the two states a folder may be in."""
    root = tmp_path_factory.mktemp("faults")
    sources = {
        "A": write_jsonl(root / "a.jsonl", papers(5, seed="a")),
        "B": write_jsonl(root / "b.jsonl", papers(7, seed="b")),
    }
    states = {}
    for name, source in sources.items():
        out = root / f"ref-{name}"
        add_user_files(out)
        code, log = finish(build(source, out, rel_cache, "-q"))
        assert code == 0, log
        states[name] = snapshot(out)
    assert states["A"] != states["B"]
    return {"root": root, "sources": sources, "states": states}


def add_user_files(folder: Path) -> None:
    notes = folder / "notes"
    notes.mkdir(parents=True)
    for i in range(USER_FILES):
        (notes / f"{i:04}.txt").write_text(f"note {i}\n")


def which(state: dict[str, bytes], states: dict[str, dict[str, bytes]]) -> str:
    for name, expected in states.items():
        if state == expected:
            return name
    strange = sorted(set(state).difference(*states.values()))[:5]
    mixed = {name: sorted(k for k in state if expected.get(k) != state[k])[:5] for name, expected in states.items()}
    raise AssertionError(f"the folder is a mix of two builds: files of neither {strange}; differing from each {mixed}")


def kill_when(process: subprocess.Popen[str], ready: Callable[[], bool], delay: float, limit: float = 120) -> bool:
    """Wait until ready() (or the process ends), then `delay` seconds, then kill -9; True if it was still running."""
    began = time.monotonic()
    while not ready() and process.poll() is None and time.monotonic() - began < limit:
        time.sleep(0.001)
    time.sleep(delay)
    alive = process.poll() is None
    if alive:
        os.kill(process.pid, signal.SIGKILL)
    process.communicate()
    return alive


def test_kill_9_at_any_moment_leaves_the_old_or_the_new_survey(surveys: dict, rel_cache: Path, tmp_path: Path) -> None:
    states, sources = surveys["states"], surveys["sources"]
    out = tmp_path / "survey"
    shutil.copytree(surveys["root"] / "ref-A", out)
    current = "A"
    rng = random.Random(13)
    in_write_stage = 0
    plans = [("anywhere", rng.uniform(0.0, 6.0)) for _ in range(4)] + [
        ("write", rng.uniform(0.0, 0.05)) for _ in range(4)
    ]
    for moment, delay in plans:
        target = "B" if current == "A" else "A"
        process = build(sources[target], out, rel_cache, "-q")
        if moment == "write":  # the staging folder exists only during the write stage
            killed = kill_when(process, lambda: any(tmp_path.glob(".survey.reportgen-new-*")), delay)
            in_write_stage += killed
        else:
            killed = kill_when(process, lambda: True, delay)
        current = which(snapshot(out), states)
        assert killed or current == target
    assert in_write_stage >= 3, "the kills did not land in the write stage"
    target = "B" if current == "A" else "A"
    code, log = finish(build(sources[target], out, rel_cache, "-q"))
    assert code == 0, log
    assert which(snapshot(out), states) == target
    assert leftovers(out) == [], "a later build must clean what killed builds left"


def test_concurrent_builds_into_one_folder_never_mix(surveys: dict, rel_cache: Path, tmp_path: Path) -> None:
    states, sources = surveys["states"], surveys["sources"]
    out = tmp_path / "survey"
    add_user_files(out)
    waited = 0
    for _ in range(3):
        first, second = build(sources["A"], out, rel_cache), build(sources["B"], out, rel_cache)
        (code_a, log_a), (code_b, log_b) = finish(first), finish(second)
        assert (code_a, code_b) == (0, 0), log_a + log_b
        which(snapshot(out), states)
        waited += ("waiting for another reportgen build" in log_a) + ("waiting for another reportgen build" in log_b)
        assert leftovers(out) == []
    assert waited >= 1, "the builds never overlapped: the lock was not exercised"


def test_a_build_into_a_read_only_folder_changes_nothing(surveys: dict, rel_cache: Path, tmp_path: Path) -> None:
    out = tmp_path / "survey"
    shutil.copytree(surveys["root"] / "ref-A", out)
    out.chmod(0o555)
    try:
        code, log = finish(build(surveys["sources"]["B"], out, rel_cache, "-q"))
        assert code == 2 and "read-only" in log and "Traceback" not in log, log
        assert snapshot(out) == surveys["states"]["A"]
    finally:
        out.chmod(0o755)
