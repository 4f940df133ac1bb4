"""The view of a Report that templates read: numbering, lookups and statistics, computed once."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Mapping

from reportgen.model import Chart, Paper, Report, Theme, ThemeSummary


@dataclass(frozen=True)
class ThemeView:
    theme: Theme
    summary: ThemeSummary
    papers: tuple[Paper, ...]
    charts: tuple[Chart, ...]


def reference_numbers(report: Report) -> dict[str, int]:
    """Bibliography numbers: papers sorted by display name (then id), numbered from 1."""
    ordered = sorted(report.corpus.papers, key=lambda p: (report.names[p.id].casefold(), p.id))
    return {p.id: n for n, p in enumerate(ordered, 1)}


def build_context(report: Report, image_src: Callable[[Chart], str]) -> dict[str, Any]:
    papers = report.corpus.by_id()
    refs = reference_numbers(report)
    themes = [
        ThemeView(
            theme=t,
            summary=report.summary_of(t.id),
            papers=tuple(papers[pid] for pid in t.paper_ids),
            charts=tuple(c for c in report.charts if c.theme_id == t.id),
        )
        for t in report.themes.themes
    ]
    dates = sorted(p.date for p in report.corpus.papers if p.date)
    return {
        "report": report,
        "title": report.title,
        "date": report.date,
        "themes": themes,
        "outliers": [papers[pid] for pid in report.themes.outliers],
        "papers": papers,
        "names": report.names,
        "refs": refs,
        "bibliography": sorted(report.corpus.papers, key=lambda p: refs[p.id]),
        "charts": {c.id: c for c in report.charts},
        "overview_charts": [c for c in report.charts if c.theme_id is None],
        "image_src": image_src,
        "stats": _statistics(report, dates),
        "settings": report.settings,
    }


def _statistics(report: Report, dates: list[str]) -> Mapping[str, Any]:
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
        "headlines": sum(len(h) for h in report.headlines.values()),
    }
