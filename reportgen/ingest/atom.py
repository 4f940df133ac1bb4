"""arXiv API responses (Atom feeds) via feedparser."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Iterator
from xml.sax import SAXParseException

from reportgen.config import IngestSettings
from reportgen.errors import InputError
from reportgen.ingest.files import read_text
from reportgen.ingest.records import RawRecord, arxiv_id_from, clean_doi, text
from reportgen.ingest.registry import Reader

_FEED = re.compile(r"^\s*<(\?xml|feed)")


def read_atom(path: Path, content: str) -> Iterator[RawRecord]:
    import feedparser

    feed = feedparser.parse(content)
    exc = feed.get("bozo_exception")
    if feed.bozo and (not feed.entries or isinstance(exc, SAXParseException)):
        # a feed cut short still yields its entries, the last one part-read: the file is not whole
        line = getattr(exc, "getLineNumber", lambda: None)() if exc else None
        raise InputError(
            path, f"not a valid Atom feed ({exc})", line=line or 1, hint="save the arXiv API response as it came"
        )
    for index, entry in enumerate(feed.entries, 1):
        yield record_from_entry(entry, f"{path}:entry {index}")


def record_from_entry(entry: Any, source: str) -> RawRecord:
    """One feedparser entry of an arXiv feed; shared by saved files and the arXiv query source."""
    entry_id = text(entry.get("id"))
    return RawRecord(
        source=source,
        id=arxiv_id_from(entry_id) or entry_id,
        title=text(entry.get("title")),
        abstract=text(entry.get("summary")),
        authors=tuple(a for a in (text(x.get("name")) for x in entry.get("authors") or []) if a),
        date=(text(entry.get("published")) or "")[:10] or None,
        categories=tuple(t["term"] for t in entry.get("tags") or [] if t.get("term")),
        doi=clean_doi(entry.get("arxiv_doi")),
        arxiv_id=arxiv_id_from(entry_id),
        url=text(entry.get("link")),
    )


def _read(path: Path, settings: IngestSettings) -> Iterator[RawRecord]:
    return read_atom(path, read_text(path))


READERS = (Reader("atom", (".atom", ".xml"), _read, sniff=lambda head: bool(_FEED.match(head))),)
