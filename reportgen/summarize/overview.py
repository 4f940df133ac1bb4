"""The survey-wide synthesis: the themes' relative sizes, which grew fastest, and the benchmarks they share.  Pure.

Written with the same typed Spans as a theme's synthesis: theme labels and sizes
point at their theme, counts cite the papers counted, and a benchmark's name
cites the papers whose abstracts name it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from reportgen.model import Paper, Span, Statement, Theme
from reportgen.periods import split, within
from reportgen.summarize import facts
from reportgen.summarize.facts import PaperFacts
from reportgen.summarize.prose import series as _series
from reportgen.summarize.prose import text as _t
from reportgen.summarize.synthesis import Background

MIN_DATED = 4  # a theme needs this many dated papers before its growth is compared
MAX_SHARED = 6


def _label(theme: Theme) -> Span:
    return Span(theme.label, "theme", theme=theme.id)


def _sizes(themes: Sequence[Theme]) -> Statement | None:
    if len(themes) < 2:
        return None
    ranked = sorted(themes, key=lambda t: (-t.size, t.id))
    top = ranked[:3] if len(ranked) > 3 else ranked[:-1]
    spans = [_t("The largest themes are " if len(top) > 1 else "The largest theme is ")]
    spans += list(_series([(_label(t), _t(" ("), Span(f"{t.size} papers", "theme", theme=t.id), _t(")")) for t in top]))
    smallest = ranked[-1]
    spans += [
        _t("; the smallest is "),
        _label(smallest),
        _t(" ("),
        Span(f"{smallest.size} papers", "theme", theme=smallest.id),
        _t(")."),
    ]
    return Statement("sizes", tuple(spans))


def _bounds_text(bounds: tuple[str, str]) -> str:
    return bounds[0] if bounds[0] == bounds[1] else f"{bounds[0]} to {bounds[1]}"


def _growth(themes: Sequence[Theme], papers: Mapping[str, Paper], grain: str) -> Statement | None:
    dates = [p.date for p in papers.values() if p.date]
    halves = split(dates, grain)
    if halves is None:
        return None
    early, late = halves
    rows = []
    for theme in themes:
        dated = [(date, pid) for pid in theme.paper_ids if (date := papers[pid].date)]
        before = tuple(pid for d, pid in dated if within(d, early))
        after = tuple(pid for d, pid in dated if within(d, late))
        if len(dated) >= MIN_DATED and len(after) > len(before):
            rows.append(((len(after) + 1) / (len(before) + 1), theme, before, after))
    if not rows:
        return Statement(
            "growth",
            (
                _t("No theme has more papers dated "),
                Span(_bounds_text(late), "period", period=late),
                _t(" than "),
                Span(_bounds_text(early), "period", period=early),
                _t(", among the themes with four or more dated papers."),
            ),
        )
    rows.sort(key=lambda r: (-r[0], -len(r[3]), r[1].id))
    spans = [
        _t("Comparing papers dated "),
        Span(_bounds_text(early), "period", period=early),
        _t(" with those dated "),
        Span(_bounds_text(late), "period", period=late),
    ]
    spans += [_t(", the themes that grew fastest are " if len(rows[:3]) > 1 else ", the theme that grew fastest is ")]
    spans += list(
        _series(
            [
                (
                    _label(t),
                    _t(" (from "),
                    Span(str(len(b)), "count", b),
                    _t(" to "),
                    Span(str(len(a)), "count", a),
                    _t(")"),
                )
                for _, t, b, a in rows[:3]
            ]
        )
    )
    return Statement("growth", tuple(spans + [_t(".")]))


def _shared(themes: Sequence[Theme], read: Mapping[str, PaperFacts]) -> Statement | None:
    named: dict[str, dict[int, list[str]]] = {}
    spellings: dict[str, list[str]] = {}
    for theme in themes:
        for pid in theme.paper_ids:
            for key, spelling in read[pid].benchmarks.items():
                named.setdefault(key, {}).setdefault(theme.id, []).append(pid)
                spellings.setdefault(key, []).append(spelling)
    keys = sorted(
        (k for k, by in named.items() if len(by) >= 2),
        key=lambda k: (-len(named[k]), -sum(map(len, named[k].values())), k),
    )
    if not keys:
        return None
    items = []
    for key in keys[:MAX_SHARED]:
        cites = tuple(pid for ids in named[key].values() for pid in ids)
        name = facts.most_common_spelling(spellings[key])
        themes_of = _series([(Span(str(tid), "theme", theme=tid),) for tid in sorted(named[key])])
        items.append(
            (
                Span(name, "fact", cites),
                _t(" ("),
                Span(f"{len(cites)} papers", "count", cites),
                _t(" in themes "),
                *themes_of,
                _t(")"),
            )
        )
    return Statement("shared", (_t("Benchmarks shared across themes: "), *_series(items), _t(".")))


def survey_overview(
    themes: Sequence[Theme], papers: Mapping[str, Paper], background: Background
) -> tuple[Statement, ...]:
    """Sizes, growth and shared benchmarks, each a statement; those the corpus gives no facts for are left out."""
    found = [_sizes(themes), _growth(themes, papers, background.grain), _shared(themes, background.facts)]
    return tuple(s for s in found if s is not None)
