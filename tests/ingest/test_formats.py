"""One test per export format, on samples written the way the tools write them (tests/ingest/samples/)."""

from __future__ import annotations

from pathlib import Path

import pytest

from reportgen.config import IngestSettings
from reportgen.errors import ConfigError, InputError
from reportgen.ingest import detect_format, load_corpus

SAMPLES = Path(__file__).parent / "samples"


def papers(*names: str, **settings: object):
    return load_corpus([SAMPLES / n for n in names], IngestSettings(**settings)).papers  # type: ignore[arg-type]


def test_zotero_bibtex_decodes_latex_and_keeps_the_key() -> None:
    flat, attention = papers("zotero.bib")
    assert flat.id == "sun_flatquant_2024"
    assert flat.title == "FlatQuant: Flatness Matters for LLM Quantization"
    assert "less than 1% accuracy drop" in flat.abstract and "(LLMs)" in flat.abstract
    assert flat.authors[:2] == ("Yuxuan Sun", "Ruikang Liu") and flat.date == "2024-10"
    assert (flat.doi, flat.arxiv_id) == ("10.48550/arxiv.2410.09426", "2410.09426")
    assert attention.title == "Schöne neue Welt: Étude of Naïve Attention"
    assert attention.authors == ("Jörg Müller", "María García")


def test_scholar_bibtex_without_abstract_is_kept_by_its_title() -> None:
    [paper] = papers("scholar.bib")
    assert paper.title == "Attention is all you need" and paper.abstract == "" and len(paper.authors) == 8


def test_ris() -> None:
    flat, attention = papers("export.ris")
    assert flat.date == "2024-10-12" and flat.doi == "10.48550/arxiv.2410.09426"
    assert flat.sources == (f"{SAMPLES / 'export.ris'}:1",)
    assert attention.sources == (f"{SAMPLES / 'export.ris'}:13",)


def test_openalex_rebuilds_the_abstract() -> None:
    [paper] = papers("openalex.json")
    assert paper.abstract == "Recently, quantization has been widely used. We propose FlatQuant."
    assert (
        paper.id == "W4403453344" and paper.authors == ("Yuxuan Sun", "Ruikang Liu") and paper.arxiv_id == "2410.09426"
    )


def test_semantic_scholar_graph_api() -> None:
    attention, bert = papers("semanticscholar.json")
    assert (
        attention.arxiv_id == "1706.03762"
        and attention.date == "2017-06-12"
        and attention.authors[0] == "Ashish Vaswani"
    )
    assert bert.abstract == "" and bert.doi == "10.18653/v1/n19-1423"


def test_csl_json() -> None:
    [paper] = papers("csl.json")
    assert (
        paper.date == "2020-10-27"
        and paper.authors == ("Tom Henighan", "Jared Kaplan")
        and paper.arxiv_id == "2010.14701"
    )


def test_arxiv_atom() -> None:
    [paper] = papers("arxiv.atom")
    assert paper.id == "2410.09426" and paper.categories == ("cs.CL", "cs.LG") and paper.date == "2024-10-12"
    assert "models (LLMs)" in paper.abstract


def test_scopus_csv_and_wos_tsv_columns_are_guessed() -> None:
    scaling, comma = papers("scopus.csv")
    assert (
        scaling.id == "2-s2.0-1"
        and scaling.authors == ("Henighan T.", "Kaplan J.")
        and scaling.categories == ("scaling laws", "generative models")
    )
    assert comma.title == "A paper with a, comma in its title"
    [wos] = papers("wos.tsv")
    assert (wos.id, wos.title, wos.authors, wos.date) == (
        "WOS:000123",
        "Graph Neural Networks for Molecules",
        ("Smith, J", "Lee, K"),
        "2022",
    )


def test_csv_column_mapping_from_config(tmp_path: Path) -> None:
    (tmp_path / "x.csv").write_text("Name,Text\nA title,An abstract.\n", encoding="utf-8")
    [paper] = papers(str(tmp_path / "x.csv"), columns={"title": "Name", "abstract": "Text"})
    assert (paper.title, paper.abstract) == ("A title", "An abstract.")
    with pytest.raises(ConfigError, match="ingest.columns.title"):
        papers(str(tmp_path / "x.csv"), columns={"title": "Missing"})


def test_the_same_paper_in_three_formats_is_one_record() -> None:
    corpus = load_corpus(
        [SAMPLES / "zotero.bib", SAMPLES / "export.ris", SAMPLES / "arxiv.atom", SAMPLES / "openalex.json"],
        IngestSettings(),
    )
    flat = [p for p in corpus.papers if p.arxiv_id == "2410.09426"]
    assert len(flat) == 1
    assert len(flat[0].sources) == 4  # every provenance kept
    assert flat[0].title == "FlatQuant: Flatness Matters for LLM Quantization"
    assert corpus.counts("merged") in ({"same DOI": 3}, {"same DOI": 2, "same arXiv id": 1})


def test_near_identical_titles_merge_but_sequels_do_not(tmp_path: Path) -> None:
    corpus = load_corpus(
        [SAMPLES / "scholar.bib", SAMPLES / "export.ris", SAMPLES / "semanticscholar.json"], IngestSettings()
    )
    assert sum("attention is all you need" in (p.title or "").lower() for p in corpus.papers) == 1
    (tmp_path / "parts.jsonl").write_text(
        '{"id": "a", "title": "Scaling Laws for Neural Language Models: Part I", "abstract": "one"}\n'
        '{"id": "b", "title": "Scaling Laws for Neural Language Models: Part II", "abstract": "two"}\n',
        encoding="utf-8",
    )
    assert len(load_corpus([tmp_path / "parts.jsonl"], IngestSettings()).papers) == 2


def test_real_near_misses_from_arxiv_stay_apart(tmp_path: Path) -> None:
    """Two pairs the 54,002-record corpus once merged wrongly: a 3D and a 4D paper; one abstract under two unrelated titles."""
    (tmp_path / "pairs.jsonl").write_text(
        '{"id": "2503.16924", "title": "Optimized Minimal 3D Gaussian Splatting", "abstract": "3D Gaussian Splatting for real-time rendering."}\n'
        '{"id": "2510.03857", "title": "Optimized Minimal 4D Gaussian Splatting", "abstract": "4D Gaussian Splatting for dynamic scenes."}\n'
        '{"id": "2508.02621", "title": "HealthFlow: A Self-Evolving AI Agent with Meta Planning", "abstract": "The efficacy of AI agents in healthcare research."}\n'
        '{"id": "2508.04915", "title": "ConfAgents: A Conformal-Guided Multi-Agent Framework", "abstract": "The efficacy of AI agents in healthcare research."}\n'
        '{"id": "2508.09999", "title": "HealthFlow: a self-evolving AI agent with meta-planning", "abstract": "The efficacy of AI agents in healthcare research."}\n',
        encoding="utf-8",
    )
    corpus = load_corpus([tmp_path / "pairs.jsonl"], IngestSettings())
    assert [p.id for p in corpus.papers] == ["2503.16924", "2510.03857", "2508.02621", "2508.04915"]
    assert corpus.counts("merged") == {"same abstract": 1}  # the true duplicate still merges


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("zotero.bib", "bibtex"),
        ("export.ris", "ris"),
        ("arxiv.atom", "atom"),
        ("csl.json", "json"),
        ("scopus.csv", "csv"),
        ("wos.tsv", "tsv"),
    ],
)
def test_detection_by_extension_and_content(tmp_path: Path, name: str, kind: str) -> None:
    assert detect_format(SAMPLES / name) == kind
    if kind in ("bibtex", "ris", "atom", "json"):
        renamed = tmp_path / "export.txt"
        renamed.write_bytes((SAMPLES / name).read_bytes())
        assert detect_format(renamed) == kind


@pytest.mark.parametrize(
    ("name", "content", "where"),
    [
        ("bad.bib", "@article{a,\n  title = {ok},\n}\n\n@article{b,\n  title = {broken\n", "bad.bib:5"),
        ("bad.json", '[{"title": "a"},\n {"title": }]', "bad.json:2"),
        ("bad.csv", 'title,abstract\n"a","b"\n"c","d","e"\n', "bad.csv:3"),
        ("bad.ris", "TI  - no type line\nER  - \n", "bad.ris:1"),
    ],
)
def test_malformed_files_name_file_and_line(tmp_path: Path, name: str, content: str, where: str) -> None:
    (tmp_path / name).write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match=rf"{where}: "):
        load_corpus([tmp_path / name], IngestSettings())
