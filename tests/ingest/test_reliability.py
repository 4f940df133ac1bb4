"""Ingest under hostile input: ids, --keep-going per record, byte-order marks and UTF-16, message wording."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reportgen.config import IngestSettings
from reportgen.errors import InputError
from reportgen.ingest import load_corpus

A = {
    "id": "dup1",
    "title": "Graph networks for molecules",
    "abstract": "We study graph neural networks for molecular property prediction.",
}
B = {
    "id": "dup1",
    "title": "Vision transformers for satellites",
    "abstract": "We train vision transformers on satellite images of farmland.",
}


def jsonl(path: Path, *records: object) -> Path:
    path.write_text("".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in records), encoding="utf-8")
    return path


def test_duplicate_ids_with_different_content_name_both_records(tmp_path: Path) -> None:
    path = jsonl(tmp_path / "dup.jsonl", A, B)
    with pytest.raises(
        InputError, match=rf"^{path}:2: id 'dup1' is also the id of {path}:1, a different record \(.*--keep-going"
    ):
        load_corpus([path], IngestSettings())


def test_keep_going_renames_the_second_and_warns(tmp_path: Path) -> None:
    path = jsonl(tmp_path / "dup.jsonl", A, B)
    warnings: list[str] = []
    corpus = load_corpus([path], IngestSettings(keep_going=True), warn=warnings.append)
    by_id = corpus.by_id()
    assert sorted(by_id) == ["dup1", "dup1~2"]
    assert (by_id["dup1"].title, by_id["dup1~2"].title) == (A["title"], B["title"])  # nothing chimeric
    assert (by_id["dup1"].abstract, by_id["dup1~2"].abstract) == (A["abstract"], B["abstract"])
    assert any("renamed it 'dup1~2'" in w for w in warnings)


def test_the_same_record_twice_under_one_id_is_merged_not_an_error(tmp_path: Path) -> None:
    corpus = load_corpus([jsonl(tmp_path / "twice.jsonl", A, A)], IngestSettings())
    assert [p.id for p in corpus.papers] == ["dup1"] and corpus.counts("merged") == {"same abstract": 1}


@pytest.mark.parametrize("bad", [{"obj": 1}, [1, 2], True, None])
def test_ids_must_be_strings_or_numbers(tmp_path: Path, bad: object) -> None:
    path = jsonl(tmp_path / "ids.jsonl", {**A, "id": bad})
    if bad is None:
        assert load_corpus([path], IngestSettings()).papers[0].id.startswith("p")  # no id: one is made from the content
        return
    with pytest.raises(
        InputError, match=rf"^{path}:1: record id must be a string or a number, not {type(bad).__name__}"
    ):
        load_corpus([path], IngestSettings())


def test_numeric_ids_are_kept_as_text(tmp_path: Path) -> None:
    corpus = load_corpus([jsonl(tmp_path / "n.jsonl", {**A, "id": 17}, {**B, "id": 2.5})], IngestSettings())
    assert [p.id for p in corpus.papers] == ["17", "2.5"]


def test_keep_going_skips_bad_records_not_whole_files(tmp_path: Path) -> None:
    good = [
        {
            "id": f"g{i}",
            "title": f"Paper {i} on topic {i}",
            "abstract": f"Abstract {i} about subject {i} and its method {i}.",
        }
        for i in range(9)
    ]
    path = jsonl(
        tmp_path / "mixed.jsonl",
        *good[:4],
        '{"id": "bad", "title": "unterminated',
        *good[4:8],
        "[1, 2]",
        {**good[8], "id": {"x": 1}},
    )
    warnings: list[str] = []
    corpus = load_corpus([path], IngestSettings(keep_going=True), warn=warnings.append)
    assert [p.id for p in corpus.papers] == [f"g{i}" for i in range(8)]
    assert corpus.counts("skipped") == {"unreadable record": 3}
    assert [e.source for e in corpus.events] == [f"{path}:5", f"{path}:10", f"{path}:11"]
    assert len(warnings) == 3 and warnings[0].startswith(f"skipped {path}:5: not valid JSON")


def test_keep_going_skips_bad_array_items_and_csv_rows(tmp_path: Path) -> None:
    array = tmp_path / "a.json"
    array.write_text(json.dumps([A, "not a record", B | {"id": "b"}]), encoding="utf-8")
    table = tmp_path / "t.csv"
    table.write_text(
        'id,title,abstract\nc1,First title here,An abstract about one thing.\nc2,"Two",x,y,z\nc3,Third title here,An abstract about another thing.\n',
        encoding="utf-8",
    )
    corpus = load_corpus([array, table], IngestSettings(keep_going=True))
    assert [p.id for p in corpus.papers] == ["dup1", "b", "c1", "c3"]
    assert corpus.counts("skipped") == {"unreadable record": 2}
    with pytest.raises(InputError, match="record 2 is not a JSON object"):
        load_corpus([array], IngestSettings())


@pytest.mark.parametrize("suffix", [".json", ".jsonl"])
def test_a_utf8_byte_order_mark_is_accepted(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"bom{suffix}"
    body = json.dumps([A]) if suffix == ".json" else json.dumps(A) + "\n"
    path.write_bytes(b"\xef\xbb\xbf" + body.encode())
    assert [p.title for p in load_corpus([path], IngestSettings()).papers] == [A["title"]]


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
@pytest.mark.parametrize("suffix", [".jsonl", ".json", ".txt"])
def test_utf16_is_detected_and_read(tmp_path: Path, encoding: str, suffix: str) -> None:
    path = tmp_path / f"wide{suffix}"
    body = {".jsonl": json.dumps(A) + "\n", ".json": json.dumps([A]), ".txt": f"Abstract: {A['abstract']}\n"}[suffix]
    path.write_bytes(body.encode(encoding))
    papers = load_corpus([path], IngestSettings()).papers
    assert [p.abstract for p in papers] == [A["abstract"]]


def test_json_errors_say_at_column_once(tmp_path: Path) -> None:
    path = jsonl(tmp_path / "bad.jsonl", '{"title": "unterminated')
    with pytest.raises(InputError) as caught:
        load_corpus([path], IngestSettings())
    assert "at at" not in str(caught.value)
    assert "Unterminated string starting at column 11" in str(caught.value)
