"""Golden files: the stored report fixture rendered to Markdown, HTML and JSON, byte for byte.

The report is tests/golden/report.json (see tests/report_fixture.py), not a live
build: no model and no theme fit run here, so these files test the templates,
the renderers and the charts, and hold on any CPU.  The Markdown golden is
docs/example/survey.md with its figures, the example survey the documentation
publishes, so the docs can never show stale output.

    make golden                                   # refresh after an intended rendering change
    .venv/bin/python scripts/make_report_fixture.py  # refresh the fixture itself from a real build

then review the diff.  What the real pipeline must guarantee (the contract,
counts, bounds, byte-identical rebuilds) is checked in tests/test_e2e.py and
tests/test_portable.py.
"""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest
from pypdf import PdfReader

from reportgen.config import Settings
from reportgen.model import Citation, Report
from reportgen.render import render_outputs
from reportgen.render.charts import make_charts
from reportgen.render.jsonout import report_to_dict
from tests.conftest import ROOT
from tests.report_fixture import FIXTURE, dump_report, from_data, load_report

EXAMPLE = ROOT / "docs" / "example"
GOLDEN = {
    "survey.md": EXAMPLE / "survey.md",
    "survey.html": ROOT / "tests" / "golden" / "survey.html",
    "survey.json": ROOT / "tests" / "golden" / "survey.json",
}
_DATA_URI = re.compile(r"data:image/[a-z+]+;base64,[A-Za-z0-9+/=]+")


def _stable(text: str) -> str:
    """Inline images become their digest, so goldens stay readable and diffs show text."""
    return _DATA_URI.sub(lambda m: "data:sha256:" + hashlib.sha256(m.group(0).encode()).hexdigest()[:16], text)


@pytest.fixture(scope="module")
def report() -> Report:
    """The fixture with its charts drawn, as the pipeline draws them."""
    stored, _ = load_report()
    return replace(stored, charts=make_charts(stored.corpus, stored.themes, stored.summaries, stored.headlines))


@pytest.fixture(scope="module")
def settings() -> Settings:
    return load_report()[1]


@pytest.fixture(scope="module")
def rendered(report: Report, settings: Settings) -> dict[str, bytes]:
    return render_outputs(report, ("md", "html", "json"), settings)


def test_the_fixture_loads_and_dumps_back_unchanged() -> None:
    """The codec is lossless: what the loader rebuilds is what the fixture says."""
    assert dump_report(*load_report(), ROOT) == FIXTURE.read_text(encoding="utf-8")


@pytest.mark.parametrize("name", sorted(GOLDEN))
def test_matches_golden(rendered: dict[str, bytes], name: str) -> None:
    actual = _stable(rendered[name].decode("utf-8"))
    golden = GOLDEN[name]
    if os.environ.get("UPDATE_GOLDEN"):
        golden.write_text(actual, encoding="utf-8")
    assert golden.is_file(), f"no golden file {golden}: run `make golden`"
    assert actual == golden.read_text(encoding="utf-8"), (
        f"{name} differs from {golden}; if intended, run `make golden` and review the diff"
    )


def test_figures_match_golden(rendered: dict[str, bytes]) -> None:
    figures = {name: data for name, data in rendered.items() if name.startswith("figures/")}
    if os.environ.get("UPDATE_GOLDEN"):
        for old in (EXAMPLE / "figures").glob("*.png"):
            old.unlink()
        for name, data in figures.items():
            (EXAMPLE / name).parent.mkdir(parents=True, exist_ok=True)
            (EXAMPLE / name).write_bytes(data)
    stored = {f"figures/{p.name}": p.read_bytes() for p in (EXAMPLE / "figures").glob("*.png")}
    assert sorted(stored) == sorted(figures), "figures differ from docs/example/figures; if intended, run `make golden`"
    for name, data in figures.items():
        assert data == stored[name], (
            f"{name} differs from docs/example/{name}; if intended, run `make golden` and review it"
        )


@pytest.mark.slow
def test_pdf_text_outline_and_pages(report: Report, settings: Settings, tmp_path: Path) -> None:
    data = report_to_dict(report, settings)
    pdf = tmp_path / "survey.pdf"
    pdf.write_bytes(render_outputs(report, ("pdf",), settings)["survey.pdf"])
    reader = PdfReader(pdf)

    def titles(items: list) -> list[str]:  # themes sit one level down, under their group, when there are groups
        return [t for item in items for t in (titles(item) if isinstance(item, list) else [item.title])]

    outline = titles(reader.outline)
    assert outline[:2] == ["Contents", "Overview"]
    assert [f"{t['id']}. {t['label']}" for t in data["themes"]] == [o for o in outline if o[:1].isdigit()]
    assert {"Methods", "Bibliography", "Papers by theme"} <= set(outline)
    first = reader.pages[0].extract_text()
    assert "Literature survey" in first and f"{len(data['papers'])} papers" in first
    subprocess.run(["pdftoppm", "-r", "20", "-png", str(pdf), str(tmp_path / "page")], check=True)
    from PIL import Image

    pages = sorted(tmp_path.glob("page-*.png"))
    assert len(pages) == len(reader.pages)
    for page in pages:
        extrema = Image.open(page).convert("L").getextrema()
        assert extrema[0] < 200, f"{page.name} is empty"


def test_the_fixture_names_what_it_lacks() -> None:
    """A model field added without a default, or removed, is a clear message, not a TypeError deep in a dataclass."""
    assert from_data(Citation, {"text": "t", "paper_id": "p"}) == Citation("t", "p")
    with pytest.raises(ValueError, match=r"report.summary\[0\]: Citation lacks paper_id .* regenerate the fixture"):
        from_data(Citation, {"text": "t"}, "report.summary[0]")
    with pytest.raises(ValueError, match="has no field colour"):
        from_data(Citation, {"text": "t", "paper_id": "p", "colour": "red"})
