"""The example's survey.html in a real headless Chromium (Debian's, no network)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.render.chromium import offline_browser

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def page(example_build: Path):
    with offline_browser() as browser:
        tab = browser.open(example_build / "survey.html")
        tab.errors = browser.errors  # type: ignore[attr-defined]
        yield tab


def test_no_console_errors(page) -> None:
    assert page.errors == []


def test_sidebar_links_land_on_their_sections(page) -> None:
    links = page.locator("nav.sidebar a")
    hrefs = [links.nth(i).get_attribute("href") for i in range(links.count())]
    assert len(hrefs) > 5
    for href in hrefs:
        page.locator(f'nav.sidebar a[href="{href}"]').click()
        top = page.evaluate(f"document.getElementById('{href[1:]}').getBoundingClientRect().top")
        at_bottom = page.evaluate(
            "Math.ceil(window.scrollY + window.innerHeight) >= document.documentElement.scrollHeight"
        )
        assert -2 <= top < 120 or at_bottom, f"{href}: section top at {top}px"  # sub-pixel rounding of scroll positions


def test_screenshot(page, tmp_path: Path) -> None:
    page.locator('nav.sidebar a[href="#theme-1"]').click()
    target = tmp_path / "survey-html.png"  # the README's pictures: scripts/screenshots.py
    page.screenshot(path=str(target))
    assert target.stat().st_size > 10_000
    phone = page.context.browser.new_page(viewport={"width": 390, "height": 844})
    phone.goto(page.url)
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, "the page scrolls sideways on a phone"
