"""Chapters with their themes: in survey.html's sidebar and in the site's navigation."""

from __future__ import annotations

import re

import yaml

from reportgen.model import Changes
from reportgen.render import render_outputs
from tests.report_fixture import load_report


def test_the_sidebar_nests_each_chapter_s_themes() -> None:
    report, settings = load_report()
    assert report.themes.groups  # the stored example has chapters
    page = render_outputs(report, ("html",), settings)["survey.html"].decode()
    sidebar = page[page.index('<nav class="sidebar"') : page.index("</nav>")]
    for group in report.themes.groups:
        members = [t for t in report.themes.themes if t.parent == group.id]
        chapter = re.search(rf'<li class="chapter"><a href="#group-{group.id}">.*?</ul></li>', sidebar, re.S)
        assert chapter, group.label
        assert re.findall(r'href="#theme-(\d+)"', chapter.group(0)) == [str(t.id) for t in members]


def test_the_site_navigation_nests_each_chapter_s_themes() -> None:
    report, settings = load_report()
    files = render_outputs(report, ("site",), settings, changes=Changes(first_build=True))
    nav = yaml.safe_load(files["mkdocs.yml"])["nav"]
    chapters = next(entry["Themes"] for entry in nav if "Themes" in entry)
    groups = {g.label: g.id for g in report.themes.groups}
    for chapter in chapters:
        ((label, pages),) = chapter.items()
        members = [f"themes/{t.slug}.md" for t in report.themes.themes if t.parent == groups[label]]
        assert [next(iter(p.values())) for p in pages] == members
    assert {"Map": "map.md"} in nav
