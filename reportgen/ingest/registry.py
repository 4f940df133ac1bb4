"""The input formats: each reader module declares what it reads, and this module collects them.

A reader module in reportgen/ingest/ sets `READERS = (Reader(...), ...)`: a
name (for --input-format), the file suffixes it claims, an optional sniff test
on the first 4 KiB, and the function that yields RawRecords.  Adding a format
is one new module (and its test); nothing else changes (Pelican's readers).
`register` adds a reader from outside the package (a plugin, a test).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Iterator

from reportgen.config import IngestSettings
from reportgen.errors import InputError
from reportgen.ingest.files import head
from reportgen.ingest.records import RawRecord
from reportgen.registry import Registry

ReadFunction = Callable[[Path, IngestSettings], Iterator[RawRecord]]


@dataclass(frozen=True)
class Reader:
    """One input format."""

    name: str  # what --input-format and [ingest] input_format accept
    suffixes: tuple[str, ...]  # lower case, with the dot; ".jsonl.gz" style double suffixes work
    read: ReadFunction
    sniff: Callable[[str], bool] | None = None  # given a file's first 4 KiB: is it this format?
    generic: bool = False  # its suffix (.txt) says little: sniff tests are asked before it is trusted


REGISTRY: Registry[Reader] = Registry("reportgen.ingest", "READERS", lambda reader: reader.name)
readers = REGISTRY.entries  # name -> Reader: the package's readers, then registered ones (which may replace a built-in)
register = REGISTRY.register  # a reader from outside the package (a plugin, a test)
unregister = REGISTRY.unregister


def reader_for(path: Path, forced: str | None = None) -> Reader:
    """The reader for `path`: the forced one, else by suffix, else (or for generic suffixes) by content."""
    known = readers()
    if forced:
        if forced not in known:
            raise InputError(path, f"unknown input format '{forced}'", hint=f"use one of: {', '.join(sorted(known))}")
        return known[forced]
    by_suffix = _by_suffix(path.name.lower(), known.values())
    if by_suffix is not None and not by_suffix.generic:
        return by_suffix
    text = head(path)
    sniffed = next((r for r in known.values() if r.sniff is not None and r.sniff(text)), None)
    chosen = sniffed or by_suffix
    if chosen is None:
        raise InputError(path, "unknown file type", hint=f"use --input-format (one of: {', '.join(sorted(known))})")
    return chosen


def _by_suffix(name: str, candidates: Iterable[Reader]) -> Reader | None:
    """The reader claiming the longest suffix of `name` (".jsonl.gz" beats ".gz")."""
    matches = [(len(s), r) for r in candidates for s in r.suffixes if name.endswith(s)]
    return max(matches, key=lambda m: m[0])[1] if matches else None


def is_candidate(path: Path) -> bool:
    """A file in a walked folder is read when some reader claims its suffix (hidden files never)."""
    name = path.name.lower()
    return not name.startswith(".") and _by_suffix(name, readers().values()) is not None
