"""The traceability check for synthesis sentences, shared by the unit and end-to-end tests.

Works on survey.json's form of a statement ({"part", "text", "cites", "spans"}), so
the end-to-end tests check exactly what a reader of survey.json gets.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from reportgen.periods import within

_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_WORD = re.compile(r"[A-Za-z0-9][\w@+./-]*")


def named_tokens(text: str) -> list[str]:
    """Numbers and name-like words (two capitals or a digit: GSM8K, FlatQuant, 92.1, pass@1)."""
    words = [w.rstrip(".,;:-/") for w in _WORD.findall(text)]
    names = [w for w in words if sum(c.isupper() for c in w) >= 2 or any(c.isdigit() for c in w)]
    return names + _NUMBER.findall(text)


def statement_problems(
    statement: Mapping[str, Any],
    abstracts: Mapping[str, str],
    dates: Mapping[str, str | None],
    themes: Mapping[int, Mapping[str, Any]],
) -> list[str]:
    """Why a statement is not traceable (empty: it is).

    Every number, method and benchmark name outside counts, periods and theme
    references must occur in an abstract the sentence cites; a count must equal the
    number of papers it cites; a period must hold every paper it cites; the grammar's
    own words carry no number and no name.
    """
    problems: list[str] = []
    cited = [abstracts[pid] for pid in statement["cites"]]
    sourced = ""
    for span in statement["spans"]:
        kind, text = span["kind"], span["text"]
        if kind == "text":
            if named_tokens(text):
                problems.append(f"grammar words carry {named_tokens(text)}: {text!r}")
        elif kind == "fact":
            sourced += " " + text
            if not span["cites"] or not any(text in abstracts[pid] for pid in span["cites"]):
                problems.append(f"fact {text!r} is in none of the abstracts it cites")
        elif kind == "count":
            if int(text.split()[0]) != len(span["cites"]):
                problems.append(f"count {text!r} but {len(span['cites'])} papers cited")
        elif kind == "period":
            bounds = tuple(span["period"])
            cited_dates = [dates[pid] for pid in span["cites"]]
            holds = (
                all(d and within(d, bounds) for d in cited_dates)
                if cited_dates
                else any(d and within(d, bounds) for d in dates.values())
            )  # uncited: a corpus half
            if not holds or not all(within(y, (bounds[0][:4], bounds[1][:4])) for y in re.findall(r"\d{4}", text)):
                problems.append(f"period {text!r} does not hold its papers' dates")
        elif kind == "theme":
            theme = themes[span["theme"]]
            if text not in (theme["label"], f"{theme['size']} papers", str(theme["id"])):
                problems.append(f"theme span {text!r} is not theme {theme['id']}'s label, size or number")
        else:
            problems.append(f"unknown span kind {kind!r}")
    for token in named_tokens(sourced):
        if not any(token in abstract for abstract in cited):
            problems.append(f"{token!r} occurs in no abstract the sentence cites")
    return problems


def report_problems(data: Mapping[str, Any]) -> list[str]:
    """Every untraceable statement of a survey.json, theme syntheses and overview."""
    abstracts = {p["id"]: p["abstract"] for p in data["papers"]}
    dates = {p["id"]: p["date"] for p in data["papers"]}
    themes = {t["id"]: t for t in data["themes"]}
    out = []
    statements = [(t["label"], s) for t in data["themes"] for s in t["synthesis"]["statements"]] + [
        ("overview", s) for s in data["overview"]
    ]
    for where, statement in statements:
        out += [
            f"{where}: {statement['text'][:80]}…: {p}" for p in statement_problems(statement, abstracts, dates, themes)
        ]
    for theme in data["themes"]:
        for row in theme["synthesis"]["results"]:
            h = row["headline"]
            shown = [row["excerpt"], h["value"]] + [v for v in (row["benchmark"], row["metric"]) if v]
            if (
                h["role"] != "result"
                or h["sentence"] not in abstracts[h["paper_id"]]
                or not all(v in h["sentence"] for v in shown)
            ):
                out.append(f"{theme['label']}: result row {shown} is not a result quoted from {h['paper_id']}")
        for row in theme["synthesis"]["compared"]:
            c = row["contribution"]
            shown = [c["clause"], c["finding"], *row["data"]]
            if c["paper_id"] not in theme["papers"] or not all(v in abstracts[c["paper_id"]] for v in shown):
                out.append(f"{theme['label']}: comparison row {shown} is not quoted from {c['paper_id']}")
    return out
