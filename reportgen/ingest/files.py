"""Reading a source file's text: streamed lines, the whole text, or its first bytes for sniffing.

Every reader reads through these, so encodings, gzip and binary files are
handled, and reported with a line number, in one place.
"""

from __future__ import annotations

import gzip
from pathlib import Path
from typing import Iterator

from reportgen.errors import InputError

HEAD_BYTES = 4096  # what a sniff test sees of a file


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
    """ "utf-16" when the first bytes are UTF-16 (a BOM, or text with every other byte NUL), else None."""
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
        raise InputError(
            path, f"looks like UTF-16 but does not decode ({exc.reason})", hint="re-save the file as UTF-8"
        ) from None
    for number, line in enumerate(text_.removeprefix("\ufeff").splitlines(keepends=True), 1):
        if "\x00" in line:
            raise InputError(path, "looks binary (NUL character)", line=number, hint="pass a text export")
        yield line


def read_text(path: Path) -> str:
    return "".join(iter_lines(path))


def head(path: Path, size: int = HEAD_BYTES) -> str:
    """The first `size` bytes as text (undecodable bytes replaced): enough to recognise a format."""
    try:
        with path.open("rb") as handle:
            head = handle.read(size)
        encoding = utf16_encoding(head)
        return head.decode(encoding or "utf-8", errors="replace").removeprefix("\ufeff")
    except OSError as exc:
        raise InputError(path, f"cannot read: {exc.strerror}") from None
