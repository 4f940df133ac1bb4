"""The raw record every reader yields, before normalization and deduplication."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class RawRecord:
    """One record as a reader found it; `source` is "path:line" for messages and provenance."""

    source: str
    title: str | None = None
    abstract: str | None = None
    authors: tuple[str, ...] = ()
    author_count: int | None = None
    date: str | None = None  # ISO 8601 (readers resolve their own date formats)
    categories: tuple[str, ...] = ()
    id: str | None = None  # the record's own id, kept when present
    doi: str | None = None
    arxiv_id: str | None = None
    url: str | None = None
