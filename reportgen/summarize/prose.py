"""The fixed grammar a synthesis is written in: facts -> Statements of typed, cited Spans.  Pure.

Only these functions write words; each word is either the grammar's own (no
numbers, no names) or a fact Span citing the abstracts it comes from.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from reportgen.model import (
    BestResult,
    Citation,
    Compared,
    Contribution,
    Paper,
    Span,
    Statement,
    SubDirection,
    Theme,
    Usage,
)
from reportgen.periods import count_by_period
from reportgen.strings import third_person
from reportgen.summarize.contrasts import Difference, Side


def text(text: str) -> Span:
    """The grammar's own words: no numbers, no names (the traceability test checks)."""
    return Span(text)


def fact(text: str, cites: Sequence[str]) -> Span:
    return Span(text, "fact", tuple(cites))


def count(cites: Sequence[str], noun: str = "") -> Span:
    """ "3 papers": a number that is true by counting the papers it cites."""
    n = len(cites)
    return Span(f"{n}{' ' + noun + ('s' if n != 1 else '') if noun else ''}", "count", tuple(cites))


def series(items: Sequence[tuple[Span, ...]], last: str = " and ", sep: str = ", ") -> tuple[Span, ...]:
    """a, b and c, as spans."""
    out: list[Span] = []
    for i, item in enumerate(items):
        if i:
            out.append(text(last if i == len(items) - 1 else sep))
        out.extend(item)
    return tuple(out)


def problem_statement(opening: Citation | None) -> Statement | None:
    """ "A central paper states the problem it takes on: “…”": one paper's motivating sentence, quoted whole, said as one paper's."""
    if opening is None:
        return None
    return Statement(
        "problem",
        (
            text("A central paper states the problem it takes on: \u201c"),
            fact(opening.text, (opening.paper_id,)),
            text("\u201d."),
        ),
    )


def directions_statement(theme: Theme, directions: Sequence[SubDirection]) -> Statement | None:
    """ "Its 28 papers, by what they work on:", leading the groups' own statements; None when no group is named."""
    if not any(d.phrase for d in directions):
        return None
    return Statement("directions", (text("Its "), count(theme.paper_ids, "paper"), text(", by what they work on:")))


_ORDINALS = ("one", "another", "a third", "a fourth", "a fifth", "a sixth")  # synthesis quotes at most six


def _said(subject: str, c: Contribution) -> tuple[Span, ...]:
    """ "one presents “new observations of …” and finds “that …”": the paper's verbs, its clauses quoted."""
    pid = (c.paper_id,)
    spans = [text(f"{subject} {third_person(c.verb)} \u201c"), fact(c.clause, pid), text(_closing(c.cut))]
    if c.finding:
        spans += [
            text(f" and {third_person(c.finding_verb)} \u201c"),
            fact(c.finding, pid),
            text(_closing(c.finding_cut)),
        ]
    return tuple(spans)


def _closing(cut: bool) -> str:
    return "\u2026\u201d" if cut else "\u201d"


def approach_statement(d: SubDirection, groups: int) -> Statement | None:
    """ "post-training quantization (6 papers): one proposes “FlatQuant, a …”; another introduces “…”."."""
    if d.phrase:
        lead = [fact(d.phrase, d.paper_ids), text(" ("), count(d.paper_ids, "paper"), text(")")]
    elif d.contributions:
        lead = [
            text("Others (" if groups > 1 else "Its "),
            count(d.paper_ids, "paper"),
            text(")" if groups > 1 else ""),
        ]
    else:
        return None
    said = [_said(_ORDINALS[i], c) for i, c in enumerate(d.contributions)]
    spans = lead + ([text(": ")] + list(series(said, last="; ", sep="; ")) if said else [])
    return Statement("approach", (*spans, text(".")))


def compared_statement(d: SubDirection, rows: Sequence[Compared], groups: int) -> Statement:
    """ "8 of the other 21 papers, side by side, by kind of work:" (or "Its 6 papers, ..."): what the comparison
    table of the papers no group names shows, and of how many."""
    shown = [r.contribution.paper_id for r in rows]
    if len(shown) == len(d.paper_ids):
        lead: tuple[Span, ...] = (text("The other " if groups > 1 else "Its "), count(shown, "paper"))
    else:
        lead = (count(shown), text(" of the other " if groups > 1 else " of its "), count(d.paper_ids, "paper"))
    return Statement("compared", (*lead, text(", side by side, by kind of work:")))


def difference_statement(d: Difference) -> Statement:
    """ "Its papers differ in whether they train: papers that say they are training-free (“training-free” [..];
    “tuning-free” [..]), one of which proposes “…”; and papers that say they train or fine-tune (“we train” [..])."

    No counts: a side holds the papers whose own words place them, not all that could be placed, and blind
    readers took "1 paper says it trains" to deny it of three more that trained without writing it.
    """
    sides = [_side(s) for s in d.sides]
    return Statement(
        "contrast", (text(f"Its papers differ {d.differ}: "), *series(sides, last="; and ", sep="; "), text("."))
    )


def _side(side: Side) -> tuple[Span, ...]:
    several = len(side.paper_ids) > 1
    says = f"papers that say they {side.says}" if several else f"a paper that says it {side.one or _one(side.says)}"
    words = [(text("\u201c"), fact(spelling, pids), text("\u201d")) for spelling, pids in side.spellings]
    spans = [text(f"{says} ("), *series(words, last="; ", sep="; "), text(")")]
    if side.example:
        spans += [text(", one of which" if several else ", which"), *_said("", side.example)]
    return tuple(spans)


def _one(says: str) -> str:
    """ "are training-free" -> "is training-free", "observe" -> "observes": the verb after "a paper that says it"."""
    verb, _, rest = says.partition(" ")
    return f"{'is' if verb == 'are' else third_person(verb)} {rest}".strip()


def departures_statement(departures: Sequence[Citation]) -> Statement | None:
    """ "Where its papers depart from other approaches, in their own words: “Unlike …”; “…”."."""
    if not departures:
        return None
    quotes = [(text("\u201c"), fact(c.text, (c.paper_id,)), text("\u201d")) for c in departures]
    return Statement(
        "departures",
        (
            text("Where its papers depart from other approaches, in their own words: "),
            *series(quotes, last="; ", sep="; "),
            text("."),
        ),
    )


def plural(noun: str) -> str:
    """ "trial or cohort" -> "trials or cohorts"."""
    return " or ".join(n + ("es" if n.endswith("s") else "s") for n in noun.split(" or "))


def state_statement(results: Sequence[BestResult], claims: Sequence[Citation], noun: str) -> Statement:
    """The state of the art where two or more papers report the same metric on the same `noun`; else that none does.

    Without one, its central papers' claims are quoted whole, each with its own baseline (not "its strongest":
    blind readers found larger claims elsewhere in the theme, since numbers on different baselines do not rank),
    after a plain statement that their numbers do not compare.
    """
    if results:
        items = []
        for r in results[:2]:
            pid = (r.headline.paper_id,)
            quoted = r.headline.sentence.rstrip(".") if len(r.headline.sentence.split()) <= 40 else r.excerpt
            items.append(
                (text("the best of "), count(r.reporting, "paper"), text(" on "), fact(r.dataset or "", pid))
                + (text(" ("), fact(r.metric or "", pid), text("): \u201c"), fact(quoted, pid), text("\u201d"))
            )
        lead = f"The state of the art, where two or more papers report the same metric on the same {noun}: "
        return Statement("state", (text(lead), *series(items, last="; "), text(".")))
    spans = [
        text(
            f"Among the results found in its abstracts, no two papers share a metric and a {noun},"
            " so this survey compares none across papers"
        )
    ]
    if claims:
        quotes = [(text("\u201c"), fact(c.text, (c.paper_id,)), text("\u201d")) for c in claims]
        spans += [text("; what its central papers claim, each against its own baseline: "), *series(quotes, last="; ")]
    return Statement("state", (*spans, text(".")))


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


def evaluation_statement(benchmarks: Sequence[Usage], noun: str) -> Statement | None:
    """Every benchmark (trial, cohort, survey: the field's `noun`) two or more papers name; None when none is."""
    if not benchmarks:
        return None
    items = series([(fact(u.name, u.paper_ids), text(" ("), count(u.paper_ids), text(")")) for u in benchmarks])
    return Statement(
        "evaluation", (text(plural(noun).capitalize() + " named by two or more papers: "), *items, text("."))
    )


def open_statement(problems: Sequence[Citation]) -> Statement | None:
    """The open problems, quoted whole."""
    if not problems:
        return None
    quotes = [(text("\u201c"), fact(c.text, (c.paper_id,)), text("\u201d")) for c in problems]
    return Statement("open", (text("Open problems the papers name: "),) + series(quotes, last=" and ") + (text("."),))
