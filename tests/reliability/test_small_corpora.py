"""Corpora of 1 to 19 papers, as a new user's first try: a survey without themes and a clear note, never a crash.

Also the rendering cases of issue 13 that need a real PDF and HTML layout:
300- and 5,000-character words stay on the page.
"""

from __future__ import annotations

import json
import random
import string
from pathlib import Path

import pytest
from pypdf import PdfReader

from reportgen.pipeline import MIN_PAPERS_FOR_THEMES
from tests.conftest import run_cli
from tests.reliability.conftest import leftovers, papers, write_jsonl

pytestmark = pytest.mark.slow
NOTE = "too few to group into themes"


def random_printable(path: Path) -> Path:
    rng = random.Random(7)
    path.write_text("".join(rng.choice(string.printable) for _ in range(3000)), encoding="utf-8")
    return path


def bibtex_with_extra_braces(path: Path) -> Path:
    path.write_text(
        "@article{a1,\n  title = {Graph networks for molecules}},\n  abstract = {We study graph networks.}}\n}\n}}\n"
        "@article{a2,\n  title = {Vision transformers},\n  abstract = {We train vision transformers on satellite images.}\n}\n",
        encoding="utf-8",
    )
    return path


CORPORA = {
    "1-record": lambda p: write_jsonl(p / "one.jsonl", papers(1)),
    "3-records": lambda p: write_jsonl(p / "three.jsonl", papers(3)),
    "10-records-dedupe-to-1": lambda p: write_jsonl(
        p / "same.jsonl", [{**papers(1)[0], "id": f"c{i}"} for i in range(10)]
    ),
    "19-records": lambda p: write_jsonl(p / "nineteen.jsonl", papers(MIN_PAPERS_FOR_THEMES - 1)),
    "random-printable-txt": lambda p: random_printable(p / "noise.txt"),
    "bibtex-extra-braces": lambda p: bibtex_with_extra_braces(p / "refs.bib"),
}


@pytest.mark.parametrize("name", sorted(CORPORA))
def test_a_small_corpus_builds_a_survey_without_themes(name: str, tmp_path: Path, rel_cache: Path) -> None:
    source = CORPORA[name](tmp_path)
    out = tmp_path / "survey"
    result = run_cli("build", str(source), "-o", str(out), "--cache-dir", str(rel_cache))
    if result.returncode == 2:  # noise may hold no record at all: that is a clean error, not a crash
        assert (
            name == "random-printable-txt" and result.stderr.startswith("error:") and "Traceback" not in result.stderr
        ), result.stderr
        return
    assert result.returncode == 0, result.stderr
    assert "themes need at least 20" in " ".join(result.stderr.split())  # rich wraps long lines
    data = json.loads((out / "survey.json").read_text(encoding="utf-8"))
    assert data["themes"] == [] and NOTE in data["note"]
    assert sorted(data["outliers"]) == sorted(p["id"] for p in data["papers"])
    assert NOTE in (out / "survey.md").read_text(encoding="utf-8")
    assert NOTE in (out / "survey.html").read_text(encoding="utf-8")
    pdf = " ".join(" ".join(page.extract_text().split()) for page in PdfReader(out / "survey.pdf").pages)
    assert "Too few papers for themes" in pdf
    assert not (out / "figures").exists()  # no chart compares zero themes
    assert leftovers(out) == []


def test_the_smallest_corpus_with_themes_fits_them(tmp_path: Path, rel_cache: Path) -> None:
    source = write_jsonl(tmp_path / "twenty.jsonl", papers(MIN_PAPERS_FOR_THEMES))
    out = tmp_path / "survey"
    result = run_cli("build", str(source), "-o", str(out), "--cache-dir", str(rel_cache), "--format", "md,json")
    assert result.returncode == 0, result.stderr
    data = json.loads((out / "survey.json").read_text(encoding="utf-8"))
    assert "note" not in data and len(data["papers"]) == MIN_PAPERS_FOR_THEMES


def test_a_living_survey_of_three_papers_builds_with_mkdocs(tmp_path: Path, rel_cache: Path) -> None:
    source = write_jsonl(tmp_path / "three.jsonl", papers(3))
    out = tmp_path / "site"
    result = run_cli("site", str(source), "-o", str(out), "--state", str(tmp_path / "state"), "--build")
    assert result.returncode == 0, result.stderr
    assert "Themes:" not in (out / "mkdocs.yml").read_text(encoding="utf-8")
    assert NOTE in (out / "docs" / "index.md").read_text(encoding="utf-8")
    assert (out / "site" / "index.html").is_file()
    again = run_cli("site", str(source), "-o", str(out), "--state", str(tmp_path / "state"), "--build")
    assert again.returncode == 0, again.stderr
    assert leftovers(out) == []


def test_long_words_stay_on_the_page(tmp_path: Path, rel_cache: Path) -> None:
    """A 300-character word in a title and a 5,000-character one in an abstract: no box wider than the PDF page or a phone screen."""
    from weasyprint import CSS, HTML

    word = "W" * 300
    records = [
        {
            "id": "w1",
            "title": f"Title with {word} in it",
            "abstract": f"We improve accuracy by 12.5% over the baseline on ImageNet with {word}.",
        },
        {
            "id": "w2",
            "title": "Normal title",
            "abstract": "A " + "z" * 5000 + " word. We cut latency by 30% compared to the baseline.",
        },
        {"id": "w3", "title": "Another title", "abstract": "A plain abstract reaching 91.2% accuracy on CIFAR-10."},
    ]
    out = tmp_path / "survey"
    result = run_cli(
        "build", str(write_jsonl(tmp_path / "long.jsonl", records)), "-o", str(out), "--cache-dir", str(rel_cache)
    )
    assert result.returncode == 0, result.stderr
    html = (out / "survey.html").read_text(encoding="utf-8")
    assert word in html.replace("<wbr>", "")  # shown whole (with places it may wrap), not clipped
    layouts = {
        "pdf": HTML(string=html).render(),
        "phone": HTML(string=html, media_type="screen").render(
            stylesheets=[CSS(string="@page { size: 390px 4000px; margin: 0 }")]
        ),
    }
    for name, document in layouts.items():
        for page in document.pages:
            box = page._page_box  # WeasyPrint's laid-out page: every box must end inside it
            overflow = (
                max(b.position_x + b.margin_width() for b in box.descendants() if hasattr(b, "margin_width"))
                - box.margin_width()
            )
            assert overflow <= 0.5, f"{name}: content {overflow:.0f}px wider than the page"
    text = " ".join(page.extract_text() for page in PdfReader(out / "survey.pdf").pages)
    assert "12.5%" in text
