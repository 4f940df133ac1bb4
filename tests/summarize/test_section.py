import numpy as np

from reportgen.config import SummarySettings
from reportgen.headlines import extract_headlines, split_sentences
from reportgen.model import Paper, Theme
from reportgen.summarize import representatives, summarize_theme

ABSTRACTS = {
    "a": "However, KV cache memory remains a bottleneck for long contexts. We propose KVZip, which compresses the KV cache. KVZip reduces memory by 60% on LongBench over H2O.",
    "b": "KV cache compression is costly to tune. We introduce CacheQ, a quantizer for the KV cache. It cuts latency by 2x.",
    "c": "We study attention sinks in the KV cache. Results hold across models.",
    "d": "However, KV cache memory remains a bottleneck for long contexts. We propose KVZip2, which compresses the KV cache better.",
}


def _setup() -> tuple[Theme, dict[str, Paper], dict[str, np.ndarray]]:
    papers = {pid: Paper(id=pid, abstract=text) for pid, text in ABSTRACTS.items()}
    vectors = {
        "a": np.array([1.0, 0.0, 0.0]),
        "d": np.array([0.99, 0.14, 0.0]),
        "b": np.array([0.8, 0.0, 0.6]),
        "c": np.array([0.6, 0.8, 0.0]),
    }
    vectors = {k: v / np.linalg.norm(v) for k, v in vectors.items()}
    theme = Theme(
        id=1,
        label="KV cache compression",
        slug="kv",
        keywords=("kv cache compression", "kv cache", "memory"),
        paper_ids=("a", "d", "b", "c"),
    )
    return theme, papers, vectors


def test_representatives_are_central_but_not_near_duplicates() -> None:
    theme, _, vectors = _setup()
    chosen = representatives(theme, vectors, 2)
    assert chosen[0] in ("a", "d")
    assert set(chosen) != {"a", "d"}  # the near-duplicate of the first is passed over


def test_every_summary_sentence_is_copied_from_its_cited_paper() -> None:
    theme, papers, vectors = _setup()
    found = {pid: extract_headlines(p) for pid, p in papers.items()}
    summary = summarize_theme(
        theme, papers, vectors, found, SummarySettings(representatives=3, headlines=3, sentences=3)
    )
    assert summary.summary
    for citation in summary.summary:
        assert citation.text in split_sentences(papers[citation.paper_id].abstract)
    assert len({c.text for c in summary.summary}) == len(summary.summary)
    assert summary.headlines[0].value == "60%"  # metric, benchmark and comparator make it the most salient


def test_tables_show_the_papers_results_only() -> None:
    """A baseline's or the humans' figure is kept in survey.json with its role, never shown as the paper's claim."""
    papers = {
        "h": Paper(
            id="h",
            abstract="Prior models reach 63% accuracy, far below the 87% accuracy achieved by humans. Our method adds +6% on HR-Bench.",
        )
    }
    theme = Theme(id=1, label="HR perception", slug="hr", keywords=("hr",), paper_ids=("h",))
    found = {"h": extract_headlines(papers["h"])}
    assert {h.value: h.role for h in found["h"]}["87%"] == "reference"
    summary = summarize_theme(
        theme, papers, {"h": np.array([1.0, 0.0])}, found, SummarySettings(representatives=1, headlines=5, sentences=1)
    )
    assert [h.value for h in summary.headlines] == ["+6%"]
