"""The view of a Report that templates read: numbering, lookups and statistics, computed once."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Callable, Mapping

from markupsafe import Markup, escape

from reportgen import __version__, vocab
from reportgen.config import CAPPED_LIST, LIST_ALL_UP_TO, PDF_ABSTRACTS_UP_TO, Settings
from reportgen.model import Chart, Headline, Paper, Report, Statement, Theme, ThemeGroup, ThemeSummary
from reportgen.render.environment import escape_markdown

TREND_CHARTS = ("themes-over-time",)
MAP_CHART = "theme-map"  # the figure the HTML shows as an interactive map
OVERVIEW_PARTS = frozenset({"sizes", "growth", "shared"})
SHOWN_CITES = 4
_BREAK = re.compile(r"[,;.]|\band\b")
_QUOTE_END = re.compile(r"^[\u2026\u201d]+")
_CLOSING = re.compile(
    r"^[\u2026\u201d)\]]*"
)  # citation marks shown after a fact; survey.json lists every paper it cites


@dataclass(frozen=True)
class ThemeView:
    theme: Theme
    summary: ThemeSummary
    papers: tuple[Paper, ...]
    charts: tuple[Chart, ...]
    group: ThemeGroup | None
    ref_numbers: tuple[int, ...]
    unlisted: int = 0  # papers of the theme left out of the document's list (all are in survey.json)


def reference_numbers(report: Report, cited: set[str] | None = None) -> dict[str, int]:
    """Bibliography numbers: papers (the cited ones, when given) sorted by display name (then id), numbered from 1."""
    papers = report.corpus.papers if cited is None else [p for p in report.corpus.papers if p.id in cited]
    ordered = sorted(papers, key=lambda p: (report.names[p.id].casefold(), p.id))
    return {p.id: n for n, p in enumerate(ordered, 1)}


def listing_cap(settings: Settings, papers: int) -> int | None:
    """Papers per theme the Markdown and PDF list: the setting, else all up to LIST_ALL_UP_TO papers, else CAPPED_LIST.

    A few thousand entries still make a document a reader can search and
    print; 54,000 make a PDF of thousands of pages, so above that the lists
    keep the papers closest to each theme's centre and the HTML lists all.
    """
    if settings.report.papers_per_theme is not None:
        return settings.report.papers_per_theme
    return None if papers <= LIST_ALL_UP_TO else CAPPED_LIST


def listed_papers(report: Report, cap: int | None) -> tuple[dict[int, tuple[str, ...]], tuple[str, ...]]:
    """Which papers a document lists: per theme the `cap` closest to its centre, and the first `cap` of Other.

    cap=None lists all (see listing_cap).
    """
    per_theme = {t.id: t.paper_ids if cap is None else t.paper_ids[:cap] for t in report.themes.themes}
    return per_theme, report.themes.outliers if cap is None else report.themes.outliers[:cap]


def cited_papers(report: Report, per_theme: dict[int, tuple[str, ...]], outliers: tuple[str, ...]) -> set[str]:
    """Every paper the document names: listed, representative, quoted in a summary, a headline table or a synthesis."""
    cited = {pid for ids in per_theme.values() for pid in ids} | set(outliers)
    for summary in report.summaries:
        cited.update(summary.representatives)
        cited.update(s.paper_id for s in summary.summary)
        cited.update(h.paper_id for h in summary.headlines)
        cited.update(pid for st in summary.synthesis.statements for pid in shown_cites(st))
        cited.update(r.headline.paper_id for r in summary.synthesis.results)
        cited.update(row.contribution.paper_id for row in summary.synthesis.compared)
    cited.update(pid for st in report.overview for pid in shown_cites(st))
    return cited


def shown_cites(statement: Statement) -> set[str]:
    """The papers a synthesis sentence prints citation marks for: the first SHOWN_CITES of each fact's."""
    return {pid for span in statement.spans if span.kind == "fact" for pid in span.cites[:SHOWN_CITES]}


def figure_numbers(report: Report) -> dict[str, int]:
    """Figures are numbered in document order: overview charts, then per-theme charts, then trends."""
    overview = [c for c in report.charts if c.theme_id is None and c.id not in TREND_CHARTS]
    per_theme = [c for t in report.themes.themes for c in report.charts if c.theme_id == t.id]
    trends = [c for c in report.charts if c.id in TREND_CHARTS]
    return {c.id: n for n, c in enumerate(overview + per_theme + trends, 1)}


def statement_markup(
    statement: Statement, refs: Mapping[str, int], ref_prefix: str, theme_hrefs: Mapping[int, str]
) -> Markup:
    """A synthesis sentence as Markdown, theme names linked to their section.

    A fact's citation marks follow the run of facts that cite the same papers
    ("on COCO (accuracy): “…”" cites once), placed after closing quotes and
    brackets and before the next separator (", ", "; ", " and ", "."); where the
    next fact cites other papers before any separator ("XRISM (3 papers): one
    presents “…”"), right after the fact and its closing marks, so they never
    land on the grammar's words between two facts.
    """
    out: list[str] = []
    pending: tuple[str, ...] = ()
    depth = pending_depth = 0  # open brackets now, and when the pending fact was written
    mark_at = 0  # where in `out` the pending run's marks go if the next fact comes before a separator

    def marks() -> str:
        shown = ", ".join(f"[{refs[pid]}]({ref_prefix}{refs[pid]})" for pid in pending[:SHOWN_CITES])
        return f" [{shown}{', …' if len(pending) > SHOWN_CITES else ''}]"

    def flush(at: int | None = None) -> None:
        nonlocal pending
        if pending:
            out.insert(len(out) if at is None else at, marks())
        pending = ()

    for span in statement.spans:
        if span.kind == "fact" and span.cites:
            if pending and pending != span.cites:
                flush(mark_at)
            out.append(str(escape_markdown(span.text)))
            pending, pending_depth = span.cites, (pending_depth if pending == span.cites else depth)
            mark_at = len(out)
            continue
        text = span.text
        if pending and mark_at == len(out) and (quote := _QUOTE_END.match(text)) and not _BREAK.search(text):
            out.append(str(escape_markdown(quote.group(0))))  # a closing quote stays before the marks
            mark_at, text = len(out), text[quote.end() :]
        if pending and text.startswith(")") and depth == pending_depth > 0:
            flush()  # "among them PhotoVerse [116])": the marks stay inside the bracket the fact is in
        depth += text.count("(") - text.count(")")
        if pending and _BREAK.search(text):
            closing = match.group(0) if (match := _CLOSING.match(text)) else ""
            out.append(str(escape_markdown(closing)))
            flush()
            text = text[len(closing) :]
        if (
            span.kind == "theme"
            and span.theme is not None
            and span.theme in theme_hrefs
            and statement.part in OVERVIEW_PARTS
            and not text.endswith(" papers")
        ):  # names link, sizes do not; a theme's own section does not link to itself
            out.append(f"[{escape_markdown(text)}]({theme_hrefs[span.theme]})")
        elif text:
            out.append(str(escape_markdown(text)))
    flush()
    return Markup("".join(out))


@dataclass(frozen=True)
class ContentsEntry:
    """One line of the contents list, which survey.md and survey.html's sidebar both print."""

    anchor: Markup
    label: str
    number: int | None = None
    level: int = 0  # 1: a theme inside a group
    heading: bool = False  # a group's heading: a chapter, with its themes (level 1) nested under it


def query_rows(report: Report, settings: Settings) -> list[dict[str, object]]:
    """Provenance per query source: how it was asked (from the settings) and what it brought (from ingest)."""
    asked = {q.name: q for q in settings.sources}
    rows: list[dict[str, object]] = []
    for count in report.corpus.queries:
        query = asked.get(count.name)
        rows.append(
            {
                "name": count.name,
                "api": query.api if query else None,
                "query": query.text if query else None,
                "since": query.since if query else None,
                "records": count.records,
                "papers": count.papers,
                "only_here": count.only_here,
            }
        )
    return rows


def contents(report: Report) -> tuple[ContentsEntry, ...]:
    """The document's sections in order; "Other" and "Trends" only when the survey has them."""
    entries = [ContentsEntry(Markup("overview"), "Overview")]
    groups = {g.id: g for g in report.themes.groups}
    previous = None
    for theme in report.themes.themes:
        group = groups.get(theme.parent) if theme.parent is not None else None
        if group is not None and group is not previous:
            entries.append(ContentsEntry(Markup(f"group-{group.id}"), group.label, heading=True))
        entries.append(ContentsEntry(Markup(f"theme-{theme.id}"), theme.label, theme.id, level=1 if group else 0))
        previous = group
    if report.themes.outliers:
        entries.append(ContentsEntry(Markup("other"), "Papers" if too_small_note(report) else "Other papers"))
    if any(c.id in TREND_CHARTS for c in report.charts):
        entries.append(ContentsEntry(Markup("trends"), "Trends over time"))
    entries += [ContentsEntry(Markup("methods"), "Methods"), ContentsEntry(Markup("bibliography"), "Bibliography")]
    if report.themes.themes:
        entries.append(ContentsEntry(Markup("index"), "Papers by theme"))
    return tuple(entries)


def build_context(
    report: Report,
    settings: Settings,
    image_src: Callable[[Chart], str],
    logo_src: str | None = None,
    *,
    papers_per_theme: int | None = None,
    full_lists_in: str = "survey.json",
    live_map: Callable[[Mapping[str, int]], Markup] | None = None,
) -> dict[str, Any]:
    """What templates see: the report, the settings (typed), and lookups computed once.

    papers_per_theme caps the paper lists (and so the bibliography): see
    listed_papers; full_lists_in names, for the reader, where every paper is listed;
    live_map makes the interactive map (from the bibliography's numbers) that the
    map figure carries in the HTML.
    """
    papers = report.corpus.by_id()
    per_theme, outliers = listed_papers(report, papers_per_theme)
    capped = sum(map(len, per_theme.values())) + len(outliers) < len(report.corpus.papers)
    refs = reference_numbers(report, cited_papers(report, per_theme, outliers) if capped else None)
    groups = {g.id: g for g in report.themes.groups}
    numbers = figure_numbers(report)

    def figure(chart: Chart) -> Markup:
        """A numbered figure with caption and alt text, as an HTML block (Markdown keeps it as is)."""
        live = live_map(refs) + Markup("\n") if live_map is not None and chart.id == MAP_CHART else ""
        return Markup(
            f'<figure id="figure-{numbers[chart.id]}">\n<img src="{escape(image_src(chart))}" alt="{escape(chart.alt)}">\n{live}'
            f"<figcaption><strong>Figure {numbers[chart.id]}.</strong> {escape(chart.title)}. {escape(chart.caption)}</figcaption>\n</figure>\n"
        )

    themes = [
        ThemeView(
            theme=t,
            summary=report.summary_of(t.id),
            papers=tuple(papers[pid] for pid in per_theme[t.id]),
            charts=tuple(c for c in report.charts if c.theme_id == t.id),
            group=groups.get(t.parent) if t.parent is not None else None,
            ref_numbers=tuple(sorted(refs[pid] for pid in per_theme[t.id])),
            unlisted=len(t.paper_ids) - len(per_theme[t.id]),
        )
        for t in report.themes.themes
    ]
    dates = sorted(p.date for p in report.corpus.papers if p.date)

    def said(statement: Statement, ref_prefix: str = "#ref-", theme_hrefs: Mapping[int, str] | None = None) -> Markup:
        return statement_markup(
            statement,
            refs,
            ref_prefix,
            {t.id: f"#theme-{t.id}" for t in report.themes.themes} if theme_hrefs is None else theme_hrefs,
        )

    return {
        "said": said,
        "report": report,
        "title": report.title,
        "date": report.date,
        "themes": themes,
        "outliers": [papers[pid] for pid in outliers],
        "unlisted_outliers": len(report.themes.outliers) - len(outliers),
        "papers": papers,
        "names": report.names,
        "refs": refs,
        "bibliography": sorted((papers[pid] for pid in refs), key=lambda p: refs[p.id]),
        "unlisted": len(report.corpus.papers) - len(refs),
        "vectors_made": PRECISIONS.get(report.precision, report.precision),
        "full_lists_in": full_lists_in,
        "papers_per_theme": papers_per_theme,
        "abstracts": settings.report.abstracts
        if settings.report.abstracts is not None
        else len(refs) <= LIST_ALL_UP_TO,
        "pdf_abstracts": pdf_abstracts(settings.report.abstracts, len(refs)),
        "charts": {c.id: c for c in report.charts},
        "overview_charts": [c for c in report.charts if c.theme_id is None and c.id not in TREND_CHARTS],
        "trend_charts": [c for c in report.charts if c.id in TREND_CHARTS],
        "figure": figure,
        "contents": contents(report),
        "image_src": image_src,
        "logo_src": logo_src,
        "version": __version__,
        "digest": settings.digest(),
        "model": report.model,
        "stats": _statistics(report, dates),
        "queries": query_rows(report, settings),
        "settings": settings,
        "too_small": too_small_note(report),
        "loose_headlines": _loose_headlines(report, settings.summary.headlines),
        "dataset_column": vocab.field_profile(report.field).dataset_column,
        "dataset_noun": vocab.field_profile(report.field).dataset_noun,
    }


# How the vectors were computed (reportgen.embed.precision), as the methods section says it.
PRECISIONS = {
    "f32-avx2": "computed in float32 with the CPU's kernels pinned to their AVX2 code and no padding, so that every x86-64 CPU gives the same vectors",
    "f64->f32": "computed in float64 and rounded to float32, so that every CPU gives the same vectors",
    "f32": "computed in float32 as the hardware's libraries chose (embedding.exact = false, or a GPU): the last bits of a vector, and rarely a theme, may differ between machines",
}


def pdf_abstracts(setting: bool | None, papers: int) -> bool:
    """Whether the PDF prints the bibliography's abstracts: as set, else only while they would not fill most of it."""
    return setting if setting is not None else papers <= PDF_ABSTRACTS_UP_TO


def _loose_headlines(report: Report, per_paper: int) -> list[Headline]:
    """Without themes, the papers' own result numbers in reference order, a few per paper (the table a theme would have had)."""
    if report.themes.themes:
        return []
    refs = reference_numbers(report)
    ordered = sorted(report.corpus.papers, key=lambda p: refs[p.id])
    return [h for p in ordered for h in [h for h in report.headlines.get(p.id, ()) if h.role == "result"][:per_paper]]


def too_small_note(report: Report) -> str | None:
    """Why a survey has no themes (a corpus below the pipeline's minimum), for every document to say; None otherwise."""
    need = report.themes.min_papers
    if not report.themes.too_small or need is None:
        return None
    have = len(report.corpus.papers)
    return (
        f"This corpus has {have} paper{'s' if have != 1 else ''}: too few to group into themes, which need at least {need} papers. "
        f"The papers are listed without themes; add {need - have} or more papers and build again to see themes."
    )


def _statistics(report: Report, dates: list[str]) -> Mapping[str, object]:
    corpus = report.corpus
    return {
        "papers": len(corpus.papers),
        "titled": sum(1 for p in corpus.papers if p.title),
        "themes": len(report.themes.themes),
        "outliers": len(report.themes.outliers),
        "sources": len(corpus.sources),
        "merged": sum(corpus.counts("merged").values()),
        "skipped": sum(corpus.counts("skipped").values()),
        "first_date": dates[0] if dates else None,
        "last_date": dates[-1] if dates else None,
        "headlines": sum(h.role == "result" for found in report.headlines.values() for h in found),
    }
