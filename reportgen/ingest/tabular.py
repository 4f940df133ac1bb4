"""CSV and TSV exports (spreadsheets, Web of Science, Scopus, Zotero CSV): columns mapped by name.

Common column names are recognised; `[ingest] columns = {title = "Article Title"}`
overrides the guess for any field.  Rows are streamed.
"""

from __future__ import annotations

import csv
import re
import sys
from pathlib import Path
from typing import Iterator, Mapping

from reportgen.config import IngestSettings
from reportgen.errors import ConfigError, InputError
from reportgen.ingest.files import iter_lines
from reportgen.ingest.records import RawRecord, arxiv_id_from, clean_doi, skipped, split_authors, text
from reportgen.ingest.registry import Reader

FIELDS: dict[str, tuple[str, ...]] = {
    "title": ("title", "article title", "paper title", "document title", "ti", "primary title"),
    "abstract": ("abstract", "summary", "ab", "abstract note", "description"),
    "authors": ("authors", "author", "au", "author full names", "creators", "author names"),
    "date": ("date", "publication date", "published", "year", "publication year", "py", "issued"),
    "doi": ("doi", "di"),
    "url": ("url", "link", "links"),
    "id": ("id", "key", "paper id", "identifier", "eid", "ut", "ut (unique wos id)", "arxiv id"),
    "categories": ("categories", "keywords", "author keywords", "manual tags", "subjects"),
}


def _norm(name: str) -> str:
    return re.sub(r"\s+", " ", name.strip().strip("\ufeff").lower().replace("_", " "))


def map_columns(header: list[str], overrides: Mapping[str, str], path: Path) -> dict[str, str]:
    """field -> column name, from the overrides first, then the common names."""
    unknown = sorted(set(overrides) - set(FIELDS))
    if unknown:
        raise ConfigError(f"ingest.columns.{unknown[0]}", "unknown field", hint=f"fields: {', '.join(FIELDS)}")
    by_norm = {_norm(h): h for h in header}
    mapping: dict[str, str] = {}
    for field, names in FIELDS.items():
        if field in overrides:
            wanted = overrides[field]
            if wanted not in header and _norm(wanted) not in by_norm:
                raise ConfigError(
                    f"ingest.columns.{field}", f"column '{wanted}' is not in {path.name} (columns: {', '.join(header)})"
                )
            mapping[field] = wanted if wanted in header else by_norm[_norm(wanted)]
            continue
        found = next((by_norm[n] for n in names if n in by_norm), None)
        if found:
            mapping[field] = found
    if "title" not in mapping and "abstract" not in mapping:
        raise InputError(
            path,
            f"no title or abstract column among: {', '.join(header)}",
            line=1,
            hint='name them in [ingest] columns, e.g. columns = {abstract = "AB"}',
        )
    return mapping


def read_table(
    path: Path,
    lines: Iterator[str],
    columns: Mapping[str, str],
    delimiter: str | None = None,
    *,
    keep_going: bool = False,
) -> Iterator[RawRecord]:
    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))
    peek = list(_take(lines, 1))
    if not peek:
        return
    sep = delimiter or ("\t" if peek[0].count("\t") > peek[0].count(",") else ",")
    reader = csv.DictReader(_chain(peek, lines), delimiter=sep)
    try:
        mapping = map_columns(list(reader.fieldnames or []), columns, path)
        for row in reader:
            if None in row:
                error = InputError(
                    path,
                    f"row has {len(reader.fieldnames or []) + len(row[None])} fields, the header {len(reader.fieldnames or [])}",
                    line=reader.line_num,
                    hint="check quoting in that row",
                )
                if not keep_going:
                    raise error
                yield skipped(f"{path}:{reader.line_num}", error.reason)
                continue
            yield _record(row, mapping, f"{path}:{reader.line_num}")
    except csv.Error as exc:
        raise InputError(
            path, f"malformed CSV ({exc})", line=reader.line_num, hint="check quoting in that row"
        ) from None


def _record(row: Mapping[str, str | None], mapping: Mapping[str, str], source: str) -> RawRecord:
    def get(field: str) -> str | None:
        return text(row.get(mapping[field])) if field in mapping else None

    record_id, url = get("id"), get("url")
    return RawRecord(
        source=source,
        id=record_id,
        title=get("title"),
        abstract=get("abstract"),
        authors=split_authors(get("authors")),
        date=get("date"),
        categories=tuple(c.strip() for c in re.split(r"[;,]", get("categories") or "") if c.strip()),
        doi=clean_doi(get("doi")),
        arxiv_id=arxiv_id_from(record_id, url),
        url=url,
    )


def _take(lines: Iterator[str], n: int) -> Iterator[str]:
    for _, line in zip(range(n), lines):
        yield line


def _chain(first: list[str], rest: Iterator[str]) -> Iterator[str]:
    yield from first
    yield from rest


def _reader(name: str, suffix: str, delimiter: str) -> Reader:
    def read(path: Path, settings: IngestSettings) -> Iterator[RawRecord]:
        return read_table(path, iter_lines(path), settings.columns, delimiter, keep_going=settings.keep_going)

    return Reader(name, (suffix,), read)


READERS = (_reader("csv", ".csv", ","), _reader("tsv", ".tsv", "\t"))
