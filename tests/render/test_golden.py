"""Golden files: the example's survey.md and survey.html, byte for byte (images by digest).

The Markdown golden is docs/example/survey.md (with its figures): the example survey the
documentation publishes, so the docs can never show stale output.  Refresh after an
intended change with `make golden` (UPDATE_GOLDEN=1), then review the diff.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.conftest import ROOT, load_json

pytestmark = pytest.mark.slow
GOLDEN = {"survey.md": ROOT / "docs" / "example" / "survey.md", "survey.html": ROOT / "tests" / "golden" / "survey.html"}
_DATA_URI = re.compile(r"data:image/[a-z+]+;base64,[A-Za-z0-9+/=]+")


def _stable(text: str) -> str:
    """Inline images become their digest, so goldens stay readable and diffs show text."""
    return _DATA_URI.sub(lambda m: "data:sha256:" + hashlib.sha256(m.group(0).encode()).hexdigest()[:16], text)


@pytest.mark.parametrize("name", ["survey.md", "survey.html"])
def test_matches_golden(example_build: Path, name: str) -> None:
    actual = _stable((example_build / name).read_text(encoding="utf-8"))
    golden = GOLDEN[name]
    if os.environ.get("UPDATE_GOLDEN"):
        golden.write_text(actual, encoding="utf-8")
        if name == "survey.md":
            shutil.rmtree(golden.parent / "figures", ignore_errors=True)
            shutil.copytree(example_build / "figures", golden.parent / "figures")
    assert golden.is_file(), f"no golden file {golden}: run `make golden`"
    assert actual == golden.read_text(encoding="utf-8"), f"{name} differs from {golden}; if intended, run `make golden` and review the diff"


def test_pdf_text_outline_and_pages(example_build: Path, tmp_path: Path) -> None:
    data = load_json(example_build / "survey.json")
    reader = PdfReader(example_build / "survey.pdf")
    outline = [item.title for item in reader.outline if not isinstance(item, list)]
    assert outline[:2] == ["Contents", "Overview"]
    assert [f"{t['id']}. {t['label']}" for t in data["themes"]] == [o for o in outline if o[:1].isdigit()]
    assert {"Methods", "Bibliography", "Papers by theme"} <= set(outline)
    first = reader.pages[0].extract_text()
    assert "Literature survey" in first and "182 papers" in first
    subprocess.run(["pdftoppm", "-r", "20", "-png", str(example_build / "survey.pdf"), str(tmp_path / "page")], check=True)
    from PIL import Image

    pages = sorted(tmp_path.glob("page-*.png"))
    assert len(pages) == len(reader.pages)
    for page in pages:
        extrema = Image.open(page).convert("L").getextrema()
        assert extrema[0] < 200, f"{page.name} is empty"
