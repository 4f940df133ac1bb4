"""Every cache file corrupted in turn: the build warns, recomputes, and writes the same survey; never a traceback, never lost outputs."""

from __future__ import annotations

import io
import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import run_cli
from tests.reliability.conftest import leftovers, papers, snapshot, write_jsonl

pytestmark = pytest.mark.slow
THEMED = 24  # papers: enough for a theme fit, so that the themes cache exists too


def truncate(path: Path) -> None:
    path.write_bytes(path.read_bytes()[: max(1, path.stat().st_size // 3)])


def garbage(path: Path) -> None:
    path.write_bytes(b"\xff\xfe\x00garbage\x81" * 50)


def empty_zip(path: Path) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w"):
        pass
    path.write_bytes(buffer.getvalue())


def emptied_survey(path: Path) -> None:
    """Issue 25, case 7: a valid zip whose survey.md entry is 0 bytes (it published an empty survey.md, exit 0)."""
    with zipfile.ZipFile(path) as archive:
        files = {name: archive.read(name) for name in archive.namelist()}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, b"" if name == "survey.md" else data)
    path.write_bytes(buffer.getvalue())


def no_themes_json(path: Path) -> None:
    path.write_text('{"themes": []}', encoding="utf-8")


CASES = [
    ("embeddings.sqlite", "truncated", truncate),
    ("embeddings.sqlite", "garbage", garbage),
    ("outputs/*.zip", "empty zip", empty_zip),
    ("outputs/*.zip", "truncated", truncate),
    ("outputs/*.zip", "garbage", garbage),
    ("outputs/*.zip", "survey.md emptied", emptied_survey),
]
THEME_CASES = [
    ("themes/*.json", "garbage", garbage),
    ("themes/*.json", "truncated", truncate),
    ("themes/*.json", '{"themes": []}', no_themes_json),
]


def make_reference(root: Path, rel_cache: Path, n_papers: int) -> dict[str, Path]:
    """A corpus built once with a cache of its own: the survey every damaged-cache build must reproduce."""
    source = write_jsonl(root / "corpus.jsonl", papers(n_papers, seed="c"))
    cache = root / "cache"
    shutil.copytree(rel_cache, cache, ignore=shutil.ignore_patterns("outputs", "themes"))
    out = root / "survey"
    result = run_cli("build", str(source), "-o", str(out), "--cache-dir", str(cache), "-q")
    assert result.returncode == 0, result.stderr
    assert list(cache.glob("outputs/*.zip"))
    return {"source": source, "cache": cache, "out": out}


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory, rel_cache: Path) -> dict[str, Path]:
    return make_reference(tmp_path_factory.mktemp("caches"), rel_cache, 5)


@pytest.fixture(scope="module")
def themed(tmp_path_factory: pytest.TempPathFactory, rel_cache: Path) -> dict[str, Path]:
    built = make_reference(tmp_path_factory.mktemp("themed"), rel_cache, THEMED)
    assert list(built["cache"].glob("themes/*.json"))
    return built


def check_recovery(reference: dict[str, Path], tmp_path: Path, pattern: str, damage: Callable[[Path], None]) -> None:
    cache = shutil.copytree(reference["cache"], tmp_path / "cache")
    targets = sorted(cache.glob(pattern))
    assert targets, pattern
    for path in targets:
        damage(path)
    out = shutil.copytree(reference["out"], tmp_path / "survey")
    result = run_cli("build", str(reference["source"]), "-o", str(out), "--cache-dir", str(cache))
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert "warning:" in result.stderr and ("broken" in result.stderr or "unreadable" in result.stderr), result.stderr
    assert snapshot(out) == snapshot(reference["out"]), "a damaged cache changed or lost outputs"
    assert leftovers(out) == []
    again = run_cli(
        "build", str(reference["source"]), "-o", str(out), "--cache-dir", str(cache)
    )  # the cache is whole again
    assert again.returncode == 0 and "warning:" not in again.stderr.replace("warning: only", ""), again.stderr


@pytest.mark.parametrize(("pattern", "how", "damage"), CASES, ids=[f"{p}-{h}" for p, h, _ in CASES])
def test_a_damaged_cache_file_is_recomputed_with_a_warning(
    reference: dict[str, Path], tmp_path: Path, pattern: str, how: str, damage: Callable[[Path], None]
) -> None:
    check_recovery(reference, tmp_path, pattern, damage)


@pytest.mark.parametrize(("pattern", "how", "damage"), THEME_CASES, ids=[f"{p}-{h}" for p, h, _ in THEME_CASES])
def test_a_damaged_theme_cache_is_refitted_with_a_warning(
    themed: dict[str, Path], tmp_path: Path, pattern: str, how: str, damage: Callable[[Path], None]
) -> None:
    check_recovery(themed, tmp_path, pattern, damage)


def test_an_unwritable_cache_folder_only_costs_speed(reference: dict[str, Path], tmp_path: Path) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("a file where a folder of the cache path should be")
    out = tmp_path / "survey"
    result = run_cli(
        "build", str(reference["source"]), "-o", str(out), "--cache-dir", str(blocked / "cache"), "--format", "md,json"
    )
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr and "cannot be used" in " ".join(
        result.stderr.split()
    )  # rich wraps long lines
    assert (out / "survey.md").is_file()
