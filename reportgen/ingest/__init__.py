"""Ingest: find source files, pick a reader for each, normalize, dedupe -> Corpus.

The only stage that reads user files.  Readers yield RawRecords; this module
turns them into Papers and accounts for every record that does not become one.
"""

from __future__ import annotations

import dataclasses
import gzip
import re
from pathlib import Path
from typing import Callable, Iterable, Iterator, Sequence

from reportgen.config import IngestSettings
from reportgen.errors import EmptyCorpusError, InputError
from reportgen.ingest import atom, bibtex, jsonl, ris, tabular, text
from reportgen.ingest.dedupe import dedupe, stable_id
from reportgen.ingest.normalize import normalize_text, normalize_title
from reportgen.ingest.records import RawRecord
from reportgen.model import Corpus, IngestEvent, Paper, QueryCount

Reader = Callable[[Path, IngestSettings], Iterator[RawRecord]]


def _read_text_file(path: Path, settings: IngestSettings) -> Iterator[RawRecord]:
    content = read_text(path)
    if text.is_abstract_lines(content):
        return text.read_abstract_lines(path, content)
    return text.read_listing(path, content, listing_year=settings.listing_year)


READERS: dict[str, Reader] = {
    "text": _read_text_file,
    "jsonl": lambda path, settings: jsonl.read_jsonl(path, iter_lines(path), keep_going=settings.keep_going),
    "json": lambda path, settings: jsonl.read_json(path, read_text(path), keep_going=settings.keep_going),
    "csv": lambda path, settings: tabular.read_table(path, iter_lines(path), settings.columns, ",", keep_going=settings.keep_going),
    "tsv": lambda path, settings: tabular.read_table(path, iter_lines(path), settings.columns, "\t", keep_going=settings.keep_going),
    "bibtex": lambda path, settings: bibtex.read_bibtex(path, read_text(path)),
    "ris": lambda path, settings: ris.read_ris(path, read_text(path)),
    "atom": lambda path, settings: atom.read_atom(path, read_text(path)),
}
_SUFFIXES = {
    ".txt": "text", ".jsonl": "jsonl", ".ndjson": "jsonl", ".jsonl.gz": "jsonl", ".json": "json", ".csv": "csv", ".tsv": "tsv",
    ".bib": "bibtex", ".bibtex": "bibtex", ".ris": "ris", ".atom": "atom", ".xml": "atom",
}
# Content sniffing, for files whose extension says nothing (or says .txt): first characters -> reader.
_SNIFF = ((re.compile(r"^\s*<(\?xml|feed)"), "atom"), (re.compile(r"^\s*@\w+\s*[{(]"), "bibtex"), (re.compile(r"^\s*TY  - "), "ris"), (re.compile(r"^\s*\["), "json"), (re.compile(r"^\s*\{.*\}\s*$", re.S), "json"))


def iter_lines(path: Path) -> Iterator[str]:
    """Lines of a (possibly gzipped) UTF-8 file, streamed; bad bytes raise with the line number.

    A UTF-8 byte-order mark is dropped (Windows tools write one); UTF-16, with
    or without its mark, is recognised and decoded whole (such exports are small).
    """
    opener = gzip.open if path.name.endswith(".gz") else open
    number = 0
    try:
        with opener(path, "rb") as handle:
            encoding = utf16_encoding(handle.read(256))
            handle.seek(0)
            if encoding:
                yield from _utf16_lines(path, handle.read(), encoding)
                return
            for number, raw in enumerate(handle, 1):
                if b"\x00" in raw:
                    raise InputError(path, "looks binary (NUL byte)", line=number, hint="pass a text export")
                line = raw.decode("utf-8")
                yield line.removeprefix("\ufeff") if number == 1 else line
    except UnicodeDecodeError as exc:
        raise InputError(path, f"not UTF-8 ({exc.reason})", line=number, hint="re-save the file as UTF-8") from None
    except (OSError, EOFError) as exc:
        raise InputError(path, f"cannot read: {exc}") from None


def utf16_encoding(head: bytes) -> str | None:
    """"utf-16" when the first bytes are UTF-16 (a BOM, or text with every other byte NUL), else None."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")) and not head.startswith(b"\xff\xfe\x00\x00"):
        return "utf-16"
    pairs = len(head) // 2
    if pairs >= 4:
        if sum(1 for i in range(pairs) if head[2 * i + 1] == 0 and head[2 * i] != 0) >= 0.9 * pairs:
            return "utf-16-le"
        if sum(1 for i in range(pairs) if head[2 * i] == 0 and head[2 * i + 1] != 0) >= 0.9 * pairs:
            return "utf-16-be"
    return None


def _utf16_lines(path: Path, data: bytes, encoding: str) -> Iterator[str]:
    try:
        text_ = data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise InputError(path, f"looks like UTF-16 but does not decode ({exc.reason})", hint="re-save the file as UTF-8") from None
    for number, line in enumerate(text_.removeprefix("\ufeff").splitlines(keepends=True), 1):
        if "\x00" in line:
            raise InputError(path, "looks binary (NUL character)", line=number, hint="pass a text export")
        yield line


def read_text(path: Path) -> str:
    return "".join(iter_lines(path))


def detect_format(path: Path, forced: str | None = None) -> str:
    if forced:
        if forced not in READERS:
            raise InputError(path, f"unknown input format '{forced}'", hint=f"use one of: {', '.join(sorted(READERS))}")
        return forced
    name = path.name.lower()
    kind = next((k for suffix, k in sorted(_SUFFIXES.items(), key=lambda item: -len(item[0])) if name.endswith(suffix)), None)
    if kind in (None, "text"):
        head = _head(path)
        if kind == "text" and head.lstrip().startswith("{"):
            return "jsonl"
        kind = next((k for pattern, k in _SNIFF if pattern.match(head)), kind)
    if kind is None:
        raise InputError(path, "unknown file type", hint=f"use --input-format (one of: {', '.join(sorted(READERS))})")
    return kind


def _head(path: Path, size: int = 4096) -> str:
    try:
        with path.open("rb") as handle:
            head = handle.read(size)
        encoding = utf16_encoding(head)
        return head.decode(encoding or "utf-8", errors="replace").removeprefix("\ufeff")
    except OSError as exc:
        raise InputError(path, f"cannot read: {exc.strerror}") from None


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


def load_corpus(sources: list[Path], settings: IngestSettings, *, warn: Callable[[str], None] = lambda _: None, fetched: Sequence[tuple[str, Sequence[RawRecord]]] = ()) -> Corpus:
    """Files first, then the records of each query source (name, records): one normalisation, one dedupe."""
    files = find_files(sources)
    papers: list[Paper] = []
    events: list[IngestEvent] = []
    for path in files:
        file_papers: list[Paper] = []
        file_events: list[IngestEvent] = []
        try:
            for record in READERS[detect_format(path, settings.input_format)](path, settings):
                if record.problem:  # only under --keep-going: this record, not its file, is skipped
                    warn(f"skipped {record.source}: {record.problem}")
                    file_events.append(IngestEvent("skipped", "unreadable record", record.source))
                    continue
                paper = to_paper(record)
                reason = "no abstract or title" if paper is None else _keep(paper, settings)
                if reason:
                    file_events.append(IngestEvent("skipped", reason, record.source))
                else:
                    file_papers.append(paper)
        except InputError as exc:
            if not settings.keep_going:
                raise
            warn(f"skipped {exc}")
            events.append(IngestEvent("skipped", "unreadable file", exc.message))
            continue
        papers.extend(file_papers)  # a file counts whole or not at all
        events.extend(file_events)
    for _, records in fetched:
        query_papers, query_events = _to_papers(records, settings)
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
    return Corpus(papers=tuple(unique), events=tuple(events + merged), sources=tuple(map(str, files)), queries=query_counts(unique, fetched))


def _to_papers(records: Iterable[RawRecord], settings: IngestSettings) -> tuple[list[Paper], list[IngestEvent]]:
    papers, events = [], []
    for record in records:
        paper = to_paper(record)
        reason = "no abstract or title" if paper is None else _keep(paper, settings)
        if reason:
            events.append(IngestEvent("skipped", reason, record.source))
        else:
            papers.append(paper)
    return papers, events


def query_counts(papers: Sequence[Paper], fetched: Sequence[tuple[str, Sequence[RawRecord]]]) -> tuple[QueryCount, ...]:
    """Per query: records returned, papers holding one of them, and papers only that query brought."""
    owner = {record.source: name for name, records in fetched for record in records}
    found: dict[str, list[set[str | None]]] = {name: [] for name, _ in fetched}
    for paper in papers:
        origins = {owner.get(source) for source in paper.sources}  # None: a file record
        for name in origins - {None}:
            found[name].append(origins)
    return tuple(QueryCount(name, len(records), len(found[name]), sum(1 for o in found[name] if o == {name})) for name, records in fetched)


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
                warn(f"{paper.sources[0]}: id '{paper.id}' is also the id of {first.sources[0]}, a different record; renamed it '{new_id}'")
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
    parts = [f"{len(corpus.papers)} papers from {len(corpus.sources)} files" + (f" and {len(corpus.queries)} queries" if corpus.queries else "")]
    if merged:
        parts.append("merged " + ", ".join(f"{n} ({reason})" for reason, n in merged.items()))
    if skipped:
        parts.append("skipped " + ", ".join(f"{n} ({reason})" for reason, n in skipped.items()))
    return "; ".join(parts)
