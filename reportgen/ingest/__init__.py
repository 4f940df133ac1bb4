"""Ingest: find source files, pick a reader for each, normalize, dedupe -> Corpus.

The only stage that reads user files.  Readers yield RawRecords; this module
turns them into Papers and accounts for every record that does not become one.
"""

from __future__ import annotations

import dataclasses
import os
import re
from pathlib import Path
from typing import Callable, Iterable, Sequence

from reportgen.config import IngestSettings
from reportgen.errors import EmptyCorpusError, InputError
from reportgen.ingest.dedupe import dedupe, stable_id
from reportgen.ingest.files import iter_lines, read_text
from reportgen.ingest.normalize import normalize_text, normalize_title
from reportgen.ingest.records import RawRecord
from reportgen.ingest.registry import Reader, is_candidate, reader_for, readers, register, unregister
from reportgen.model import Corpus, IngestEvent, Paper, QueryCount
from reportgen.writer import MANIFEST

__all__ = [
    "Reader",
    "detect_format",
    "iter_lines",
    "load_corpus",
    "read_text",
    "readers",
    "register",
    "summary_line",
    "unregister",
]


def detect_format(path: Path, forced: str | None = None) -> str:
    """The name of the reader that reads `path` (see registry.reader_for)."""
    return reader_for(path, forced).name


def find_files(
    sources: list[Path], *, keep_going: bool = False, warn: Callable[[str], None] = lambda _: None
) -> tuple[list[Path], list[IngestEvent]]:
    """Files named directly, plus every readable file under named folders, in a stable order; and the folders skipped.

    Hidden folders (.git, a living survey's .reportgen-state) and reportgen's own
    output folders (they hold its manifest) are never read as input: a survey
    written inside its input folder would otherwise be read back in.  A folder
    that cannot be listed stops the build, or with --keep-going is skipped and counted.
    """
    files: list[Path] = []
    events: list[IngestEvent] = []
    for source in sources:
        if source.is_dir():
            found, skipped = _walk(source, keep_going=keep_going, warn=warn)
            files.extend(found)
            events.extend(skipped)
        elif source.is_file():
            files.append(source)
        else:
            raise InputError(source, "no such file or folder", hint="check the path")
    return files, events


def _walk(top: Path, *, keep_going: bool, warn: Callable[[str], None]) -> tuple[list[Path], list[IngestEvent]]:
    files: list[Path] = []
    events: list[IngestEvent] = []

    def unreadable(exc: OSError) -> None:
        folder = exc.filename or top
        if not keep_going:
            raise InputError(
                folder,
                f"cannot read this folder ({exc.strerror})",
                hint="fix its permissions, or pass --keep-going to skip it (it is counted)",
            )
        warn(f"skipped the folder {folder}: {exc.strerror}")
        events.append(IngestEvent("skipped", "unreadable folder", str(folder), detail=exc.strerror))

    for folder, subfolders, names in os.walk(top, onerror=unreadable):
        if (Path(folder) / MANIFEST).is_file():
            warn(f"skipped {folder}: a survey reportgen wrote (it holds {MANIFEST}), not input")
            subfolders[:] = []
            continue
        subfolders[:] = [name for name in subfolders if not name.startswith(".")]
        files.extend(p for name in names if (p := Path(folder) / name).is_file() and is_candidate(p))
    return sorted(files), events


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


def load_corpus(
    sources: list[Path],
    settings: IngestSettings,
    *,
    warn: Callable[[str], None] = lambda _: None,
    fetched: Sequence[tuple[str, Sequence[RawRecord]]] = (),
) -> Corpus:
    """Files first, then the records of each query source (name, records): one normalisation, one dedupe."""
    files, events = find_files(sources, keep_going=settings.keep_going, warn=warn)
    papers: list[Paper] = []
    for path in files:
        try:
            file_papers, file_events = _to_papers(
                reader_for(path, settings.input_format).read(path, settings), settings, warn
            )
        except InputError as exc:
            if not settings.keep_going:
                raise
            warn(f"skipped {exc}")
            events.append(IngestEvent("skipped", "unreadable file", f"{exc.path}:{exc.line or 1}", detail=exc.message))
            continue
        papers.extend(file_papers)  # a file counts whole or not at all
        events.extend(file_events)
    for _, records in fetched:
        query_papers, query_events = _to_papers(records, settings, warn)
        papers.extend(query_papers)
        events.extend(query_events)
    unique, merged = dedupe(papers)
    unique = distinct_ids(unique, keep_going=settings.keep_going, warn=warn)
    if not unique:
        where = [*map(str, sources), *(name for name, _ in fetched)]
        raise EmptyCorpusError(
            f"no papers found in {', '.join(where) or 'the sources'}",
            hint="pass files or folders of abstracts (.txt, .jsonl), or queries in [[sources]]; see `reportgen build --help`",
        )
    return Corpus(
        papers=tuple(unique),
        events=tuple(events + merged),
        sources=tuple(map(str, files)),
        queries=query_counts(unique, fetched),
    )


def _to_papers(
    records: Iterable[RawRecord], settings: IngestSettings, warn: Callable[[str], None]
) -> tuple[list[Paper], list[IngestEvent]]:
    """The papers the records make, and an event for every record that makes none."""
    papers: list[Paper] = []
    events: list[IngestEvent] = []
    for record in records:
        if record.problem:  # only under --keep-going: this record, not its file, is skipped
            warn(f"skipped {record.source}: {record.problem}")
            events.append(IngestEvent("skipped", "unreadable record", record.source, detail=record.problem))
            continue
        paper = to_paper(record)
        reason = "no abstract or title" if paper is None else _keep(paper, settings)
        if paper is None or reason:
            events.append(IngestEvent("skipped", reason or "no abstract or title", record.source))
        else:
            papers.append(paper)
    return papers, events


def query_counts(papers: Sequence[Paper], fetched: Sequence[tuple[str, Sequence[RawRecord]]]) -> tuple[QueryCount, ...]:
    """Per query: records returned, papers holding one of them, and papers only that query brought."""
    owner = {record.source: name for name, records in fetched for record in records}
    found: dict[str, list[set[str | None]]] = {name: [] for name, _ in fetched}
    for paper in papers:
        origins = {owner.get(source) for source in paper.sources}  # None: a file record
        for name in (o for o in origins if o is not None):
            found[name].append(origins)
    return tuple(
        QueryCount(name, len(records), len(found[name]), sum(1 for o in found[name] if o == {name}))
        for name, records in fetched
    )


def distinct_ids(papers: list[Paper], *, keep_going: bool, warn: Callable[[str], None]) -> list[Paper]:
    """Two different papers under one id would make one chimeric entry: an error naming both records.

    With --keep-going the later paper gets the id "ID~2" (a warning says so).
    Ids reportgen made up from content (records without one) are renamed quietly.
    """
    seen: dict[str, Paper] = {}
    out = []
    for paper in papers:
        first = seen.get(paper.id)
        if first is not None:
            given = paper.id != stable_id(paper.title, paper.abstract)
            if given and not keep_going:
                raise InputError(
                    paper.sources[0],
                    f"id '{paper.id}' is also the id of {first.sources[0]}, a different record",
                    hint="give each record its own id, or pass --keep-going to rename the second",
                )
            new_id = _free_id(paper.id, seen)
            if given:
                warn(
                    f"{paper.sources[0]}: id '{paper.id}' is also the id of {first.sources[0]}, a different record; renamed it '{new_id}'"
                )
            paper = dataclasses.replace(paper, id=new_id)
        seen[paper.id] = paper
        out.append(paper)
    return out


def _free_id(taken: str, seen: dict[str, Paper]) -> str:
    n = 2
    while f"{taken}~{n}" in seen:
        n += 1
    return f"{taken}~{n}"


def summary_line(corpus: Corpus) -> str:
    """One line a person reads after ingest: how many papers, and what was merged or skipped, by reason."""
    merged, skipped = corpus.counts("merged"), corpus.counts("skipped")
    parts = [
        f"{len(corpus.papers)} papers from {len(corpus.sources)} files"
        + (f" and {len(corpus.queries)} queries" if corpus.queries else "")
    ]
    if merged:
        parts.append("merged " + ", ".join(f"{n} ({reason})" for reason, n in merged.items()))
    if skipped:
        parts.append("skipped " + ", ".join(f"{n} ({reason})" for reason, n in skipped.items()))
    return "; ".join(parts)
