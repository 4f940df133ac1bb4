"""Refresh the README's pictures in docs/images from a built survey (`make demo` builds ./survey).

    .venv/bin/python scripts/screenshots.py [SURVEY_FOLDER]

- survey-page.png: the PDF's first theme page that holds a headline table (pdftoppm);
- survey-html.png: the same theme in survey.html, in Debian's Chromium;
- survey-map.png: the interactive map in survey.html, a paper hovered.
Needs poppler's pdftoppm/pdftotext and Chromium (`make system-deps`). The browser
loads nothing from the network.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.render.chromium import offline_browser  # noqa: E402

IMAGES = ROOT / "docs" / "images"


def table_page(pdf: Path) -> tuple[int, str]:
    """The first page after the contents that starts a theme and holds a headline table: (page number, theme anchor)."""
    pages = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True)
    for number, text in enumerate(pages.stdout.split("\f"), 1):
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        if number > 3 and any(line.startswith(("Paper ", "Benchmark ")) for line in lines):
            heading = next((line for line in lines if line[:3].rstrip(".").isdigit() and ". " in line[:4]), None)
            if heading:
                return number, f"theme-{heading.split('.')[0]}"
    raise SystemExit(f"{pdf}: no page with a headline table")


def pdf_page(pdf: Path, number: int, target: Path) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        stem = Path(scratch) / "page"
        subprocess.run(
            ["pdftoppm", "-png", "-r", "80", "-f", str(number), "-l", str(number), "-singlefile", str(pdf), str(stem)],
            check=True,
        )
        target.write_bytes(stem.with_suffix(".png").read_bytes())


def html_shots(page: Path, anchor: str) -> None:
    with offline_browser() as browser:
        tab = browser.open(page, width=1400, height=1000)
        tab.wait_for_function("window.reportgenMapReady === true")
        tab.locator(f'nav.sidebar a[href="#{anchor}"]').click()
        tab.screenshot(path=str(IMAGES / "survey-html.png"))
        canvas = tab.locator("#paper-map canvas")
        tab.locator("#paper-map").scroll_into_view_if_needed()
        box = canvas.bounding_box()
        x, y = tab.evaluate("window.reportgenMap.screenOf(0)")
        tab.mouse.move(box["x"] + x, box["y"] + y)
        tab.locator("#paper-map").screenshot(path=str(IMAGES / "survey-map.png"))
        if browser.errors or browser.refused:
            raise SystemExit(f"the page logged errors or fetched: {browser.errors + browser.refused}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("survey", nargs="?", type=Path, default=ROOT / "survey", help="a built survey folder")
    survey = parser.parse_args().survey
    number, anchor = table_page(survey / "survey.pdf")
    pdf_page(survey / "survey.pdf", number, IMAGES / "survey-page.png")
    html_shots(survey / "survey.html", anchor)
    print(f"docs/images: PDF page {number} and {anchor} in survey.html, and the map")


if __name__ == "__main__":
    main()
