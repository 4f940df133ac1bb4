"""The reader registry: suffixes, sniffing and --input-format come from the readers' own declarations."""

from __future__ import annotations

from pathlib import Path
from typing import Iterator

import pytest

from reportgen.config import IngestSettings
from reportgen.errors import InputError
from reportgen.ingest import Reader, detect_format, load_corpus, readers, register, unregister
from reportgen.ingest.files import iter_lines
from reportgen.ingest.records import RawRecord


def test_every_builtin_reader_is_found() -> None:
    assert sorted(readers()) == ["atom", "bibtex", "csv", "json", "jsonl", "ris", "text", "tsv"]


def test_a_throwaway_reader_plugs_in_by_suffix_sniff_and_name(tmp_path: Path) -> None:
    def read_pipes(path: Path, settings: IngestSettings) -> Iterator[RawRecord]:
        for number, line in enumerate(iter_lines(path), 1):
            title, _, abstract = line.strip().partition(" | ")
            yield RawRecord(source=f"{path}:{number}", title=title, abstract=abstract)

    (tmp_path / "list.pipes").write_text(
        "First paper | It does one thing.\nSecond paper | It does another.\n", encoding="utf-8"
    )
    register(Reader("pipes", (".pipes",), read_pipes, sniff=lambda head: head.startswith("PIPES")))
    try:
        corpus = load_corpus([tmp_path], IngestSettings())  # the folder walk picks up .pipes
        assert [p.title for p in corpus.papers] == ["First paper", "Second paper"]
        assert corpus.papers[1].sources == (f"{tmp_path / 'list.pipes'}:2",)
        (tmp_path / "saved.txt").write_text("PIPES\nThird paper | Saved as text.\n", encoding="utf-8")
        assert detect_format(tmp_path / "saved.txt") == "pipes"
        assert detect_format(tmp_path / "saved.txt", "text") == "text"
    finally:
        unregister("pipes")
    with pytest.raises(InputError, match="unknown file type"):
        detect_format(tmp_path / "list.pipes")


@pytest.mark.parametrize(
    ("content", "kind"),
    [
        ('{"title": "a"}\n{"title": "b"}\n', "jsonl"),
        ('{\n  "results": [{"title": "a"}]\n}\n', "json"),
        ('[{"title": "a"}]', "json"),
        ("Title\n\nAn abstract of some length.\n", "text"),
    ],
)
def test_text_files_are_sniffed_before_the_suffix_is_trusted(tmp_path: Path, content: str, kind: str) -> None:
    path = tmp_path / "export.txt"
    path.write_text(content, encoding="utf-8")
    assert detect_format(path) == kind


def test_an_unreadable_file_is_an_event_with_a_place_and_a_message(tmp_path: Path) -> None:
    (tmp_path / "good.jsonl").write_text('{"title": "A paper", "abstract": "It reads."}\n', encoding="utf-8")
    (tmp_path / "bad.jsonl").write_bytes(b'{"title": "ok"}\n\x00\x01\n')
    corpus = load_corpus([tmp_path], IngestSettings(keep_going=True))
    (event,) = [e for e in corpus.events if e.reason == "unreadable file"]
    assert event.source == f"{tmp_path / 'bad.jsonl'}:2"
    assert event.detail is not None and "looks binary" in event.detail
