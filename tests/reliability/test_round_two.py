"""The second hostile round (issue 25): each case a user met, through the real CLI.

Every test here failed on the main branch before the fix it names; the
numbers are the issue's.  Fast cases run the CLI in this process; the ones that
need a real kill, a real permission or a real full disk run it as a process.
"""

from __future__ import annotations

import json
import os
import random
import shlex
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.reliability.conftest import invoke, papers, snapshot, write_jsonl
from tests.sources.server import ApiServer, arxiv_feed, serving


def _one_error_line(stderr: str) -> str:
    lines = [line for line in stderr.strip().splitlines() if line.startswith("error: ")]
    assert len(lines) == 1, stderr
    return lines[0]


def test_09_json_nested_a_hundred_thousand_deep_is_one_clear_error(tmp_path: Path) -> None:
    array = tmp_path / "deep.json"
    array.write_text("[" * 100_000, encoding="utf-8")
    lines = tmp_path / "deep.jsonl"
    lines.write_text(
        json.dumps({"title": "A", "abstract": "B."}) + "\n" + '{"x": ' + "[" * 100_000 + "\n", encoding="utf-8"
    )
    for source, where in ((array, f"{array}:1"), (lines, f"{lines}:2")):
        result = invoke("build", str(source), "-o", str(tmp_path / "out"), "--no-cache")
        assert result.crash is None and result.exit_code == 2, result.crash
        assert _one_error_line(result.stderr).startswith(f"error: {where}: not valid JSON (nested too deeply")


def test_10_a_five_thousand_digit_number_is_one_clear_error(tmp_path: Path) -> None:
    source = tmp_path / "big.jsonl"
    record = '{"title": "A title", "abstract": "An abstract.", "year": 1' + "0" * 4999 + "}"
    source.write_text(json.dumps({"title": "T", "abstract": "A."}) + "\n" + record + "\n", encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    (out / "survey.md").write_text("the previous survey")
    result = invoke("build", str(source), "-o", str(out), "--no-cache")
    assert result.crash is None and result.exit_code == 2, result.crash
    assert _one_error_line(result.stderr).startswith(f"error: {source}:2: not valid JSON (a number with more digits")
    assert snapshot(out) == {"survey.md": b"the previous survey"}


def test_11_a_stored_fit_of_the_right_syntax_and_the_wrong_shape_is_one_clear_error(tmp_path: Path) -> None:
    state = tmp_path / "state"
    state.mkdir()
    (state / "site-themes.json").write_text('{"key": "k", "papers": [], "themes": {"x": 1}}', encoding="utf-8")
    source = tmp_path / "one.jsonl"
    source.write_text(json.dumps({"title": "A", "abstract": "B."}) + "\n", encoding="utf-8")
    result = invoke("site", str(source), "-o", str(tmp_path / "site"), "--state", str(state))
    assert result.crash is None and result.exit_code == 2, result.crash
    line = _one_error_line(result.stderr)
    assert line.startswith(f"error: {state / 'site-themes.json'}: unreadable theme state") and "delete the file" in line


def _without_read_override(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """The CLI as root without CAP_DAC_OVERRIDE: file permissions bind it as they bind any user."""
    if shutil.which("capsh") is None or os.geteuid() != 0:
        pytest.skip("needs root and capsh to drop the permission-override capabilities")
    command = " ".join(shlex.quote(a) for a in (sys.executable, "-m", "reportgen", *args))
    return subprocess.run(
        ["capsh", "--drop=cap_dac_override,cap_dac_read_search", "--", "-c", command],
        cwd=cwd,
        env={**os.environ, "HF_HUB_OFFLINE": "1"},
        capture_output=True,
        text=True,
        timeout=600,
    )


@pytest.mark.slow
def test_04_an_unreadable_subfolder_stops_the_build_or_is_counted(tmp_path: Path, rel_cache: Path) -> None:
    corpus = tmp_path / "corpus"
    (corpus / "locked").mkdir(parents=True)
    write_jsonl(corpus / "a.jsonl", papers(3, seed="a"))
    write_jsonl(corpus / "locked" / "b.jsonl", papers(6, seed="b"))
    (corpus / "locked").chmod(0)
    try:
        stopped = _without_read_override("build", str(corpus), "-o", str(tmp_path / "out"), "--no-cache", cwd=ROOT)
        assert stopped.returncode == 2 and "Traceback" not in stopped.stderr, stopped.stderr
        assert _one_error_line(stopped.stderr).startswith(f"error: {corpus / 'locked'}: cannot read this folder")
        assert not (tmp_path / "out").exists()
        counted = _without_read_override(
            "build", str(corpus), "-o", str(tmp_path / "out"), "--cache-dir", str(rel_cache), "--keep-going",
            "--format", "json", cwd=ROOT,
        )  # fmt: skip
    finally:
        (corpus / "locked").chmod(0o755)
    assert counted.returncode == 0, counted.stderr
    survey = json.loads((tmp_path / "out" / "survey.json").read_text(encoding="utf-8"))
    assert len(survey["papers"]) == 3
    assert survey["ingest"]["skipped"] == {"unreadable folder": 1}


@pytest.mark.slow
def test_08_an_output_folder_inside_an_input_folder_is_not_read_back(tmp_path: Path, rel_cache: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    write_jsonl(corpus / "papers.jsonl", papers(6, seed="c"))
    out = corpus / "survey"
    builds = [
        invoke("build", str(corpus), "-o", str(out), "--cache-dir", str(rel_cache), "--format", "md,json")
        for _ in range(2)
    ]
    assert [b.exit_code for b in builds] == [0, 0], [b.stderr for b in builds]
    survey = json.loads((out / "survey.json").read_text(encoding="utf-8"))
    assert len(survey["papers"]) == 6 and not survey["ingest"]["merged"], survey["ingest"]
    assert "not input" in builds[1].stderr


def test_05_a_truncated_last_ris_record_is_an_error_or_counted(tmp_path: Path) -> None:
    records = [f"TY  - JOUR\nTI  - Paper {i}\nAB  - We study problem {i}.\nER  - \n" for i in range(12)]
    source = tmp_path / "export.ris"
    source.write_text("".join(records) + "TY  - JOUR\nTI  - Paper 12\nAB  - We study problem", encoding="utf-8")
    result = invoke("build", str(source), "-o", str(tmp_path / "out"), "--no-cache")
    assert result.crash is None and result.exit_code == 2, result.crash
    assert _one_error_line(result.stderr).startswith(f"error: {source}:49: a record without its 'ER  - ' line")

    from reportgen.config import IngestSettings
    from reportgen.ingest import load_corpus

    corpus = load_corpus([source], IngestSettings(keep_going=True))  # what --keep-going builds from
    assert len(corpus.papers) == 12 and corpus.counts("skipped") == {"unreadable record": 1}


PAPERS = [
    (
        "Graph colouring with few colours",
        "We bound the chromatic number of sparse random graphs and give a linear-time colouring.",
    ),
    (
        "Protein docking by diffusion",
        "A generative model places ligands in binding pockets, beating physics-based docking.",
    ),
    (
        "Glacier melt in the Alps since 1900",
        "Field surveys and satellite images show the retreat of forty glaciers over a century.",
    ),
    (
        "Pricing corporate bonds under default risk",
        "A structural model prices bonds from firm leverage and asset volatility.",
    ),
    ("Why birds sing at dawn", "Recordings at 60 sites link the dawn chorus to light levels and territorial defence."),
    ("Speech codecs at 1 kbit/s", "A neural codec transmits intelligible speech at one kilobit per second."),
]


def _record(i: int, **fields: object) -> dict[str, object]:
    title, abstract = PAPERS[i % len(PAPERS)]
    return {"title": title, "abstract": abstract, **fields}


def test_06_records_that_share_an_id_but_nothing_else_are_never_one_chimera(tmp_path: Path) -> None:
    """Three different papers under one arXiv id: an error naming both records, or with --keep-going three papers."""
    source = write_jsonl(
        tmp_path / "c.jsonl", [_record(i, arxiv_id="2401.00001", authors=[f"Author {i}"]) for i in range(3)]
    )
    result = invoke("build", str(source), "-o", str(tmp_path / "out"), "--no-cache")
    assert result.crash is None and result.exit_code == 2, result.crash
    assert "is also the id of" in _one_error_line(result.stderr)

    from reportgen.config import IngestSettings
    from reportgen.ingest import load_corpus

    corpus = load_corpus([source], IngestSettings(keep_going=True))
    assert [(p.title, p.authors) for p in corpus.papers] == [(_record(i)["title"], (f"Author {i}",)) for i in range(3)]


def test_06_records_under_one_title_with_different_abstracts_stay_apart() -> None:
    import random

    from reportgen.ingest import to_paper
    from reportgen.ingest.dedupe import dedupe
    from reportgen.ingest.records import RawRecord

    rng = random.Random(25)  # unrelated abstracts: real ones agree at fuzz ratio 47 at most (3,000 random arXiv pairs)
    abstracts = [
        " ".join("".join(rng.choices("abcdefghijklmnopqrstuvwxyz", k=6)) for _ in range(30)) for _ in range(25)
    ]
    records = [
        RawRecord(f"x.jsonl:{i}", id=f"r{i}", title="Proceedings of the annual workshop", abstract=a)
        for i, a in enumerate(abstracts)
    ]
    unique, merged = dedupe([p for r in records if (p := to_paper(r))])
    assert len(unique) == 25 and not merged


def test_06_a_merge_keeps_every_doi_and_links_the_published_one() -> None:
    from reportgen.ingest import to_paper
    from reportgen.ingest.dedupe import dedupe
    from reportgen.ingest.records import RawRecord

    text = {"title": "Minimum wages and employment", "abstract": "We estimate the effect of minimum wages on jobs."}
    preprint = RawRecord("a.json:record 1", id="W1", doi="10.2139/ssrn.123", **text)
    journal = RawRecord("a.json:record 2", id="W2", doi="10.1257/aer.2024.1", **text)
    (paper,), merged = dedupe([p for r in (preprint, journal) if (p := to_paper(r))])
    assert paper.doi == "10.1257/aer.2024.1" and paper.dois == ("10.1257/aer.2024.1", "10.2139/ssrn.123")
    assert paper.link == "https://doi.org/10.1257/aer.2024.1" and len(merged) == 1


@pytest.fixture
def arxiv_api() -> Iterator[ApiServer]:
    with serving() as api:
        yield api


@pytest.mark.slow
def test_03_a_truncated_arxiv_page_never_replaces_a_cached_record(
    tmp_path: Path, rel_cache: Path, arxiv_api: ApiServer
) -> None:
    entries = [
        {"id": f"2501.0000{i}", "date": f"2025-01-0{i + 1}", "title": PAPERS[i][0], "abstract": PAPERS[i][1] * 4}
        for i in range(2)
    ]
    whole = arxiv_feed(entries, total=2, start=0)
    config = tmp_path / "reportgen.toml"
    config.write_text(
        f'[fetch]\narxiv_url = "{arxiv_api.url}/api/query"\nretries = 0\nmin_interval = 0\noverlap_days = 0\n',
        encoding="utf-8",
    )
    cache = tmp_path / "cache"
    shutil.copytree(rel_cache, cache, ignore=shutil.ignore_patterns("outputs", "themes"))
    build = ("build", "--query", "arxiv:test", "--config", str(config), "--cache-dir", str(cache), "--format", "json")
    arxiv_api.add("/api/query", {}, (200, {"Content-Type": "application/atom+xml"}, whole))
    first = invoke(*build, "-o", str(tmp_path / "first"))
    assert first.exit_code == 0, first.stderr
    stored = {p.name: p.read_bytes() for p in (cache / "queries").iterdir()}

    head, _, _ = whole.partition(b"<updated>2025-01-02")  # the last entry read only as far as its id, the XML closed
    cut = head + b"</entry>\n</feed>\n"
    arxiv_api.add("/api/query", {}, (200, {"Content-Type": "application/atom+xml"}, cut))
    second = invoke(*build, "-o", str(tmp_path / "second"))
    assert second.crash is None and second.exit_code == 2, second.crash
    assert "arxiv query 'test': malformed answer" in _one_error_line(second.stderr)
    assert {p.name: p.read_bytes() for p in (cache / "queries").iterdir()} == stored  # the cache is as it was
    kept = invoke(*build, "-o", str(tmp_path / "kept"), "--keep-going")  # builds from the whole cached records
    assert kept.exit_code == 0, kept.stderr
    papers = json.loads((tmp_path / "kept" / "survey.json").read_text(encoding="utf-8"))["papers"]
    assert sorted(len(p["abstract"]) for p in papers) == sorted(len(e["abstract"]) for e in entries)


def test_03_a_fetched_record_never_makes_its_cached_one_poorer() -> None:
    from reportgen.ingest.records import RawRecord
    from reportgen.sources.cache import merge

    cached = RawRecord("q [1]", id="1", title="T", abstract="A long abstract.", authors=("Ann",), date="2025-01-01")
    part_read = RawRecord("q [1]", id="1", title="T")
    merged, new = merge([cached], [part_read])
    assert merged == (cached,) and new == ()


def test_01_the_working_folder_as_output_is_refused_before_any_work(tmp_path: Path) -> None:
    """`cd out; reportgen build ../c.jsonl -o .` killed at its third rename left a mix of two surveys.

    A survey replaces its folder in one step, which the folder a shell is in
    cannot be; the build now says so at once and writes nothing (here under
    strace, killed at the third rename as in the report, when strace is there).
    """
    source = write_jsonl(tmp_path / "c.jsonl", papers(3, seed="w"))
    out = tmp_path / "out"
    out.mkdir()
    (out / "survey.md").write_text("the previous survey")
    command = [sys.executable, "-m", "reportgen", "build", str(source), "-o", ".", "--no-cache"]
    if shutil.which("strace"):
        command = ["strace", "-f", "-o", "/dev/null", "-e", "inject=rename:signal=SIGKILL:when=3", *command]
    result = subprocess.run(command, cwd=out, capture_output=True, text=True, timeout=300)
    assert result.returncode == 2, result.stderr
    assert _one_error_line(result.stderr).startswith("error: .: this is the folder you are in")
    assert snapshot(out) == {"survey.md": b"the previous survey"}


@pytest.mark.slow
def test_02_a_build_of_some_formats_never_leaves_another_surveys_files(tmp_path: Path, rel_cache: Path) -> None:
    """Corpus A in every format, its manifest deleted, then corpus B as md and json: no html or pdf of A is left."""
    out = tmp_path / "out"
    first = invoke(
        "build",
        str(write_jsonl(tmp_path / "a.jsonl", papers(4, seed="a"))),
        "-o",
        str(out),
        "--cache-dir",
        str(rel_cache),
    )
    assert first.exit_code == 0, first.stderr
    (out / ".reportgen-manifest.json").unlink()
    (out / "notes.txt").write_text("the user's own file")
    second = invoke(
        "build", str(write_jsonl(tmp_path / "b.jsonl", papers(5, seed="b"))), "-o", str(out),
        "--cache-dir", str(rel_cache), "--format", "md,json",
    )  # fmt: skip
    assert second.exit_code == 0, second.stderr
    assert sorted(p.name for p in out.iterdir() if p.is_file()) == [
        ".reportgen-manifest.json", "notes.txt", "survey.json", "survey.md",
    ]  # fmt: skip
    assert len(json.loads((out / "survey.json").read_text(encoding="utf-8"))["papers"]) == 5


@pytest.mark.slow
def test_15_a_300_character_token_never_makes_a_page_name_too_long(tmp_path: Path, rel_cache: Path) -> None:
    """A theme named by a 300-character token (its papers all carry it) still builds as a site, on every run."""
    token = "quantumfluxcapacitor" * 15
    rng = random.Random(15)

    def words(n: int) -> str:
        return " ".join("".join(rng.choices("abcdefghijklmnopqrstuvwxyz", k=7)) for _ in range(n))

    records = [
        {
            "id": f"t{i}",
            "title": f"{words(2)} and the {token} effect",
            "abstract": f"{words(12)}. The {token} effect grows.",
        }
        for i in range(12)
    ]
    records += papers(12, seed="s")
    source = write_jsonl(tmp_path / "c.jsonl", records)
    state = tmp_path / "state"
    shutil.copytree(rel_cache, state, ignore=shutil.ignore_patterns("outputs", "themes"))
    result = invoke("site", str(source), "-o", str(tmp_path / "site"), "--state", str(state), "--build")
    assert result.crash is None and result.exit_code == 0, result.stderr
    pages = [p.name for p in (tmp_path / "site" / "docs" / "themes").iterdir()]
    assert pages and all(len(name) <= 64 for name in pages), pages
    assert any(name.startswith("quantumflux") for name in pages), pages


@pytest.mark.slow
def test_16_17_control_characters_markup_and_latex_never_reach_an_output(tmp_path: Path, rel_cache: Path) -> None:
    """One sanitiser for every text that enters, the same result in every output; the introduction is Markdown, not HTML."""
    hostile = [
        {"title": "Escapes\x1b[31m and bells\x07 and nulls\x00 in a title", "abstract": "Plain text about glaciers."},
        {
            "title": "<jats:title>Minimum wages</jats:title>",
            "abstract": "<jats:p>We find <inline-formula><mml:math><mml:mi>x</mml:mi><mml:mo>=</mml:mo>"
            "<mml:mn>2</mml:mn></mml:math></inline-formula> jobs at AT&amp;amp;T.</jats:p>",
        },
        {
            "title": r"T\"ulu meets B\'ezier curves",
            "abstract": r"Time grows as $\log n$ \cite{knuth}; \DeAR uses \{3, 8\}B models.",
        },
    ]
    source = write_jsonl(tmp_path / "c.jsonl", hostile + papers(2, seed="h"))
    config = tmp_path / "reportgen.toml"
    config.write_text('[report]\nintroduction = "<script>alert(1)</script> and *our* reading list"\n', encoding="utf-8")
    out = tmp_path / "out"
    result = invoke(
        "build", str(source), "-o", str(out), "--cache-dir", str(rel_cache), "--config", str(config),
        "--format", "md,html,json",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    for name in ("survey.md", "survey.html", "survey.json"):
        text = (out / name).read_text(encoding="utf-8")
        for bad in (
            "\x1b",
            "\x07",
            "\x00",
            "jats:",
            "mml:",
            "inline-formula",
            "&amp;amp;",
            "\\log",
            "\\cite",
            '\\"u',
            "\\DeAR",
        ):
            assert bad not in text, f"{name} holds {bad!r}"
        assert "Tülu meets Bézier curves" in text
        assert ("\\{3, 8\\}B" if name == "survey.md" else "{3, 8}B") in text  # (Markdown escapes its braces)
    html = (out / "survey.html").read_text(encoding="utf-8").replace("<wbr>", "")  # where long runs may wrap
    assert "<script>alert" not in html and "&lt;script&gt;alert(1)" in html and "<em>our</em>" in html


@pytest.mark.slow
def test_12_a_cache_folder_on_a_full_disk_only_costs_speed(tmp_path: Path) -> None:
    """--cache-dir on a full disk (a 2 MiB tmpfs, filled): the build warns, uses no cache, and writes the survey."""
    if os.geteuid() != 0 or shutil.which("unshare") is None:
        pytest.skip("needs root and unshare to mount a small filesystem")
    cache = tmp_path / "full"
    cache.mkdir()
    source = write_jsonl(tmp_path / "c.jsonl", papers(24, seed="f"))  # enough papers for a theme fit (numba runs)
    build = " ".join(
        shlex.quote(a)
        for a in (
            sys.executable,
            "-m",
            "reportgen",
            "build",
            str(source),
            "-o",
            str(tmp_path / "out"),
            "--cache-dir",
            str(cache),
        )
    )
    script = f"mount -t tmpfs -o size=2m tmpfs {shlex.quote(str(cache))} && (dd if=/dev/zero of={shlex.quote(str(cache / 'fill'))} bs=64k 2>/dev/null; true) && {build} --format md,json"
    result = subprocess.run(
        ["unshare", "-m", "sh", "-c", script], cwd=ROOT, env={**os.environ, "HF_HUB_OFFLINE": "1"},
        capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    if "mount:" in result.stderr and result.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {result.stderr.strip()}")
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
    assert f"cache folder {cache} cannot be used (only" in " ".join(result.stderr.split())
    assert (tmp_path / "out" / "survey.md").is_file()
