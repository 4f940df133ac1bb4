"""What every query API module produces from one answer: a page of records and where the next page is."""

from __future__ import annotations

from dataclasses import dataclass

from reportgen.ingest.records import RawRecord


@dataclass(frozen=True)
class Page:
    """One parsed API answer.  `next` holds the parameters of the next request, None at the end."""

    records: tuple[RawRecord, ...]
    total: int | None
    next: dict[str, str] | None


class MalformedResponse(ValueError):
    """An answer that is not what the API documents (an HTML error page, truncated JSON, a feed without its header)."""


class FlakyPage(ValueError):
    """An answer the API documents as transient (arXiv's empty page before the end): asked again with backoff."""


def record_key(record: RawRecord) -> str:
    """The identity of a fetched record inside one query's cache: the API's own id, else DOI or arXiv id."""
    return record.id or record.doi or record.arxiv_id or f"{record.title}|{record.date}"
