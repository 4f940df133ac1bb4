"""The fixed grammar a synthesis is written in: facts -> Statements of typed, cited Spans.  Pure.

Only these functions write words; each word is either the grammar's own (no
numbers, no names) or a fact Span citing the abstracts it comes from.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from reportgen.model import (
    BestResult,
    Citation,
    Paper,
    Span,
    Statement,
    SubDirection,
    Theme,
    Usage,
)
from reportgen.periods import count_by_period

MAX_METRICS = 6


def text(text: str) -> Span:
    """The grammar's own words: no numbers, no names (the traceability test checks)."""
    return Span(text)


def fact(text: str, cites: Sequence[str]) -> Span:
    return Span(text, "fact", tuple(cites))


def count(cites: Sequence[str], noun: str = "") -> Span:
    """ "3 papers": a number that is true by counting the papers it cites."""
    n = len(cites)
    return Span(f"{n}{' ' + noun + ('s' if n != 1 else '') if noun else ''}", "count", tuple(cites))


def series(items: Sequence[tuple[Span, ...]], last: str = " and ") -> tuple[Span, ...]:
    """a, b and c, as spans."""
    out: list[Span] = []
    for i, item in enumerate(items):
        if i:
            out.append(text(last if i == len(items) - 1 else ", "))
        out.extend(item)
    return tuple(out)


def directions_statement(theme: Theme, directions: Sequence[SubDirection]) -> Statement:
    """ "Its 28 papers fall into two groups: X (17 papers, among them M), Y (9 papers); 2 other papers belong to none."."""
    if not directions:
        return Statement(
            "directions",
            (
                text("Its "),
                count(theme.paper_ids, "paper"),
                text(" form no sub-direction of three or more papers that share a phrase."),
            ),
        )
    items = []
    for d in directions:
        item = [fact(d.phrase, d.paper_ids), text(" ("), count(d.paper_ids, "paper")]
        if d.methods:
            item += [text(", among them ")] + list(series([(fact(name, (pid,)),) for name, pid in d.methods]))
        items.append(tuple(item + [text(")")]))
    covered = {pid for d in directions for pid in d.paper_ids}
    others = [pid for pid in theme.paper_ids if pid not in covered]
    if len(directions) == 1:
        lead = (text("Its "), count(theme.paper_ids, "paper"), text(" form one group, around "))
    else:
        lead = (
            text("Its "),
            count(theme.paper_ids, "paper"),
            text(" fall into " + _number_word(len(directions)) + " groups: "),
        )
    tail = (
        (text("; "), count(others, "other paper"), text(" belong" + ("s" if len(others) == 1 else "") + " to none."))
        if others
        else (text("."),)
    )
    return Statement("directions", lead + series(items) + tail)


def _number_word(n: int) -> str:
    return ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")[n] if n < 10 else "many"


def time_statement(
    theme: Theme, papers: Mapping[str, Paper], grain: str
) -> tuple[Statement | None, tuple[tuple[str, int], ...]]:
    """The dated papers' span and, with four or more in two or more periods, their count per period (the growth)."""
    dated = sorted((date, pid) for pid in theme.paper_ids if (date := papers[pid].date))
    if not dated:
        return None, ()
    first, last = dated[0][0], dated[-1][0]

    def on(d: str) -> tuple[str, ...]:
        return tuple(pid for date, pid in dated if date == d)

    ids = [pid for _, pid in dated]
    if len(dated) < theme.size:
        spans = [
            count(ids),
            text(" of its "),
            Span(f"{theme.size} papers", "theme", theme=theme.id),
            text(" carry a date" if len(dated) > 1 else " carries a date"),
        ]
    else:
        spans = (
            [text("All "), count(ids, "paper"), text(" are dated")]
            if len(ids) > 1
            else [text("Its one paper is dated")]
        )
    if first == last:
        spans += [text(": "), Span(first, "period", on(first), (first, first)), text(".")]
        return Statement("time", tuple(spans)), ()
    spans += [
        text(", from "),
        Span(first, "period", on(first), (first, first)),
        text(" to "),
        Span(last, "period", on(last), (last, last)),
    ]
    periods = count_by_period([(d, pid) for d, pid in dated], grain)
    if len(periods) >= 2 and len(dated) >= 4:
        spans += [text(", by " + {"year": "year", "quarter": "quarter", "month": "month"}[grain] + ": ")]
        spans += list(
            series([(count(p.papers), text(" in "), Span(p.label, "period", p.papers, p.bounds)) for p in periods])
        )
    spans.append(text("."))
    return Statement("time", tuple(spans)), tuple((p.label, len(p.papers)) for p in periods)


def evaluation_statement(benchmarks: Sequence[Usage], metrics: Sequence[Usage]) -> Statement:
    """Every benchmark two or more papers name (none left out), and the most shared metrics."""

    def items(usages: Sequence[Usage]) -> tuple[Span, ...]:
        return series([(fact(u.name, u.paper_ids), text(" ("), count(u.paper_ids), text(")")) for u in usages])

    if benchmarks:
        spans = (text("Benchmarks named by two or more papers: "),) + items(benchmarks)
    else:
        spans = (text("No benchmark is named by two or more of its papers"),)
    if metrics:
        spans += (text("; shared metrics: "),) + items(metrics[:MAX_METRICS])
    return Statement("evaluation", spans + (text("."),))


def _result_spans(r: BestResult) -> tuple[Span, ...]:
    """ "on GSM8K (accuracy), “reaches 92.1% accuracy”": the claim in its own words, the where and what from the claim."""
    pid = (r.headline.paper_id,)
    head: list[Span] = []
    if r.dataset:
        head += [text("on "), fact(r.dataset, pid)]
    if r.metric:
        head += [text(" (" if r.dataset else "in "), fact(r.metric, pid), text(")" if r.dataset else "")]
    quoted = r.excerpt or r.headline.value
    before = "" if r.headline.sentence.startswith(quoted) else "…"
    after = "" if r.headline.sentence.rstrip(".").endswith(quoted.rstrip(".")) else "…"
    return tuple(head) + (text((": " if head else "") + "\u201c" + before), fact(quoted, pid), text(after + "\u201d"))


def results_statement(results: Sequence[BestResult]) -> Statement | None:
    """The two most reported benchmarks' strongest results in prose; the table shows every row."""
    if not results:
        return None
    top = [r for r in results if r.dataset][:2] or list(results[:2])
    return Statement(
        "results",
        (text("Strongest results reported: "),) + series([_result_spans(r) for r in top], last="; ") + (text("."),),
    )


def open_statement(problems: Sequence[Citation]) -> Statement | None:
    """The open problems, quoted whole."""
    if not problems:
        return None
    quotes = [(text("\u201c"), fact(c.text, (c.paper_id,)), text("\u201d")) for c in problems]
    return Statement("open", (text("Open problems the papers name: "),) + series(quotes, last=" and ") + (text("."),))
