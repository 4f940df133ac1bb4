"""JSON Lines records: id, title, abstract, authors, date, categories (the corpora's format)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Iterator

from reportgen.errors import InputError
from reportgen.ingest.records import RawRecord


def read_jsonl(path: Path, lines: Iterator[str]) -> Iterator[RawRecord]:
    """Stream records one line at a time, so a 50k-line file needs no more memory than one line."""
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(path, f"not valid JSON ({exc.msg} at column {exc.colno})", line=number, hint="fix or remove that line") from None
        if not isinstance(obj, dict):
            raise InputError(path, "each line must be a JSON object", line=number)
        yield record_from_mapping(obj, f"{path}:{number}")


def record_from_mapping(obj: dict[str, Any], source: str) -> RawRecord:
    """Map the common field names of JSON exports onto a RawRecord."""
    authors = obj.get("authors") or ()
    if isinstance(authors, str):
        authors = [a.strip() for a in authors.replace(" and ", ",").split(",")]
    return RawRecord(
        source=source,
        id=_text(obj.get("id")),
        title=_text(obj.get("title")),
        abstract=_text(obj.get("abstract") or obj.get("summary")),
        authors=tuple(a for a in (_author(a) for a in authors) if a),
        date=_text(obj.get("date") or obj.get("published") or obj.get("year")),
        categories=tuple(str(c) for c in obj.get("categories") or ()),
        doi=_text(obj.get("doi")),
        arxiv_id=_text(obj.get("arxiv_id")),
        url=_text(obj.get("url")),
    )


def _text(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def _author(value: Any) -> str | None:
    if isinstance(value, dict):
        value = value.get("name") or " ".join(str(value.get(k, "")) for k in ("given", "family")).strip()
    return _text(value)
