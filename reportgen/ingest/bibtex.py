"""BibTeX (Zotero, Google Scholar, JabRef exports) via bibtexparser 2: LaTeX accents and braces decoded."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Iterator

from reportgen.config import IngestSettings
from reportgen.errors import InputError
from reportgen.ingest.files import read_text
from reportgen.ingest.records import RawRecord, arxiv_id_from, clean_doi, split_authors, text
from reportgen.ingest.registry import Reader

_ENTRY = re.compile(r"^\s*@\w+\s*[{(]")


def read_bibtex(path: Path, content: str) -> Iterator[RawRecord]:
    import bibtexparser
    from bibtexparser import middlewares

    library = bibtexparser.parse_string(
        content, append_middleware=[middlewares.LatexDecodingMiddleware(), middlewares.SeparateCoAuthors()]
    )
    if library.failed_blocks:
        block = library.failed_blocks[0]
        raise InputError(
            path,
            f"malformed BibTeX entry ({type(block).__name__})",
            line=(block.start_line or 0) + 1,
            hint="fix the entry or export the library again",
        )
    if not library.entries and content.strip() and "@" not in content:
        raise InputError(path, "no BibTeX entries found", line=1)
    for entry in library.entries:
        fields = {k.lower(): v for k, v in entry.fields_dict.items()}

        def get(*names: str, fields: dict[str, Any] = fields) -> str | None:
            return next((text(fields[n].value) for n in names if n in fields), None)

        authors = fields["author"].value if "author" in fields else []
        yield RawRecord(
            source=f"{path}:{(entry.start_line or 0) + 1}",
            id=entry.key,
            title=get("title"),
            abstract=get("abstract"),
            authors=split_authors(
                [" ".join(reversed(a.split(", ", 1))) if ", " in a else a for a in authors]
                if isinstance(authors, list)
                else authors
            ),
            date=_date(get("date"), get("year"), get("month")),
            categories=tuple(k.strip() for k in (get("keywords") or "").split(",") if k.strip()),
            doi=clean_doi(get("doi")),
            arxiv_id=arxiv_id_from(get("eprint"), get("url"), get("journal"), get("doi")),
            url=get("url"),
        )


_MONTHS = {m: i for i, m in enumerate("jan feb mar apr may jun jul aug sep oct nov dec".split(), 1)}


def _date(date: str | None, year: str | None, month: str | None) -> str | None:
    if date:
        return date
    if not year:
        return None
    number = _MONTHS.get((month or "")[:3].lower()) or (int(month) if month and month.isdigit() else None)
    return f"{year}-{number:02d}" if number else year


def _read(path: Path, settings: IngestSettings) -> Iterator[RawRecord]:
    return read_bibtex(path, read_text(path))


READERS = (Reader("bibtex", (".bib", ".bibtex"), _read, sniff=lambda head: bool(_ENTRY.match(head))),)
