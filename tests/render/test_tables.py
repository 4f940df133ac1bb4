"""Tables a reader can read: in the PDF no word of a header or a cell is split across lines.

The stored report (tests/golden/report.json, a real build of the example) is
rendered by WeasyPrint as a user gets it, and its text read back with pypdf.
"""

from __future__ import annotations

import io
import re

from pypdf import PdfReader

from reportgen.render import render_outputs
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
    # A word split inside leaves its head at the end of one line and its tail at the start of the next.
    split = sorted(
        {
            f"{w[:k]}|{w[k:]}"
            for before, after in zip(lines, lines[1:])
            for w in words
            for k in range(1, len(w))
            if re.search(rf"(^|\W){re.escape(w[:k])}$", before) and re.match(rf"{re.escape(w[k:])}(\W|$)", after)
        }
    )
    assert split == [], f"split across lines in the PDF: {split[:10]}"
