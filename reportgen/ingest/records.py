"""The raw record every reader yields, before normalization and deduplication, and helpers readers share."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable

_DOI = re.compile(r"(10\.\d{4,9}/\S+)", re.IGNORECASE)
_ARXIV = re.compile(
    r"(?:arxiv\.org/(?:abs|pdf)/|arxiv[:.]\s?|10\.48550/arxiv\.)(\d{4}\.\d{4,5}|[a-z-]+(?:\.[A-Z]{2})?/\d{7})(?:v\d+)?",
    re.IGNORECASE,
)
_BARE_ARXIV = re.compile(r"^(\d{4}\.\d{4,5})(?:v\d+)?$")


@dataclass(frozen=True)
class RawRecord:
    """One record as a reader found it; `source` is "path:line" for messages and provenance."""

    source: str
    title: str | None = None
    abstract: str | None = None
    authors: tuple[str, ...] = ()
    author_count: int | None = None
    date: str | None = None  # ISO 8601, or a year (readers resolve their own date formats)
    categories: tuple[str, ...] = ()
    id: str | None = None  # the record's own id, kept when present
    doi: str | None = None
    arxiv_id: str | None = None
    url: str | None = None
    problem: str | None = None  # set instead of raising when --keep-going: this record could not be read, and why


def skipped(source: str, problem: str) -> RawRecord:
    """A record a reader could not read, under --keep-going: counted and reported, not fatal."""
    return RawRecord(source=source, problem=problem)


def checked_id(value: object) -> str | None:
    """A record's own id: a string or a number.  Anything else (an object, a list, true) is an error, not "{'obj': 1}"."""
    if value is None or isinstance(value, str):
        return text(value)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return text(value)
    raise ValueError(f"record id must be a string or a number, not {type(value).__name__} {str(value)[:40]}")


def text(value: object) -> str | None:
    """A stripped string, or None for missing/empty values."""
    if value is None:
        return None
    if isinstance(value, (list, tuple)):
        value = " ".join(str(v) for v in value if v is not None)
    out = str(value).strip()
    return out or None


def clean_doi(value: object) -> str | None:
    """10.xxxx/yyy in lower case, from a bare DOI, a doi: prefix or a doi.org URL."""
    found = _DOI.search(text(value) or "")
    return found.group(1).rstrip(".,;").lower() if found else None


def arxiv_id_from(*values: object) -> str | None:
    """An arXiv id (no version) from an id, URL or arXiv DOI, if any of `values` holds one."""
    for value in values:
        raw = text(value)
        if not raw:
            continue
        if bare := _BARE_ARXIV.match(raw):
            return bare.group(1)
        if found := _ARXIV.search(raw):
            return found.group(1)
    return None


def split_authors(value: object) -> tuple[str, ...]:
    """Authors as a list, from a list, "A; B", "A and B" or "A, B" (when no name has a comma inside)."""
    if value is None:
        return ()
    parts: Iterable[object]
    if isinstance(value, str):
        if ";" in value:
            parts = value.split(";")
        elif " and " in value:
            parts = value.split(" and ")
        else:
            parts = value.split(",") if value.count(",") > 1 or " " in value.split(",")[0].strip() else [value]
    elif isinstance(value, Iterable):
        parts = value
    else:
        parts = [value]
    names = []
    for part in parts:
        if isinstance(part, dict):
            part = (
                part.get("name")
                or part.get("literal")
                or " ".join(str(part.get(k, "")) for k in ("given", "family")).strip()
            )
        if name := text(part):
            names.append(name)
    return tuple(names)
