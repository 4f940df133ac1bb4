"""Tables a reader can read: in the PDF and in Chromium no word of a header or a cell is split across lines.

The stored report (tests/golden/report.json, a real build of the example) is
rendered by WeasyPrint as a user gets it, and its text read back with pypdf.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from reportgen.render import render_outputs
from tests.render.chromium import offline_browser
from tests.report_fixture import load_report

HEADERS = ("Paper", "Claim", "Metric", "Benchmark", "Value", "Papers", "reporting", "Strongest", "result")


def test_pdf_table_words_are_never_split() -> None:
    report, settings = load_report()
    pdf = render_outputs(report, ("pdf",), settings)["survey.pdf"]
    lines = [line.strip() for page in PdfReader(io.BytesIO(pdf)).pages for line in page.extract_text().splitlines()]
    cells = {h.metric for s in report.summaries for h in s.headlines if h.metric} | {
        h.dataset for s in report.summaries for h in s.headlines if h.dataset
    }
    words = {w for cell in cells for w in re.findall(r"[A-Za-z]{5,}", cell)} | set(HEADERS)
    assert len(words) > 20  # the check has something to check
    # Prose that has the two halves as two words ("can speed up" beside the metric "speedup") breaks there rightly.
    prose = (
        " ".join(h.sentence for s in report.summaries for h in s.headlines)
        + " "
        + " ".join(p.abstract for p in report.corpus.papers)
    )
    # A word split inside leaves its head at the end of one line and its tail at the start of the next.
    split = sorted(
        {
            f"{w[:k]}|{w[k:]}"
            for before, after in zip(lines, lines[1:])
            for w in words
            for k in range(1, len(w))
            if re.search(rf"(^|\W){re.escape(w[:k])}$", before)
            and re.match(rf"{re.escape(w[k:])}(\W|$)", after)
            and not re.search(rf"\b{re.escape(w[:k])}\s+{re.escape(w[k:])}\b", prose)
        }
    )
    assert split == [], f"split across lines in the PDF: {split[:10]}"


# Every word of every table cell, as the browser laid it out: a word whose letters sit on two lines is split.
# Runs of 25+ characters (URLs, tokens) may wrap: the renderer gives them <wbr> points, so each piece is a text node.
_SPLIT_WORDS = """() => {
  const split = [];
  for (const cell of document.querySelectorAll("main table th, main table td")) {
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (const m of node.data.matchAll(/[^\\s\\-\\u2010-\\u2014\\/]{2,24}/g)) {
        const range = document.createRange();
        range.setStart(node, m.index);
        range.setEnd(node, m.index + m[0].length);
        const lines = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
        if (lines.size > 1) split.push(m[0]);
      }
    }
  }
  return split;
}"""


@pytest.mark.slow
def test_html_table_words_are_never_split(tmp_path: Path) -> None:
    """The same tables in Chromium, at a desktop and a phone width; numbers sit right-aligned."""
    report, settings = load_report()
    page = tmp_path / "survey.html"
    page.write_bytes(render_outputs(report, ("html",), settings)["survey.html"])
    with offline_browser() as browser:
        for width in (1280, 900, 390):
            tab = browser.open(page, width=width)
            assert tab.locator("main table").count() > 10
            assert tab.evaluate(_SPLIT_WORDS) == [], f"split across lines at {width}px"
        values = tab.locator("main table th:last-child", has_text="Value")
        assert values.count() > 5
        assert values.first.evaluate("th => getComputedStyle(th).textAlign") == "right"
        assert browser.errors == []
