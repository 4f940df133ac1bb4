"""End to end: the real CLI, the real model, BERTopic and WeasyPrint, on the real examples."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from pypdf import PdfReader

from reportgen.themes import MAX_SHARE
from tests.conftest import EXAMPLES, assert_same_files, load_json, run_cli

pytestmark = pytest.mark.slow


def test_example_build_writes_every_format(example_build: Path) -> None:
    for name in ("survey.md", "survey.html", "survey.pdf", "survey.json", "figures/papers-per-theme.png"):
        assert (example_build / name).stat().st_size > 0, name


def test_json_matches_the_contract(example_build: Path) -> None:
    data = load_json(example_build / "survey.json")
    papers, themes = data["papers"], data["themes"]
    assert len(papers) == 182
    assert len(themes) > 1
    theme_ids = {t["id"] for t in themes}
    for paper in papers:
        assert {"id", "title", "theme", "headlines"} <= paper.keys()
        assert paper["theme"] is None or paper["theme"] in theme_ids
    placed = [pid for t in themes for pid in t["papers"]] + data["outliers"]
    assert sorted(placed) == sorted(p["id"] for p in papers)  # every paper exactly once: in one theme or in Other
    where = {pid: t["id"] for t in themes for pid in t["papers"]}
    assert all(paper["theme"] == where.get(paper["id"]) for paper in papers)
    for theme in themes:
        assert {"id", "label", "size", "papers", "representatives", "headlines"} <= theme.keys()
        assert theme["size"] == len(theme["papers"])
        assert set(theme["representatives"]) <= set(theme["papers"])
        for headline in theme["headlines"]:
            assert {"paper_id", "value", "sentence"} <= headline.keys()
            assert headline["value"].replace(" ", "") in headline["sentence"].replace(" ", "")
            assert headline["role"] == "result"  # the tables show the papers' own results only
    roles = [h["role"] for paper in papers for h in paper["headlines"]]
    assert (
        set(roles) <= {"result", "reference", "setup"} and "reference" in roles
    )  # survey.json keeps every number with its role
    assert all("qualifier" in h for paper in papers for h in paper["headlines"])


# The balance every theme fit must reach on the example: once there are at least
# BALANCE_FROM_THEMES themes, no theme holds more than MAX_SHARE of the papers.
# (On another CPU the first fit put 72 of 182 papers in one theme: a fit that says nothing.)
BALANCE_FROM_THEMES = 10


def test_no_theme_is_over_the_size_bound(example_build: Path) -> None:
    data = load_json(example_build / "survey.json")
    sizes = [t["size"] for t in data["themes"]]
    if len(sizes) >= BALANCE_FROM_THEMES:
        assert max(sizes) <= MAX_SHARE * len(data["papers"]), sizes


def test_counts_agree_across_the_outputs(example_build: Path) -> None:
    """survey.json and the document state the same counts, and the counts that do not depend on a fit are fixed."""
    data = load_json(example_build / "survey.json")
    papers, themes = data["papers"], data["themes"]
    assert sum(t["size"] for t in themes) + len(data["outliers"]) == len(papers) == 182
    assert sum(data["ingest"]["merged"].values()) == 6 and len(data["ingest"]["sources"]) == 5
    markdown = (example_build / "survey.md").read_text(encoding="utf-8")
    headlines = sum(1 for p in papers for h in p["headlines"] if h["role"] == "result")  # the document counts results
    assert (
        f"182 papers dated 2020-09-10 to 2025-10-17 · {len(themes)} themes · {headlines} headline numbers · 5 source files"
        in markdown
    )
    assert f"The 182 papers fall into {len(themes)} themes" in markdown
    for theme in themes:
        assert f"| {theme['id']} | [{theme['label']}](#theme-{theme['id']}) | {theme['size']} |" in markdown


def test_citations_resolve_to_bibliography_entries(example_build: Path) -> None:
    """Every [n] in the document and the page links to the bibliography entry of a paper, numbered 1..N."""
    import re

    data = load_json(example_build / "survey.json")
    for name in ("survey.md", "survey.html"):
        text = (example_build / name).read_text(encoding="utf-8")
        anchors = set(re.findall(r'<a id="ref-(\d+)"></a>', text))  # the papers the document names, 1..M, no gaps
        assert anchors == {str(n) for n in range(1, len(anchors) + 1)} and len(anchors) <= len(data["papers"]), name
        cited = set(re.findall(r'(?:\]\(|href=")#ref-(\d+)', text))
        assert cited and cited <= anchors, name
    for theme in data["themes"]:
        assert {s["paper_id"] for s in theme["summary"]} <= set(theme["papers"]), theme["label"]


def test_same_output_twice_on_this_machine(example_build: Path, fresh_build) -> None:
    """A second build in a new process with an empty cache: every file byte-identical, PDF and figures included."""
    assert_same_files(example_build, fresh_build("again"))


def test_untrusted_text_is_escaped(example_build: Path, cache_dir: Path, tmp_path: Path) -> None:
    html = (example_build / "survey.html").read_text(encoding="utf-8")
    assert "&lt;EOS&gt;" in html
    assert "<EOS>" not in html
    # "<EOS>" is in an abstract, which the example's PDF leaves out (182 papers): print them.
    config = tmp_path / "abstracts.toml"
    config.write_text("[report]\nabstracts = true\n", encoding="utf-8")
    out = tmp_path / "survey"
    args = (
        "build",
        str(EXAMPLES),
        "-o",
        str(out),
        "--cache-dir",
        str(cache_dir),
        "--config",
        str(config),
        "--format",
        "pdf",
    )
    result = run_cli(*args)
    assert result.returncode == 0, result.stderr
    pdf_text = "".join(page.extract_text() for page in PdfReader(out / "survey.pdf").pages)
    assert "<EOS>" in pdf_text  # shown as text in the PDF


def test_pdf_shows_themes_and_papers(example_build: Path) -> None:
    data = load_json(example_build / "survey.json")
    reader = PdfReader(example_build / "survey.pdf")
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    for theme in data["themes"]:
        assert theme["label"] in text
    assert "Streaming Deep Reinforcement Learning Finally Works" in text


def test_unchanged_rebuild_embeds_nothing_and_reuses_the_outputs(
    example_build: Path, cache_dir: Path, tmp_path: Path
) -> None:
    timings = tmp_path / "t.json"
    result = run_cli("build", "-o", str(tmp_path / "again"), "--cache-dir", str(cache_dir), "--timings", str(timings))
    assert result.returncode == 0, result.stderr
    stages = load_json(timings)
    assert stages["embedded"] == 0 and "render" not in stages and "charts" not in stages
    assert_same_files(example_build, tmp_path / "again")


def test_rendering_afresh_is_byte_identical(example_build: Path, cache_dir: Path, tmp_path: Path) -> None:
    """Without the outputs cache every chart and document is drawn again, in a new process: same bytes, PDF included."""
    cache = shutil.copytree(cache_dir, tmp_path / "cache", ignore=shutil.ignore_patterns("outputs"))
    timings = tmp_path / "t.json"
    result = run_cli("build", "-o", str(tmp_path / "again"), "--cache-dir", str(cache), "--timings", str(timings))
    assert result.returncode == 0, result.stderr
    assert "render" in load_json(timings)
    assert_same_files(example_build, tmp_path / "again")


def test_jsonl_build_keeps_record_ids(arxiv_sample: Path, cache_dir: Path, tmp_path: Path) -> None:
    result = run_cli(
        "build", str(arxiv_sample), "-o", str(tmp_path), "--format", "json,md", "--cache-dir", str(cache_dir)
    )
    assert result.returncode == 0, result.stderr
    ids = {p["id"] for p in load_json(tmp_path / "survey.json")["papers"]}
    expected = {__import__("json").loads(l)["id"] for l in arxiv_sample.read_text().splitlines()}
    assert ids == expected


def test_bad_input_fails_cleanly_and_keeps_previous_output(
    example_build: Path, cache_dir: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "survey.md").write_text("previous")
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "1", "abstract": "fine"}\nnot json\n', encoding="utf-8")
    result = run_cli("build", str(EXAMPLES), str(bad), "-o", str(out), "--cache-dir", str(cache_dir))
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and f"{bad}:2" in lines[0]
    assert (out / "survey.md").read_text() == "previous"


def test_help_is_helpful() -> None:
    result = run_cli("build", "--help")
    assert result.returncode == 0
    assert "SOURCES" in result.stdout and "--format" in result.stdout


def test_example_themes_are_sized_for_a_reader(example_build: Path) -> None:
    data = load_json(example_build / "survey.json")
    assert 8 <= len(data["themes"]) <= 20
    assert len(data["outliers"]) / len(data["papers"]) < 0.15
    labels = [t["label"] for t in data["themes"]]
    assert len(set(labels)) == len(labels)
    # "Head" or "Head: facet, facet": a head of 1-3 words, at most two facets, never two words glued with "and".
    assert all(1 <= len(label.split(":")[0].split()) <= 3 for label in labels), labels
    assert all(label.count(",") <= 1 and " and " not in label for label in labels), labels


def test_no_cache_leaves_nothing_behind(fresh_build) -> None:
    """The "again" build (fresh process, --no-cache, HOME and TMPDIR in a scratch folder): nothing left on disk."""
    fresh_build("again")
    assert fresh_build.leftovers["again"] == [], f"--no-cache left files behind: {fresh_build.leftovers['again'][:10]}"


def test_every_theme_shows_representatives_headlines_and_resolvable_citations(example_build: Path) -> None:
    import re

    markdown = (example_build / "survey.md").read_text(encoding="utf-8")
    data = load_json(example_build / "survey.json")
    sections = re.split(
        r'<a id="theme-\d+"></a>', markdown.split('<a id="other">')[0].split('<a id="bibliography">')[0]
    )[1:]
    assert len(sections) == len(data["themes"])
    with_numbers = {  # a table shows the papers' own results only (role "result"), not references or set-up figures
        t["id"]
        for t in data["themes"]
        if any(h["role"] == "result" for p in data["papers"] if p["theme"] == t["id"] for h in p["headlines"])
    }
    for theme, section in zip(data["themes"], sections):
        assert "### Representative papers" in section
        assert ("### Headline numbers" in section) == (theme["id"] in with_numbers), theme["label"]
        assert theme["summary"], theme["label"]
    anchors = set(re.findall(r'<a id="ref-(\d+)"></a>', markdown))
    cited = set(re.findall(r"\]\(#ref-(\d+)\)", markdown))
    assert cited and cited <= anchors
    abstracts = {p["id"]: p["abstract"] for p in data["papers"]}
    for theme in data["themes"]:
        for sentence in theme["summary"]:
            assert sentence["text"] in abstracts[sentence["paper_id"]]


NO_NETWORK = """
import socket

def _record(what):
    with open(ATTEMPTS, "a") as log:
        log.write(repr(what) + "\\n")
    raise OSError("network disabled by the test")

def _connect(self, address):
    return _record(address) if isinstance(address, tuple) else _plain_connect(self, address)

_plain_connect, socket.socket.connect = socket.socket.connect, _connect
socket.getaddrinfo = lambda host, *rest, **kw: _record(host)
"""


def test_the_model_is_loaded_from_disk_without_any_network(
    example_build: Path, cache_dir: Path, tmp_path: Path
) -> None:
    """No hub lookup by name (offline it hangs, then fails), even when HF_HUB_OFFLINE is not set.

    The theme fit is forced (no theme cache), so the model is loaded for KeyBERTInspired too.
    """
    attempts = tmp_path / "attempts.txt"
    (tmp_path / "sitecustomize.py").write_text(f"ATTEMPTS = {str(attempts)!r}\n" + NO_NETWORK, encoding="utf-8")
    cache = shutil.copytree(cache_dir, tmp_path / "cache", ignore=shutil.ignore_patterns("themes", "outputs"))
    result = run_cli(
        "themes",
        "--json",
        "-q",
        "--cache-dir",
        str(cache),
        env={"PYTHONPATH": str(tmp_path), "HF_HUB_OFFLINE": "", "TRANSFORMERS_OFFLINE": ""},
    )
    assert result.returncode == 0, result.stderr
    assert not attempts.exists(), attempts.read_text()
    assert json.loads(result.stdout)["themes"]


def test_groups_are_chapters_and_themes_their_sections(example_build: Path) -> None:
    from pypdf import PdfReader

    data = load_json(example_build / "survey.json")
    if not data["themes"] or not data.get("groups"):
        pytest.skip("no theme hierarchy in this corpus")
    outline = PdfReader(example_build / "survey.pdf").outline
    titles = [item.title for item in outline if not isinstance(item, list)]
    nested = [[x.title for x in item] for item in outline if isinstance(item, list)]
    for group in data["groups"]:
        assert group["label"] in titles
    assert sorted(t for block in nested for t in block if t.split(". ")[0].isdigit()) == sorted(
        f"{t['id']}. {t['label']}" for t in data["themes"]
    )
