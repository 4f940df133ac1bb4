"""JSON records: JSON Lines (streamed), JSON arrays, CSL-JSON, OpenAlex works and Semantic Scholar papers.

One mapping per shape, chosen per record by the keys it has, so a file mixing
shapes still reads, and a JSON Lines file of OpenAlex works reads as well.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Iterator

from reportgen.codec import parse_json
from reportgen.config import IngestSettings
from reportgen.errors import InputError
from reportgen.ingest.files import iter_lines, read_text
from reportgen.ingest.records import RawRecord, arxiv_id_from, checked_id, clean_doi, skipped, split_authors, text
from reportgen.ingest.registry import Reader


def json_problem(exc: ValueError) -> str:
    """ "Expecting value at column 3"; "Unterminated string starting at column 3"; "nested too deeply to read"."""
    if not isinstance(exc, json.JSONDecodeError):
        return str(exc)
    return f"{exc.msg} column {exc.colno}" if exc.msg.endswith(" at") else f"{exc.msg} at column {exc.colno}"


def read_jsonl(path: Path, lines: Iterator[str], *, keep_going: bool = False) -> Iterator[RawRecord]:
    """Stream records one line at a time, so a 50k-line file needs no more memory than one line.

    With keep_going a bad line is reported as a skipped record and the rest of the file is read.
    """
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            try:
                obj = parse_json(line.rstrip("\r\n"))
            except ValueError as exc:
                raise InputError(
                    path, f"not valid JSON ({json_problem(exc)})", line=number, hint="fix or remove that line"
                ) from None
            if not isinstance(obj, dict):
                raise InputError(path, "each line must be a JSON object", line=number, hint="fix or remove that line")
            yield record_from_mapping(obj, f"{path}:{number}")
        except InputError as error:
            if not keep_going:
                raise
            yield skipped(f"{path}:{number}", error.reason)


def read_json(path: Path, content: str, *, keep_going: bool = False) -> Iterator[RawRecord]:
    """A JSON document: an array of records, an API response ({"results": [...]} / {"data": [...]}) or one record."""
    try:
        data = parse_json(content)
    except ValueError as exc:
        line = exc.lineno if isinstance(exc, json.JSONDecodeError) else 1
        raise InputError(
            path, f"not valid JSON ({json_problem(exc)})", line=line, hint="fix the file or export it again"
        ) from None
    if isinstance(data, dict):
        for key in ("results", "data", "items", "records", "papers"):
            if isinstance(data.get(key), list):
                data = data[key]
                break
        else:
            data = [data]
    if not isinstance(data, list):
        raise InputError(path, "expected a JSON array of records or an object", line=1)
    for index, item in enumerate(data, 1):
        try:
            if not isinstance(item, dict):
                raise InputError(
                    path,
                    f"record {index} is not a JSON object",
                    hint="each record must be an object with title/abstract fields",
                )
            yield record_from_mapping(item, f"{path}:record {index}")
        except InputError as error:
            if not keep_going:
                raise
            yield skipped(f"{path}:record {index}", error.reason)


def rebuild_abstract(inverted: dict[str, list[int]]) -> str:
    """OpenAlex ships abstracts as word -> positions; put the words back in order."""
    positions = [(pos, word) for word, places in inverted.items() for pos in places if isinstance(pos, int)]
    return " ".join(word for _, word in sorted(positions))


def _csl_date(issued: Any) -> str | None:
    parts = (issued or {}).get("date-parts") if isinstance(issued, dict) else None
    if not parts or not parts[0]:
        return text((issued or {}).get("raw")) if isinstance(issued, dict) else None
    return "-".join(f"{int(p):02d}" if i else f"{int(p):04d}" for i, p in enumerate(parts[0][:3]) if str(p).isdigit())


def _openalex(obj: dict[str, Any], source: str) -> RawRecord:
    ids = obj.get("ids") or {}
    locations = [obj.get("primary_location") or {}] + list(obj.get("locations") or [])
    return RawRecord(
        source=source,
        id=(text(obj.get("id")) or "").rsplit("/", 1)[-1] or None,
        title=text(obj.get("title") or obj.get("display_name")),
        abstract=rebuild_abstract(obj["abstract_inverted_index"])
        if isinstance(obj.get("abstract_inverted_index"), dict)
        else text(obj.get("abstract")),
        authors=tuple(
            a
            for a in (text(((x or {}).get("author") or {}).get("display_name")) for x in obj.get("authorships") or [])
            if a
        ),
        date=text(obj.get("publication_date") or obj.get("publication_year")),
        categories=tuple(c for c in [text((obj.get("primary_topic") or {}).get("display_name"))] if c),
        doi=clean_doi(obj.get("doi") or ids.get("doi")),
        arxiv_id=arxiv_id_from(ids.get("arxiv"), *((l or {}).get("landing_page_url") for l in locations)),
        url=text((obj.get("primary_location") or {}).get("landing_page_url")),
    )


def _semantic_scholar(obj: dict[str, Any], source: str) -> RawRecord:
    external = obj.get("externalIds") or {}
    return RawRecord(
        source=source,
        id=text(obj.get("paperId")),
        title=text(obj.get("title")),
        abstract=text(obj.get("abstract")),
        authors=split_authors(obj.get("authors") or []),
        date=text(obj.get("publicationDate") or obj.get("year")),
        categories=tuple(str(c) for c in obj.get("fieldsOfStudy") or []),
        doi=clean_doi(external.get("DOI")),
        arxiv_id=arxiv_id_from(external.get("ArXiv")),
        url=text(obj.get("url")),
    )


def _csl(obj: dict[str, Any], source: str) -> RawRecord:
    return RawRecord(
        source=source,
        id=text(obj.get("id")),
        title=text(obj.get("title")),
        abstract=text(obj.get("abstract")),
        authors=split_authors(obj.get("author") or []),
        date=_csl_date(obj.get("issued")),
        categories=tuple(str(k) for k in ([obj["keyword"]] if isinstance(obj.get("keyword"), str) else [])),
        doi=clean_doi(obj.get("DOI")),
        arxiv_id=arxiv_id_from(obj.get("URL"), obj.get("number")),
        url=text(obj.get("URL")),
    )


def record_from_mapping(obj: dict[str, Any], source: str) -> RawRecord:
    """Map one JSON object, whichever tool exported it, onto a RawRecord; a field of the wrong shape is an InputError.

    An id that is not a string or a number, an author list that is a number, a
    date with a 5,000-digit year: the record cannot be read, and the error says
    which one (with --keep-going it is skipped and counted).
    """
    try:
        return _mapped(obj, source)
    except (ValueError, TypeError, AttributeError, KeyError, RecursionError) as exc:
        raise InputError(
            source, f"a field cannot be read ({type(exc).__name__}: {str(exc)[:120]})", hint="fix or remove the record"
        ) from None


def _mapped(obj: dict[str, Any], source: str) -> RawRecord:
    for key in ("id", "paperId"):
        try:
            checked_id(obj.get(key))
        except ValueError as exc:
            raise InputError(source, str(exc), hint='use a string id, e.g. "id": "smith2024"') from None
    if "abstract_inverted_index" in obj or str(obj.get("id", "")).startswith("https://openalex.org/"):
        return _openalex(obj, source)
    if "paperId" in obj:
        return _semantic_scholar(obj, source)
    if "issued" in obj or ("type" in obj and isinstance(obj.get("author"), list) and "DOI" in obj):
        return _csl(obj, source)
    record_id = text(obj.get("id"))
    return RawRecord(
        source=source,
        id=record_id,
        title=text(obj.get("title")),
        abstract=text(obj.get("abstract") or obj.get("summary")),
        authors=split_authors(obj.get("authors") or obj.get("author")),
        date=text(obj.get("date") or obj.get("published") or obj.get("year")),
        categories=tuple(str(c) for c in obj.get("categories") or ())
        if isinstance(obj.get("categories"), list)
        else tuple(str(obj["categories"]).split())
        if obj.get("categories")
        else (),
        doi=clean_doi(obj.get("doi")),
        arxiv_id=arxiv_id_from(
            obj.get("arxiv_id"), record_id if record_id and arxiv_id_from(record_id) == record_id else None
        ),
        url=text(obj.get("url")),
    )


def looks_like_json_lines(head: str) -> bool:
    """The first line is a whole JSON object (or a single line longer than the head that starts like one)."""
    first, newline, _ = head.lstrip().partition("\n")
    if not first.startswith("{"):
        return False
    if not newline:
        return True
    try:
        return isinstance(parse_json(first), dict)
    except ValueError:
        return False


def _read_lines(path: Path, settings: IngestSettings) -> Iterator[RawRecord]:
    return read_jsonl(path, iter_lines(path), keep_going=settings.keep_going)


def _read_document(path: Path, settings: IngestSettings) -> Iterator[RawRecord]:
    return read_json(path, read_text(path), keep_going=settings.keep_going)


# JSON Lines is sniffed before JSON: a JSON Lines file also starts with "{".
READERS = (
    Reader("jsonl", (".jsonl", ".ndjson", ".jsonl.gz"), _read_lines, sniff=looks_like_json_lines),
    Reader("json", (".json",), _read_document, sniff=lambda head: head.lstrip()[:1] in ("[", "{")),
)
