"""RIS (EndNote, Zotero, Scopus, Web of Science exports) via rispy."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Iterator

from reportgen.config import IngestSettings
from reportgen.errors import InputError
from reportgen.ingest.files import read_text
from reportgen.ingest.records import RawRecord, arxiv_id_from, clean_doi, skipped, split_authors, text
from reportgen.ingest.registry import Reader

_START = re.compile(r"^TY  - ", re.MULTILINE)
_END = re.compile(r"^ER  -", re.MULTILINE)
_HINT = "each record must start with 'TY  - ' and end with 'ER  - '"


def read_ris(path: Path, content: str, *, keep_going: bool = False) -> Iterator[RawRecord]:
    """One record per `TY  - ` ... `ER  - ` block, each parsed on its own.

    A block without its `ER  - ` line (a truncated export) is not a record:
    rispy drops it without a word, so it is an error here naming its line, or
    with --keep-going a skipped, counted record.
    """
    import rispy

    marks = list(_START.finditer(content))
    if not marks:
        raise InputError(
            path, "no RIS records (no 'TY  - ' line)", line=1, hint="export as RIS, or pass --input-format"
        )
    ends = [m.start() for m in marks[1:]] + [len(content)]
    for mark, end in zip(marks, ends):
        line = content.count("\n", 0, mark.start()) + 1
        block = content[mark.start() : end]
        try:
            if not _END.search(block):
                raise InputError(path, "a record without its 'ER  - ' line (truncated?)", line=line, hint=_HINT)
            try:
                entries = rispy.loads(block)
            except Exception as exc:  # rispy raises plain IOError/ValueError/KeyError subclasses
                raise InputError(path, f"malformed RIS ({exc})", line=line, hint=_HINT) from None
        except InputError as error:
            if not keep_going:
                raise
            yield skipped(f"{path}:{line}", error.reason)
            continue
        for entry in entries:
            yield _record(entry, f"{path}:{line}")


def _record(entry: dict[str, Any], source: str) -> RawRecord:
    urls = entry.get("urls") or []
    return RawRecord(
        source=source,
        id=text(entry.get("id")),
        title=text(entry.get("title") or entry.get("primary_title") or entry.get("translated_title")),
        abstract=text(entry.get("abstract") or entry.get("notes_abstract")),
        authors=split_authors((entry.get("authors") or []) + (entry.get("first_authors") or [])),
        date=_date(entry.get("date") or entry.get("publication_year") or entry.get("year")),
        categories=tuple(entry.get("keywords") or ()),
        doi=clean_doi(entry.get("doi")),
        arxiv_id=arxiv_id_from(*urls),
        url=text(urls[0]) if urls else None,
    )


def _date(value: Any) -> str | None:
    """RIS dates look like 2024/05/01/ or 2024///; keep what is there as ISO."""
    raw = text(value)
    if not raw:
        return None
    parts = [p for p in re.split(r"[/-]", raw) if p.strip().isdigit()]
    return "-".join(p.zfill(2) if i else p for i, p in enumerate(parts[:3])) or None


def _read(path: Path, settings: IngestSettings) -> Iterator[RawRecord]:
    return read_ris(path, read_text(path), keep_going=settings.keep_going)


READERS = (Reader("ris", (".ris",), _read, sniff=lambda head: head.lstrip().startswith("TY  - ")),)
