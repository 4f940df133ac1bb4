"""Every paper appears by title in every document: the example, and a uniform random 500 of the shared corpus.

Titles are compared letters and digits only (accents, ligatures, escapes, line
breaks and <wbr> aside), in the Markdown, the HTML and the text of the PDF
(pdftotext, as a reader's search sees it).
"""

from __future__ import annotations

import gzip
import random
import subprocess
from pathlib import Path

import pytest

from tests.conftest import CORPUS, load_json, run_cli
from tests.searchable import plain_text

pytestmark = pytest.mark.slow
SAMPLE = 500


def _missing(out: Path) -> dict[str, list[str]]:
    names = [p["name"] for p in load_json(out / "survey.json")["papers"]]
    pdf = subprocess.run(["pdftotext", str(out / "survey.pdf"), "-"], capture_output=True, text=True, check=True)
    documents = {
        "survey.md": plain_text((out / "survey.md").read_text(encoding="utf-8")),
        "survey.html": plain_text((out / "survey.html").read_text(encoding="utf-8")),
        "survey.pdf": plain_text(pdf.stdout, markup=False),  # text, where "<think>" is a title's words
    }
    assert len(names) > 100
    return {doc: [n for n in names if plain_text(n, markup=False) not in text] for doc, text in documents.items()}


def test_every_paper_of_the_example_is_in_every_document(example_build: Path) -> None:
    assert _missing(example_build) == {"survey.md": [], "survey.html": [], "survey.pdf": []}


def test_every_paper_of_a_random_500_is_in_every_document(tmp_path: Path, cache_dir: Path) -> None:
    if not CORPUS.is_file():
        pytest.skip(f"{CORPUS} not present")
    with gzip.open(CORPUS, "rt", encoding="utf-8") as source:
        lines = source.readlines()
    corpus = tmp_path / "sample.jsonl"
    corpus.write_text("".join(random.Random(24).sample(lines, SAMPLE)), encoding="utf-8")
    out = tmp_path / "survey"
    result = run_cli("build", str(corpus), "-o", str(out), "--cache-dir", str(cache_dir), "-q")
    assert result.returncode == 0, result.stderr
    assert len(load_json(out / "survey.json")["papers"]) == SAMPLE
    assert _missing(out) == {"survey.md": [], "survey.html": [], "survey.pdf": []}
