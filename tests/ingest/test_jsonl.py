import json
from pathlib import Path

import pytest

from reportgen.config import IngestSettings
from reportgen.errors import EmptyCorpusError, InputError
from reportgen.ingest import load_corpus


def _write(path: Path, rows: list[object]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def test_jsonl_keeps_ids_and_metadata(tmp_path: Path) -> None:
    path = _write(
        tmp_path / "a.jsonl",
        [
            {
                "id": "2503.00001",
                "title": "T",
                "abstract": "An abstract.",
                "authors": ["A B", "C D"],
                "date": "2025-03-18",
                "categories": ["cs.CL"],
            }
        ],
    )
    paper = load_corpus([path], IngestSettings()).papers[0]
    assert (paper.id, paper.authors, paper.date, paper.categories) == (
        "2503.00001",
        ("A B", "C D"),
        "2025-03-18",
        ("cs.CL",),
    )


def test_bad_json_line_names_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text('{"id": "1", "abstract": "ok"}\n{"id": 2,\n', encoding="utf-8")
    with pytest.raises(InputError, match=r"bad\.jsonl:2: not valid JSON"):
        load_corpus([path], IngestSettings())


def test_keep_going_skips_and_counts(tmp_path: Path) -> None:
    good = _write(tmp_path / "good.jsonl", [{"id": "1", "abstract": "Fine."}])
    (tmp_path / "bad.jsonl").write_bytes(b"\xff\xfe\x00binary")
    corpus = load_corpus([tmp_path], IngestSettings(keep_going=True))
    assert [p.id for p in corpus.papers] == ["1"]
    assert corpus.counts("skipped") == {"unreadable file": 1}
    assert good.exists()


def test_empty_corpus_is_a_clear_error(tmp_path: Path) -> None:
    _write(tmp_path / "empty.jsonl", [{"id": "1"}])
    with pytest.raises(EmptyCorpusError, match="no papers found"):
        load_corpus([tmp_path / "empty.jsonl"], IngestSettings())
