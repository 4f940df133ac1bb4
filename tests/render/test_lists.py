"""Readable documents at any size: paper lists capped per theme, a bibliography of the papers the document names."""

from __future__ import annotations

import io

from pypdf import PdfReader

from reportgen.config import CAPPED_LIST, LIST_ALL_UP_TO, PDF_ABSTRACTS_UP_TO, ReportSettings, Settings
from reportgen.model import Citation, Corpus, FitReport, Paper, Report, Theme, ThemeSet, ThemeSummary
from reportgen.render import render_outputs
from reportgen.render.context import build_context, pdf_abstracts

N = 120


# The fit's parameters as the Methods section reads them; their values do not matter here.
FIT = FitReport("Ward", 1, 2, 1, N, None, 0.6, 0.2, 0.5, "words", "c-TF-IDF")


def report() -> Report:
    papers = tuple(Paper(id=f"p{i:03}", abstract=f"Abstract {i}.", title=f"Title {i:03}") for i in range(N))
    ids = [p.id for p in papers]
    themes = (
        Theme(id=1, label="First", slug="first", keywords=("a",), paper_ids=tuple(ids[:70])),
        Theme(id=2, label="Second", slug="second", keywords=("b",), paper_ids=tuple(ids[70:100])),
    )
    summaries = (
        ThemeSummary(
            theme_id=1,
            representatives=("p000", "p069"),
            headlines=(),
            summary=(Citation(text="A sentence.", paper_id="p050"),),
        ),
        ThemeSummary(theme_id=2, representatives=("p070",), headlines=(), summary=()),
    )
    return Report(
        title="Survey",
        corpus=Corpus(papers=papers),
        themes=ThemeSet(themes=themes, outliers=tuple(ids[100:]), coords={}, fit=FIT),
        summaries=summaries,
        headlines=dict.fromkeys(ids, ()),
        names={p.id: p.title or p.id for p in papers},
        charts=(),
    )


def test_uncapped_lists_every_paper() -> None:
    context = build_context(report(), Settings(), lambda c: "")
    assert len(context["bibliography"]) == N and context["unlisted"] == 0
    assert [len(v.papers) for v in context["themes"]] == [70, 30] and len(context["outliers"]) == 20


def test_capped_lists_keep_the_closest_and_every_cited_paper() -> None:
    context = build_context(report(), Settings(), lambda c: "", papers_per_theme=10)
    first, second = context["themes"]
    assert [p.id for p in first.papers] == [f"p{i:03}" for i in range(10)] and first.unlisted == 60
    assert second.unlisted == 20 and len(context["outliers"]) == 10 and context["unlisted_outliers"] == 10
    cited = {p.id for p in context["bibliography"]}
    assert {"p069", "p050", "p070"} <= cited and len(
        cited
    ) == 10 + 10 + 10 + 2  # lists + the representative and quoted papers beyond them
    assert sorted(context["refs"].values()) == list(range(1, len(cited) + 1))  # numbered without gaps


def test_capped_markdown_says_where_the_rest_is() -> None:
    capped = Settings(report=ReportSettings(papers_per_theme=10))
    text = render_outputs(report(), ("md",), capped)["survey.md"].decode()
    elsewhere = "the HTML version of this survey (reportgen build --format html)"  # no survey.html in this build
    assert "The 10 papers closest to the theme's centre, of 70" in text and f"10 more, listed in {elsewhere}" in text
    assert f"the other 88 of the corpus's 120 are in {elsewhere}" in text
    assert "Title 099" not in text  # a paper beyond every cap is named nowhere in the document
    files = render_outputs(report(), ("md", "html"), capped)
    assert "are in the HTML version of this survey (survey.html)" in files["survey.md"].decode()
    assert "Title 099" in files["survey.html"].decode()  # the HTML lists every paper whatever the cap
    full = render_outputs(report(), ("md",), Settings())["survey.md"].decode()
    assert "Title 099" in full and "All 70 papers" in full


def test_every_paper_is_listed_up_to_a_few_thousand(monkeypatch) -> None:
    """By default the Markdown and PDF list every paper up to LIST_ALL_UP_TO papers, then the closest per theme;
    the HTML lists all, and leaves abstracts out above that size (survey.json holds them)."""
    from reportgen.render import context

    assert context.listing_cap(Settings(), LIST_ALL_UP_TO) is None
    assert context.listing_cap(Settings(), LIST_ALL_UP_TO + 1) == CAPPED_LIST
    assert context.listing_cap(Settings(report=ReportSettings(papers_per_theme=7)), 10) == 7
    monkeypatch.setattr(context, "LIST_ALL_UP_TO", 100)  # the 120-paper report stands for a large corpus
    files = render_outputs(report(), ("md", "html"), Settings())
    markdown, html = files["survey.md"].decode(), files["survey.html"].decode()
    assert f"The {CAPPED_LIST} papers closest to the theme's centre, of 70" in markdown and "Title 099" not in markdown
    assert all(f"Title {i:03}" in html for i in range(N)) and "Abstract 7." not in html
    assert "Abstracts are left out of these 120 entries" in html


def test_capped_documents_cite_only_papers_in_their_bibliography() -> None:
    """At scale the lists are capped; every citation mark the syntheses and the overview print still resolves.

    Found by the 54,000-paper build: the overview cited a paper no capped list
    named, and rendering stopped with a KeyError.  The stored report's themes
    hold at most 21 papers, so a cap of 2 exercises the same path.
    """
    import re

    from tests.report_fixture import load_report

    stored, _ = load_report()
    files = render_outputs(stored, ("md", "html"), Settings(report=ReportSettings(papers_per_theme=2)))
    markdown = files["survey.md"].decode()
    entries = set(re.findall(r'<a id="ref-(\d+)"></a>', markdown))
    marks = set(re.findall(r"\]\(#ref-(\d+)\)", markdown))
    assert marks and marks <= entries, sorted(marks - entries, key=int)[:10]
    assert len(entries) < len(stored.corpus.papers)  # the bibliography is still capped


def test_pdf_prints_abstracts_only_while_they_would_not_fill_it() -> None:
    """report.abstracts: unset, the PDF keeps them up to PDF_ABSTRACTS_UP_TO papers; true or false decide."""
    assert (pdf_abstracts(None, PDF_ABSTRACTS_UP_TO), pdf_abstracts(None, PDF_ABSTRACTS_UP_TO + 1)) == (True, False)
    assert (pdf_abstracts(True, 10_000), pdf_abstracts(False, 1)) == (True, False)


def test_a_pdf_without_abstracts_says_where_they_are_and_the_html_keeps_them() -> None:
    files = render_outputs(report(), ("md", "html", "pdf"), Settings())
    markdown, html = files["survey.md"].decode(), files["survey.html"].decode()
    assert "Each entry's abstract is folded under it in the HTML and Markdown versions" in markdown
    assert "Abstract 7." in markdown and "Abstract 7." in html
    pdf_text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(files["survey.pdf"])).pages)
    assert "Title 007" in pdf_text and "Abstract 7." not in pdf_text
    printed = render_outputs(report(), ("pdf",), Settings(report=ReportSettings(abstracts=True)))
    assert "Abstract 7." in "".join(p.extract_text() for p in PdfReader(io.BytesIO(printed["survey.pdf"])).pages)
