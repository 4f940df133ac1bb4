"""Ingest: find source files, pick a reader for each, normalize, dedupe -> Corpus.

The only stage that reads user files.  Readers yield RawRecords; this module
turns them into Papers and accounts for every record that does not become one.
"""

from __future__ import annotations

import datetime as dt
import gzip
import re
from pathlib import Path
from typing import Callable, Iterator

from reportgen.config import IngestSettings
from reportgen.errors import EmptyCorpusError, InputError
from reportgen.ingest import jsonl, text
from reportgen.ingest.dedupe import dedupe, stable_id
from reportgen.ingest.normalize import normalize_text, normalize_title
from reportgen.ingest.records import RawRecord
from reportgen.model import Corpus, IngestEvent, Paper

Reader = Callable[[Path, IngestSettings], Iterator[RawRecord]]

_SUFFIXES = {".txt": "text", ".jsonl": "jsonl", ".ndjson": "jsonl", ".jsonl.gz": "jsonl"}


def _read_text_file(path: Path, settings: IngestSettings) -> Iterator[RawRecord]:
    content = read_text(path)
    if text.is_abstract_lines(content):
        return text.read_abstract_lines(path, content)
    return text.read_listing(path, content, listing_year=settings.listing_year)


def _read_jsonl_file(path: Path, settings: IngestSettings) -> Iterator[RawRecord]:
    return jsonl.read_jsonl(path, iter_lines(path))


READERS: dict[str, Reader] = {"text": _read_text_file, "jsonl": _read_jsonl_file}


def iter_lines(path: Path) -> Iterator[str]:
    """Lines of a (possibly gzipped) UTF-8 file, streamed; bad bytes raise with the line number."""
    opener = gzip.open if path.name.endswith(".gz") else open
    number = 0
    try:
        with opener(path, "rb") as handle:
            for number, raw in enumerate(handle, 1):
                if b"\x00" in raw:
                    raise InputError(path, "looks binary (NUL byte)", line=number, hint="pass a text export")
                yield raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(path, f"not UTF-8 ({exc.reason})", line=number, hint="re-save the file as UTF-8") from None
    except (OSError, EOFError) as exc:
        raise InputError(path, f"cannot read: {exc}") from None


def read_text(path: Path) -> str:
    return "".join(iter_lines(path))


def detect_format(path: Path, forced: str | None = None) -> str:
    if forced:
        if forced not in READERS:
            raise InputError(path, f"unknown input format '{forced}'", hint=f"use one of: {', '.join(sorted(READERS))}")
        return forced
    name = path.name.lower()
    for suffix, kind in sorted(_SUFFIXES.items(), key=lambda item: -len(item[0])):
        if name.endswith(suffix):
            return kind
    raise InputError(path, "unknown file type", hint=f"use --input-format ({', '.join(sorted(READERS))})")


def find_files(sources: list[Path]) -> list[Path]:
    """Files named directly, plus every readable file under named folders, in a stable order."""
    files: list[Path] = []
    for source in sources:
        if source.is_dir():
            files.extend(p for p in sorted(source.rglob("*")) if p.is_file() and _is_candidate(p))
        elif source.is_file():
            files.append(source)
        else:
            raise InputError(source, "no such file or folder", hint="check the path")
    return files


def _is_candidate(path: Path) -> bool:
    name = path.name.lower()
    return not name.startswith(".") and name != "readme.md" and any(name.endswith(s) for s in _SUFFIXES)


def to_paper(record: RawRecord) -> Paper | None:
    abstract = normalize_text(record.abstract or "")
    title = normalize_title(record.title)
    if not abstract and not title:
        return None
    return Paper(
        id=record.id or record.doi or record.arxiv_id or stable_id(title, abstract),
        abstract=abstract,
        title=title,
        authors=tuple(normalize_text(a) for a in record.authors),
        author_count=record.author_count,
        date=normalize_date(record.date),
        categories=record.categories,
        doi=record.doi,
        arxiv_id=record.arxiv_id,
        url=record.url,
        sources=(record.source,),
    )


def normalize_date(value: str | None) -> str | None:
    """Keep the ISO prefix of a date (YYYY-MM-DD, YYYY-MM or YYYY)."""
    if not value:
        return None
    match = re.match(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?", value.strip())
    if not match:
        return None
    return "-".join(part for part in match.groups() if part)


def _keep(paper: Paper, settings: IngestSettings) -> str | None:
    """The reason to skip a paper, or None to keep it."""
    if not paper.abstract and not settings.keep_without_abstract:
        return "no abstract"
    if not paper.title and not settings.keep_untitled:
        return "no title"
    return None


def load_corpus(sources: list[Path], settings: IngestSettings, *, warn: Callable[[str], None] = lambda _: None) -> Corpus:
    files = find_files(sources)
    papers: list[Paper] = []
    events: list[IngestEvent] = []
    for path in files:
        try:
            records = list(READERS[detect_format(path, settings.input_format)](path, settings))
        except InputError as exc:
            if not settings.keep_going:
                raise
            warn(f"skipped {exc}")
            events.append(IngestEvent("skipped", "unreadable file", str(path)))
            continue
        for record in records:
            paper = to_paper(record)
            reason = "no abstract or title" if paper is None else _keep(paper, settings)
            if reason:
                events.append(IngestEvent("skipped", reason, record.source))
            else:
                papers.append(paper)
    unique, merged = dedupe(papers)
    if not unique:
        raise EmptyCorpusError(
            f"no papers found in {', '.join(map(str, sources)) or 'the sources'}",
            hint="pass files or folders of abstracts (.txt, .jsonl); see `reportgen build --help`",
        )
    return Corpus(papers=tuple(unique), events=tuple(events + merged), sources=tuple(map(str, files)))
