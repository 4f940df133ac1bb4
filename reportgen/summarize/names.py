"""Method names: the named contribution of a paper ("we propose FlatQuant (...)").  Pure.

Used as the display name of papers without a title (the seeds' `Abstract:`
lines) and beside titles in tables.
"""

from __future__ import annotations

import re

from reportgen import vocab
from reportgen.model import Paper

_GENERIC = vocab.load().field_acronyms  # acronyms that name a field, not a contribution
_NAME = r"[A-Z][A-Za-z0-9]*(?:[A-Z0-9][A-Za-z0-9]*)(?:[-+][A-Za-z0-9]+)*"
_INTRO = re.compile(
    r"\b(?:[Ww]e|[Tt]his paper|[Tt]his work|[Oo]ur work)\s+(?:first\s+|further\s+|then\s+|also\s+)?(?:propose|introduce|present|develop|design|build|release|contribute)s?\s+([^.;:]{3,220})"
)
_QUOTED = re.compile(r"[\"\u201c]([A-Z][^\"\u201d]{2,60})[\"\u201d]")
_ACRONYM = re.compile(
    r"((?:[A-Z][\w-]*\s+(?:(?:of|for|with|and|in|the|on|via|to)\s+)?){1,8})\(([A-Z][A-Za-z0-9-]*[A-Z0-9][A-Za-z0-9-]*)\)"
)
_TITLED = re.compile(
    r"^(?:(?:a|an|the)\s+)?((?:[A-Z][\w-]+\s+){1,5}[A-Z][\w-]+)(?=\s*[,(]|\s+(?:method|framework|approach|model|algorithm)\b)"
)
_CALLED = re.compile(rf"\b(?:called|named|dubbed|termed)\s+({_NAME})(?![\w-])")
_ARTICLE = re.compile(r"^(?:A|An|The)\s+")
_EXPANSION = re.compile(r"^\s*\(([^()]{3,80})\)")
_APPOSITION = re.compile(r"^\s*(?:\([^()]*\))?\s*,\s*((?:a|an|the)\s+[^,.;:()]{5,80})")


def _is_name(name: str) -> bool:
    return name not in _GENERIC and (sum(c.isupper() for c in name) >= 2 or any(c.isdigit() for c in name))


def _named_in(clause: str) -> str | None:
    """The name a "we propose ..." clause gives: quoted, an acronym in parentheses, Title Case words, or a CamelCase token."""
    if quoted := _QUOTED.search(clause):
        return quoted.group(1).strip()
    for match in _ACRONYM.finditer(clause):
        if _is_name(match.group(2)):
            return match.group(2)
    if titled := _TITLED.match(clause):
        return titled.group(1)
    words = clause.split()[:10]
    return next(
        (w.strip(",()") for w in words if re.fullmatch(_NAME, w.strip(",()")) and _is_name(w.strip(",()"))), None
    )


def method_name(abstract: str) -> str | None:
    """The paper's named contribution, if the abstract names one."""
    for match in _INTRO.finditer(abstract):
        if name := _named_in(match.group(1)):
            return name
    called = next((m.group(1) for m in _CALLED.finditer(abstract) if _is_name(m.group(1))), None)
    return called


def method_label(abstract: str, name: str | None) -> str | None:
    """The name (method_name's) with what the paper says it is: "FlatQuant (Fast and Learnable Affine Transformation)"."""
    if name is None:
        return None
    rest = abstract[abstract.find(name) + len(name) :].lstrip('\u201d"')
    before = abstract[: abstract.find(name)].rstrip()
    if before.endswith("("):
        expanded = next((m.group(1).strip() for m in _ACRONYM.finditer(abstract) if m.group(2) == name), None)
        if expanded:
            return f"{name} ({_ARTICLE.sub('', expanded)})"
    if expansion := _EXPANSION.match(rest):
        return f"{name} ({expansion.group(1).strip()})"
    if apposition := _APPOSITION.match(rest):
        words = apposition.group(1).split()
        return f"{name}: {' '.join(words[:9])}{'…' if len(words) > 9 else ''}"
    return name


def display_name(paper: Paper, method: str | None) -> str:
    """Title; else the named method (method_name's, read once per paper); else the first words of the abstract."""
    if paper.title:
        return paper.title
    if label := method_label(paper.abstract, method):
        return label
    words = paper.abstract.split()
    return " ".join(words[:10]) + ("…" if len(words) > 10 else "")
