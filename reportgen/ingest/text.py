"""The plain-text layouts users scrape from paper listings.

Two layouts (see examples/):
- one abstract a line, each starting `Abstract:` (no titles);
- a listing page: boilerplate lines, then per paper a title line, a blank line,
  the abstract, and sometimes `• N authors` / `·` / a date line.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from reportgen.config import IngestSettings
from reportgen.ingest.files import read_text
from reportgen.ingest.records import RawRecord
from reportgen.ingest.registry import Reader

_ABSTRACT_PREFIX = re.compile(r"^\s*Abstract\s*:\s*", re.IGNORECASE)
_MONTHS = {
    m: i for i, m in enumerate(["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"], 1)
}
_DATE = re.compile(r"^(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]* (\d{1,2})(?:, (\d{4}))?$")
_AUTHORS = re.compile(r"^[•·*-]?\s*(\d+)\s+authors?$")
_SEPARATOR = {"·", "•", "-", "|"}
_MIN_ABSTRACT_WORDS = 25
_MAX_TITLE_CHARS = 300


def is_abstract_lines(text: str) -> bool:
    """Most non-empty lines start with `Abstract:`."""
    lines = [line for line in text.splitlines() if line.strip()]
    return bool(lines) and sum(bool(_ABSTRACT_PREFIX.match(l)) for l in lines) >= 0.8 * len(lines)


def read_abstract_lines(path: Path, text: str) -> Iterator[RawRecord]:
    for number, line in enumerate(text.splitlines(), 1):
        if _ABSTRACT_PREFIX.match(line):
            yield RawRecord(source=f"{path}:{number}", abstract=_ABSTRACT_PREFIX.sub("", line))


@dataclass(frozen=True)
class _Block:
    line: int  # 1-based line number of the block's first line
    lines: tuple[str, ...]

    @property
    def text(self) -> str:
        return " ".join(l.strip() for l in self.lines)


def _blocks(text: str) -> list[_Block]:
    blocks: list[_Block] = []
    current: list[str] = []
    start = 0
    for number, line in enumerate(text.splitlines(), 1):
        if line.strip():
            if not current:
                start = number
            current.append(line)
        elif current:
            blocks.append(_Block(start, tuple(current)))
            current = []
    if current:
        blocks.append(_Block(start, tuple(current)))
    return blocks


def _is_abstract(block: _Block) -> bool:
    return len(block.text.split()) >= _MIN_ABSTRACT_WORDS


def _is_title(block: _Block) -> bool:
    return len(block.lines) == 1 and 0 < len(block.text) <= _MAX_TITLE_CHARS and not _is_abstract(block)


def parse_listing_date(text: str, listing: dt.date | None) -> str | None:
    """`Jul 13, 2024` -> 2024-07-13; `Oct 31` -> resolved against the listing's date."""
    match = _DATE.match(text.strip())
    if not match:
        return None
    month, day = _MONTHS[match.group(1)[:3]], int(match.group(2))
    year = int(match.group(3)) if match.group(3) else None
    if year is None:
        if listing is None:
            return None
        year = listing.year if (month, day) <= (listing.month, listing.day) else listing.year - 1
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def _infer_listing_date(blocks: list[_Block], year: int | None) -> dt.date | None:
    """The listing's own date: its first bare `Mon D` line, in `year` or the year after the newest explicit one.

    Listings show the year only for papers from earlier years, so the listing's
    year is at least one more than the newest year printed.
    """
    header = next((b.text for b in blocks if (m := _DATE.match(b.text)) and not m.group(3)), None)
    if header is None:
        return None
    if year is None:
        years = [int(m.group(3)) for b in blocks for l in b.lines if (m := _DATE.match(l.strip())) and m.group(3)]
        if not years:
            return None
        year = max(years) + 1
    match = _DATE.match(header)
    assert match is not None  # header was chosen for matching
    try:
        return dt.date(year, _MONTHS[match.group(1)[:3]], int(match.group(2)))
    except ValueError:
        return None


def _meta(block: _Block | None, listing: dt.date | None) -> tuple[int | None, str | None]:
    """Author count and date from a `• N authors / · / date` block, if that is what it is."""
    if block is None:
        return None, None
    count, date = None, None
    for line in (l.strip() for l in block.lines):
        if m := _AUTHORS.match(line.lstrip("•· ").strip()) or _AUTHORS.match(line):
            count = int(m.group(1))
        elif _DATE.match(line):
            date = parse_listing_date(line, listing)
        elif line not in _SEPARATOR and not line.startswith("•"):
            return None, None
    return count, date


def read_listing(path: Path, text: str, *, listing_year: int | None = None) -> Iterator[RawRecord]:
    """Papers are a title block followed by an abstract block; other short blocks are page chrome."""
    blocks = _blocks(text)
    listing = _infer_listing_date(blocks, listing_year)
    i = 0
    while i < len(blocks):
        block = blocks[i]
        following = blocks[i + 1] if i + 1 < len(blocks) else None
        if _is_title(block) and following is not None and _is_abstract(following):
            meta_block = blocks[i + 2] if i + 2 < len(blocks) else None
            count, date = _meta(meta_block, listing)
            yield RawRecord(
                source=f"{path}:{block.line}", title=block.text, abstract=following.text, author_count=count, date=date
            )
            i += 3 if (count is not None or date is not None) else 2
        elif _is_abstract(block):
            yield RawRecord(source=f"{path}:{block.line}", abstract=block.text)
            i += 1
        else:
            i += 1


def _read(path: Path, settings: IngestSettings) -> Iterator[RawRecord]:
    content = read_text(path)
    if is_abstract_lines(content):
        return read_abstract_lines(path, content)
    return read_listing(path, content, listing_year=settings.listing_year)


# .txt is what users save anything as: a JSON, BibTeX or RIS export saved as .txt is recognised by content first.
READERS = (Reader("text", (".txt",), _read, generic=True),)
