"""The interactive map: its data (fast), and the map itself in Chromium with the network refused (slow)."""

from __future__ import annotations

import json
import re
import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from reportgen.model import Changes
from reportgen.render import render_outputs
from reportgen.render.charts import make_charts
from reportgen.render.papermap import map_data, map_fragment
from reportgen.render.site import mkdocs_build
from tests.render.chromium import offline_browser
from tests.report_fixture import load_report

LINK = "https://arxiv.org/abs/2401.00001"


def test_the_data_is_every_point_in_a_fixed_form() -> None:
    points = [
        (0.5, 2.0, 1, "A </script><!-- title", None),
        (-1.5, 0.0, 2, "B", "https://x.org/b"),
        (1.0, 1.0, -1, "C", "#ref-3"),
    ]
    text = map_data(points, {1: "1. One", 2: "2. Two"})
    assert "</" not in text and "<!--" not in text  # a title cannot end the <script> that holds it
    data = json.loads(text)
    assert data["title"] == ["A </script><!-- title", "B", "C"] and data["t"] == [0, 1, -1]
    assert (data["x"], data["y"], data["w"], data["h"]) == ([0.8, 0.0, 1.0], [0.0, 0.8, 0.4], 1.0, 0.8)
    assert [t["name"] for t in data["themes"]] == ["1. One", "2. Two"]
    assert map_data(points, {1: "1. One", 2: "2. Two"}) == text  # same input, same bytes


def test_the_fragment_has_no_blank_line() -> None:
    """Markdown engines end an HTML block at a blank line; the map must reach them whole."""
    fragment = map_fragment([(0.0, 0.0, 1, "A", None)], {1: "1. One"})
    assert "\n\n" not in fragment and fragment.startswith('<div id="paper-map"')


@pytest.fixture(scope="module")
def stored_outputs(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, object]:
    """survey.html and the site rendered from the stored report (a real build of the example)."""
    stored, settings = load_report()
    report = replace(stored, charts=make_charts(stored.corpus, stored.themes, stored.summaries, stored.headlines))
    linked = report.themes.themes[2].paper_ids[0]  # the example's records carry no links: give one paper a web page
    papers = tuple(replace(p, url=LINK) if p.id == linked else p for p in report.corpus.papers)
    report = replace(report, corpus=replace(report.corpus, papers=papers))
    out = tmp_path_factory.mktemp("map")
    files = render_outputs(report, ("html",), settings)
    files |= render_outputs(report, ("site",), settings, changes=Changes(first_build=True))
    for name, data in files.items():
        (out / name).parent.mkdir(parents=True, exist_ok=True)
        (out / name).write_bytes(data)
    return out, report


def _on_screen(tab, title: str) -> tuple[float, float]:
    """Where the paper with this title is drawn, in page coordinates (the map scrolled into view)."""
    canvas = tab.locator("#paper-map canvas")
    canvas.scroll_into_view_if_needed()
    box = canvas.bounding_box()
    index = tab.evaluate("t => window.reportgenMap.indexOf(t)", title)
    x, y = tab.evaluate(f"window.reportgenMap.screenOf({index})")
    return box["x"] + x, box["y"] + y


def _check_map(tab, report, browser) -> None:
    tab.wait_for_function("window.reportgenMapReady === true", timeout=15_000)
    assert tab.evaluate("window.reportgenMap.points") == len(report.themes.coords) == len(report.corpus.papers)
    assert tab.evaluate("window.reportgenMap.drawn") == len(report.corpus.papers)  # every paper on the canvas
    title = report.names[report.themes.themes[1].paper_ids[0]]
    tab.mouse.move(*_on_screen(tab, title))
    assert tab.locator(".map-tip").is_visible() and title in tab.locator(".map-tip").inner_text()
    words = " ".join(re.findall(r"\w+", title)[:3])
    tab.fill("#paper-map input[type=search]", words)
    assert title in tab.evaluate("window.reportgenMap.matches")
    assert title in tab.locator(".map-found").inner_text()
    assert browser.refused == [], "the map fetched something"


@pytest.mark.slow
def test_the_map_in_survey_html_works_offline(stored_outputs) -> None:
    out, report = stored_outputs
    with offline_browser() as browser:
        tab = browser.open(out / "survey.html")
        _check_map(tab, report, browser)
        assert tab.locator("figure.live-map > img").is_hidden()  # the static picture steps aside
        assert browser.errors == []


@pytest.mark.slow
def test_a_click_opens_the_paper(stored_outputs) -> None:
    """A paper with a web page opens it; one without jumps to its bibliography entry."""
    out, report = stored_outputs
    with offline_browser() as browser:
        tab = browser.open(out / "survey.html")
        tab.wait_for_function("window.reportgenMapReady === true", timeout=15_000)

        def click(paper_id: str) -> None:
            tab.mouse.click(*_on_screen(tab, report.names[paper_id]))

        tab.evaluate("window.open = (url, target) => { window.opened = [url, target]; }")  # nothing leaves the machine
        click(report.themes.themes[2].paper_ids[0])
        assert tab.evaluate("window.opened") == [LINK, "_blank"]
        unlinked = report.themes.themes[0].paper_ids[0]
        click(unlinked)
        anchor = tab.evaluate("window.location.hash")
        entry = tab.locator(f"a[id='{anchor[1:]}']").evaluate("a => a.parentElement.textContent")
        assert re.match(r"#ref-\d+$", anchor) and report.names[unlinked] in entry


@pytest.mark.slow
def test_the_site_map_page_works_offline(stored_outputs) -> None:
    out, report = stored_outputs
    site = out / "site-project"
    shutil.copytree(out, site, ignore=shutil.ignore_patterns("survey.html", "site-project"))
    mkdocs_build(site)
    with offline_browser() as browser:
        tab = browser.open(site / "site" / "map" / "index.html")
        _check_map(tab, report, browser)
        browser.refused.clear()
        assert "map/" in (site / "site" / "index.html").read_text(encoding="utf-8")  # in the site's navigation
