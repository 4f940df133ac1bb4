"""Hypothesis-made hostile files of every format, through the real CLI and the real model (issue 25).

Records with nesting thousands deep, numbers of thousands of digits, control
characters, publisher markup and LaTeX, ids and titles shared by different
papers; files cut short at any byte.  Whatever the folder: exit 0 or 2, never
a traceback; on exit 0 every record of every whole file is a paper of
survey.json or counted as skipped or merged, and the folder holds this
build's outputs only; on exit 2 one line names the problem and the previous
survey is untouched.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.reliability.conftest import invoke, leftovers, papers, snapshot, write_jsonl
from tests.sources.server import arxiv_feed

pytestmark = pytest.mark.slow

HOSTILE_TEXT = st.sampled_from(
    [
        "Control\x1b[0m characters\x07 and a NUL\x00 here.",
        "<jats:p>Markup <inline-formula><mml:math><mml:mi>x</mml:mi></mml:math></inline-formula> kept.</jats:p>",
        "AT&amp;amp;T &lt;i&gt;x&lt;/i&gt; and &notation; R&D.",
        r"T\"ulu and $\log n$ \cite{a} \DeAR \{3, 8\}B {\em switch}.",
        "[" * 50 + "]" * 50,
        "9" * 5000,
        "y" * 3000,
    ]
)
WORDS = st.text(alphabet="abcdefghijklmnopqrstuvwxyz ", min_size=20, max_size=80)
RECORD = st.fixed_dictionaries(
    {
        "id": st.one_of(st.sampled_from(["dup", "dup", "2401.00001"]), st.from_regex(r"r[0-9]{1,4}", fullmatch=True)),
        "title": st.one_of(HOSTILE_TEXT, WORDS, st.just("One title shared by different papers")),
        "abstract": st.one_of(HOSTILE_TEXT, WORDS),
    }
)
FORMATS = ("jsonl", "json", "csv", "bib", "ris", "atom")


def render(kind: str, records: list[dict[str, str]], deep: int, digits: int) -> str:
    """The records as one file of `kind`; JSON files also carry a nested field and a long number."""
    if kind == "jsonl":
        extra = '"extra": ' + "[" * deep + "]" * deep + ', "year": 1' + "0" * digits
        return "".join(json.dumps(r)[:-1] + ", " + extra + "}\n" for r in records)
    if kind == "json":
        return json.dumps([{**r, "extra": json.loads("[" * min(deep, 900) + "]" * min(deep, 900))} for r in records])
    if kind == "csv":
        buffer = io.StringIO()
        table = csv.DictWriter(buffer, fieldnames=["id", "title", "abstract"])
        table.writeheader()
        table.writerows(records)
        return buffer.getvalue()
    if kind == "bib":
        clean = [{k: v.replace("{", "(").replace("}", ")") for k, v in r.items()} for r in records]
        return "".join(
            f"@article{{{r['id']}{i},\n  title = {{{r['title']}}},\n  abstract = {{{r['abstract']}}}\n}}\n\n"
            for i, r in enumerate(clean)
        )
    if kind == "ris":
        return "".join(
            f"TY  - JOUR\nID  - {r['id']}\nTI  - {r['title']}\nAB  - {r['abstract']}\nER  - \n" for r in records
        )
    entries = [
        {"id": f"2501.{10000 + i}", "date": "2025-01-01", "title": r["title"], "abstract": r["abstract"]}
        for i, r in enumerate(records)
    ]
    return arxiv_feed(entries, total=len(entries), start=0).decode()


FILE = st.tuples(
    st.sampled_from(FORMATS),
    st.lists(RECORD, min_size=1, max_size=4),
    st.sampled_from([1, 3, 2000]),  # nesting depth
    st.sampled_from([1, 5000]),  # digits of a number
    st.one_of(st.none(), st.floats(min_value=0.05, max_value=0.95)),  # cut the file at this share of its bytes
)


@pytest.fixture(scope="module")
def previous(tmp_path_factory: pytest.TempPathFactory, rel_cache: Path) -> Path:
    out = tmp_path_factory.mktemp("previous-files") / "survey"
    result = invoke("build", str(write_jsonl(out.parent / "p.jsonl", papers(3, seed="pf"))), "-o", str(out), "--cache-dir", str(rel_cache), "--format", "json")  # fmt: skip
    assert result.exit_code == 0, result.stderr
    return out


@settings(
    max_examples=15,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(files=st.lists(FILE, min_size=1, max_size=3), keep_going=st.booleans())
def test_hostile_files_build_or_fail_cleanly(
    files: list[tuple[str, list[dict[str, str]], int, int, float | None]],
    keep_going: bool,
    previous: Path,
    rel_cache: Path,
) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        corpus = root / "corpus"
        corpus.mkdir()
        whole = 0  # records in files that were not cut: each must be a paper or counted
        for n, (kind, records, deep, digits, cut) in enumerate(files):
            data = render(kind, records, deep, digits).encode()
            if cut is not None:
                data = data[: int(len(data) * cut)]
            else:
                whole += len(records)
            (corpus / f"f{n}.{kind}").write_bytes(data)
        out = root / "survey"
        shutil.copytree(previous, out)
        before = snapshot(out)
        extra = ["--keep-going"] if keep_going else []
        result = invoke("build", str(corpus), "-o", str(out), "--cache-dir", str(rel_cache), "--format", "json", *extra)
        assert result.crash is None, result.crash
        assert result.exit_code in (0, 2), result.stderr
        assert leftovers(out) == []
        if result.exit_code == 2:
            assert len([line for line in result.stderr.splitlines() if line.startswith("error:")]) == 1, result.stderr
            assert snapshot(out) == before
            return
        data = json.loads((out / "survey.json").read_text(encoding="utf-8"))
        read = {s for p in data["papers"] for s in p["sources"]}
        counted = {e["source"] for e in data["ingest"]["events"] if e["action"] == "skipped"}
        assert len(read | counted) >= whole, (whole, data["ingest"])
        assert all(s.startswith(str(corpus)) for s in read), "a paper of another build"
        assert sorted(p.name for p in out.iterdir()) == [".reportgen-manifest.json", "survey.json"]
        text = json.dumps(data["papers"], ensure_ascii=False)
        assert not any(c in text for c in ("\x1b", "\x07", "\\u0000", "<jats:", "&amp;amp;"))
