"""Fetched records go through the same normalisation and dedupe as file records, and their provenance is counted."""

from __future__ import annotations

import json
from pathlib import Path

from reportgen.config import IngestSettings
from reportgen.ingest import load_corpus, summary_line
from reportgen.model import QueryCount
from reportgen.sources import openalex, semanticscholar
from tests.sources.server import RECORDED


def _records(module: object, name: str, label: str) -> tuple:
    return module.parse_page((RECORDED / name).read_bytes(), {}, None, label).records  # type: ignore[attr-defined]


def test_query_records_merge_with_file_records_and_are_counted(tmp_path: Path) -> None:
    exported = tmp_path / "mine.jsonl"
    mixtral = {
        "id": "2401.04088",
        "title": "Mixtral of Experts.",
        "abstract": "We introduce Mixtral 8x7B, a Sparse Mixture of Experts language model.",
    }
    exported.write_text(json.dumps(mixtral) + "\n", encoding="utf-8")
    oa = _records(openalex, "openalex-moe-p1.json", "oa") + _records(
        openalex, "openalex-moe-p2.json", "oa"
    )  # Mixtral, DeepSeekMoE, DeepSeek-V2
    s2 = _records(semanticscholar, "s2-moe-p1.json", "s2") + _records(
        semanticscholar, "s2-moe-p2.json", "s2"
    )  # Mixtral, MoD, DeepSeek-V2
    corpus = load_corpus([exported], IngestSettings(), fetched=[("oa", oa), ("s2", s2)])
    assert len(corpus.papers) == 4  # Mixtral (file + both queries), DeepSeekMoE, DeepSeek-V2 (both), Mixture-of-Depths
    first = corpus.papers[0]
    assert (
        first.id == "2401.04088" and first.doi == "10.48550/arxiv.2401.04088"
    )  # the file's id, the query's richer fields
    assert first.sources == (f"{exported}:1", "oa [W4390670271]", "s2 [411114f989a3d1083d90afd265103132fee94ebe]")
    assert corpus.queries == (
        QueryCount("oa", records=3, papers=3, only_here=1),
        QueryCount("s2", records=3, papers=3, only_here=1),
    )
    assert corpus.counts("merged") == {"same DOI": 2, "same arXiv id": 1}  # three records repeated a paper already read
    assert summary_line(corpus).startswith("4 papers from 1 files and 2 queries")


def test_a_survey_from_queries_alone() -> None:
    corpus = load_corpus([], IngestSettings(), fetched=[("s2", _records(semanticscholar, "s2-moe-p1.json", "s2"))])
    assert [p.title for p in corpus.papers] == [
        "Mixtral of Experts",
        "Mixture-of-Depths: Dynamically allocating compute in transformer-based language models",
    ]
    assert corpus.sources == () and corpus.queries == (QueryCount("s2", 2, 2, 2),)
