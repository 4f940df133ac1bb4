"""What every query API module produces from one answer: a page of records and where the next page is."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from reportgen.errors import InputError
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


def map_records(
    items: list[dict[str, Any]],
    source_of: Callable[[dict[str, Any]], str],
    mapping: Callable[[dict[str, Any], str], RawRecord],
) -> tuple[RawRecord, ...]:
    """Map every item of an answer; an item of an unexpected shape makes the whole answer malformed, not a crash."""
    records = []
    for number, item in enumerate(items, 1):
        try:
            records.append(mapping(item, source_of(item)))
        except InputError as exc:  # the mapping names what it could not read
            raise MalformedResponse(f"item {number} has an unexpected shape ({exc.reason})") from None
        except (AttributeError, TypeError, ValueError, KeyError) as exc:
            raise MalformedResponse(f"item {number} has an unexpected shape ({type(exc).__name__}: {exc})") from None
    return tuple(records)
