"""RIS (EndNote, Zotero, Scopus, Web of Science exports) via rispy."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Iterator

from reportgen.config import IngestSettings
from reportgen.errors import InputError
from reportgen.ingest.files import read_text
from reportgen.ingest.records import RawRecord, arxiv_id_from, clean_doi, split_authors, text
from reportgen.ingest.registry import Reader

_START = re.compile(r"^TY  - ", re.MULTILINE)


def read_ris(path: Path, content: str) -> Iterator[RawRecord]:
    import rispy

    starts = [content.count("\n", 0, m.start()) + 1 for m in _START.finditer(content)]
    if not starts:
        raise InputError(
            path, "no RIS records (no 'TY  - ' line)", line=1, hint="export as RIS, or pass --input-format"
        )
    try:
        entries = rispy.loads(content)
    except Exception as exc:  # rispy raises plain IOError/ValueError/KeyError subclasses
        raise InputError(
            path,
            f"malformed RIS ({exc})",
            line=_guess_line(str(exc), starts),
            hint="each record must start with 'TY  - ' and end with 'ER  - '",
        ) from None
    for line, entry in zip(starts, entries):
        yield _record(entry, f"{path}:{line}")


def _guess_line(message: str, starts: list[int]) -> int:
    found = re.search(r"line (\d+)", message)
    return int(found.group(1)) if found else starts[0]


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
    return read_ris(path, read_text(path))


READERS = (Reader("ris", (".ris",), _read, sniff=lambda head: head.lstrip().startswith("TY  - ")),)
