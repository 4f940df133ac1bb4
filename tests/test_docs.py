"""The project's documentation site builds with `mkdocs build --strict`, and its reference pages are current."""

import subprocess
import sys

from tests.conftest import ROOT


def test_reference_pages_are_generated_from_the_code() -> None:
    result = subprocess.run(
        [sys.executable, "scripts/gen_docs.py", "--check"], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout


def test_docs_build_strict(tmp_path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(tmp_path / "site")],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "site" / "example" / "survey" / "index.html").is_file()
