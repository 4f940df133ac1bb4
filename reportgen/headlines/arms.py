"""Whose figure a number is: a comparison's control arm, or a structured abstract's set-up sections.

Clinical and social-science abstracts report each arm's figure side by side
("41% in the placebo group, 59% in the etoricoxib group"; "tiotropium 9.5%;
placebo 17.9%"): the control arm's figure is a reference, and the other arms'
figures are compared with that arm.  Under a structured abstract's Background
or Methods heading, numbers describe the question, the sample and the
procedure ("tiotropium: N = 191, FEV1 = 1.25 L"), not what was found.
Pure: text in, names out; the words are data (research.toml [arms], [sections]).
"""

from __future__ import annotations

import functools
import re

from reportgen import vocab

_HEADING = re.compile(
    r"^\s*(?:ABSTRACT\.)?(?P<name>[A-Z][A-Za-z]*(?:(?:\s+|\s*[,&/]\s*)[A-Za-z]+){0,5})\s*(?:(?:::|--)\s*|:\s+)"
)
_OWNED = re.compile(r"\b(?:in|for|with|among|of|on|from)\s+(?:the\s+)?$", re.I)  # "41% in the placebo group, 59%"
_FIGURE = re.compile(r"\d\s?%|\d\.\d")
_COMPARED = re.compile(r"\b(?:compared|versus|vs\.?|than|relative|against|over)\b[^,;()]{0,30}$", re.I)


@functools.cache
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    names = "|".join(re.escape(a) for a in vocab.load().control_arms)
    arm = rf"(?P<arm>(?:{names})(?:\s+(?:groups?|arms?|patients|subjects|participants|recipients|condition))?)(?![\w-])"
    skip = r"(?:(?!(?:and|or|vs|versus|than|compared)\b)[\w-]+\s+){0,3}?"
    after = re.compile(  # "41% in the placebo group", "17.9% (n = 33) for controls"
        rf"^\s*\)?\s*(?:\([^()]{{0,40}}\)\s*)?,?\s*(?:in|for|with|among|on|of|from)\s+(?:the\s+)?{skip}{arm}", re.I
    )
    before = re.compile(  # "placebo 17.9%", "control group: 47%", "the placebo group was 8%"
        rf"(?<![\w-]){arm}\s*(?:\([^()]{{0,20}}\)\s*)?(?:[:,=]\s*|\s(?:was|were|had|showed|of)\s+)?$", re.I
    )
    subject = re.compile(  # "the 6 dogs given placebo ... showed a decrease of 8.3%"
        rf"\b(?:given|receiving|received|treated with|assigned to|randomi[sz]ed to|allocated to|in the|on)\s+(?:the\s+)?{arm}",
        re.I,
    )
    return after, before, subject


def control_arm(sentence: str, clause: str, start: int, end: int) -> str | None:
    """The control arm whose figure the number at sentence[start:end] is, as written; None when it is not one.

    `clause` is the text of the number's clause before it.  An arm named after
    "compared with", "versus" or "than" is what the number is compared against,
    not whose it is.
    """
    after, before, subject = _patterns()
    found = after.match(sentence[end:])
    if found:
        return _name(found.group("arm"))
    found = before.search(sentence[:start])
    if found and not _COMPARED.search(sentence[: found.start()]) and not _OWNED.search(sentence[: found.start()]):
        return _name(found.group("arm"))
    owners = [
        m
        for m in subject.finditer(clause)
        if not _COMPARED.search(clause[: m.start()]) and not _FIGURE.search(clause[: m.start()])
    ]  # "41% in the placebo group, 59% ...": an arm after another figure is that figure's
    if owners and not re.search(r"\b(?:versus|vs\.?|compared|than)\b", clause[owners[-1].end() :], re.I):
        return _name(owners[-1].group("arm"))
    return None


def _name(arm: str) -> str:
    return " ".join(arm.split())


def heading(sentence: str) -> str | None:
    """The structured-abstract heading a sentence opens with ("Methods:: In a ...", "OBJECTIVE--To ..."), lowercased.

    Any heading counts, known or not: "Methods and findings:" ends the Background section as "Results:" does.
    """
    found = _HEADING.match(sentence)
    if not found:
        return None
    return " ".join(found.group("name").lower().replace(",", " , ").replace("&", "and").split()).replace(" ,", ",")


def is_setup_section(name: str | None) -> bool:
    return name is not None and name in vocab.load().setup_sections
