"""The synthesis: true by construction (every fact traceable), complete (every big group and shared benchmark named)."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from reportgen import periods
from reportgen.headlines import extract_headlines
from reportgen.model import Paper, Span, Statement, Theme
from reportgen.render.context import statement_markup
from reportgen.render.jsonout import statement_to_dict
from reportgen.summarize import facts
from reportgen.summarize.overview import survey_overview
from reportgen.summarize.synthesis import corpus_background, excerpt, synthesize_theme
from tests.synthesis_check import statement_problems

QUANT = [
    "However, post-training quantization of LLMs remains challenging at 4 bits. We propose FlatQuant, which flattens weights. FlatQuant reaches 79.2% accuracy on MMLU.",
    "We introduce QuaRot for post-training quantization of LLMs with rotations. QuaRot achieves 77.5% accuracy on MMLU and 2.1x speedup.",
    "Post-training quantization of LLMs loses accuracy on GSM8K. We present SpinQuant, learning rotations, reaching 70.1% accuracy on GSM8K.",
    "We study outliers in post-training quantization of LLMs; the fix reaches 68.0% accuracy on GSM8K.",
]
AGENTS = [
    "Web agents remain an open problem for planning. We propose WebPilot, a web agent that reaches a 37.2% success rate on WebArena.",
    "We introduce AgentQ, a web agent with search; it reaches a 30.1% success rate on WebArena.",
    "Web agents fail on long tasks. We present a memory for web agents with a 25.0% success rate on WebArena, compared with 40.0% for humans.",
]
DATES = ["2024-02-01", "2024-05-03", "2025-01-09", "2025-03-02", "2025-04-11", "2025-06-30", "2025-07-07"]


def _corpus() -> tuple[Theme, dict[str, Paper], dict[str, np.ndarray]]:
    texts = QUANT + AGENTS
    papers = {f"p{i}": Paper(id=f"p{i}", abstract=t, date=DATES[i]) for i, t in enumerate(texts)}
    rng = np.random.default_rng(0)
    centres = [np.array([1.0, 0, 0, 0]), np.array([0, 1.0, 0, 0])]
    vectors = {}
    for i, pid in enumerate(papers):
        v = centres[0 if i < len(QUANT) else 1] + 0.05 * rng.standard_normal(4)
        vectors[pid] = v / np.linalg.norm(v)
    theme = Theme(
        id=1, label="Efficient LLMs", slug="efficient-llms", keywords=("quantization",), paper_ids=tuple(papers)
    )
    return theme, papers, vectors


def _synthesis():
    theme, papers, vectors = _corpus()
    found = {pid: extract_headlines(p) for pid, p in papers.items()}
    found["p6"] = tuple(
        replace(h, role="reference") if "40.0%" in h.value else h for h in found["p6"]
    )  # the humans' number is not the paper's result
    return theme, papers, synthesize_theme(theme, papers, vectors, found, corpus_background(tuple(papers.values())))


def _problems(statements, papers, theme) -> list[str]:
    abstracts = {pid: p.abstract for pid, p in papers.items()}
    dates = {pid: p.date for pid, p in papers.items()}
    themes = {theme.id: {"id": theme.id, "label": theme.label, "size": theme.size}}
    return [p for s in statements for p in statement_problems(statement_to_dict(s), abstracts, dates, themes)]


def test_every_fact_in_the_synthesis_is_in_an_abstract_it_cites() -> None:
    theme, papers, synthesis = _synthesis()
    assert {s.part for s in synthesis.statements} == {"directions", "time", "evaluation", "results", "open"}
    assert _problems(synthesis.statements, papers, theme) == []


def test_groups_of_three_or_more_and_shared_benchmarks_are_all_named() -> None:
    _, _, synthesis = _synthesis()
    text = " ".join(s.text for s in synthesis.statements)
    assert sorted(len(d.paper_ids) for d in synthesis.directions) == [3, 4]
    assert all(d.phrase in text for d in synthesis.directions)
    assert {u.name for u in synthesis.benchmarks} == {"MMLU", "GSM8K", "WebArena"}
    assert all(u.name in text for u in synthesis.benchmarks)
    assert "FlatQuant" in text or "QuaRot" in text  # the groups' named methods


def test_results_are_results_the_strongest_per_benchmark_and_metric() -> None:
    _, _, synthesis = _synthesis()
    best = {(r.dataset, r.metric): r.headline.value for r in synthesis.results}
    assert best[("MMLU", "accuracy")] == "79.2%"
    assert best[("WebArena", "success rate")] == "37.2%"  # not the humans' 40.0%, a reference
    assert all(r.headline.role == "result" for r in synthesis.results)


def test_time_and_open_problems() -> None:
    _, papers, synthesis = _synthesis()
    assert synthesis.periods == (("2024 Q1", 1), ("2024 Q2", 1), ("2025 Q1", 2), ("2025 Q2", 2), ("2025 Q3", 1))
    assert synthesis.open_problems and all(c.text in papers[c.paper_id].abstract for c in synthesis.open_problems)
    assert any("open problem" in c.text for c in synthesis.open_problems)


def test_overview_is_traceable_and_finds_growth() -> None:
    theme, papers, _ = _corpus()
    small = Theme(id=2, label="Web agents", slug="web-agents", keywords=(), paper_ids=theme.paper_ids[3:])
    big = replace(theme, paper_ids=theme.paper_ids[:3])
    statements = survey_overview((big, small), papers, replace(corpus_background(tuple(papers.values())), grain="year"))
    themes = {t.id: {"id": t.id, "label": t.label, "size": t.size} for t in (big, small)}
    abstracts = {pid: p.abstract for pid, p in papers.items()}
    dates = {pid: p.date for pid, p in papers.items()}
    assert [s.part for s in statements] == ["sizes", "growth", "shared"]
    assert [p for s in statements for p in statement_problems(statement_to_dict(s), abstracts, dates, themes)] == []
    assert "Web agents" in statements[1].text
    assert "GSM8K" in statements[2].text  # named in both themes


def test_the_check_catches_an_untraceable_number() -> None:
    theme, papers, _ = _synthesis()
    bad = Statement("results", (Span("FlatQuant reaches 99.9% accuracy", "fact", ("p0",)),))
    assert _problems([bad], papers, theme)
    bad_count = Statement("directions", (Span("5 papers", "count", ("p0", "p1")),))
    assert _problems([bad_count], papers, theme)


def test_citation_marks_follow_the_facts_they_cite() -> None:
    statement = Statement(
        "open",
        (
            Span("on "),
            Span("GSM8K", "fact", ("a",)),
            Span(" ("),
            Span("accuracy", "fact", ("a",)),
            Span("): \u201c"),
            Span("it works", "fact", ("a",)),
            Span("\u201d and "),
            Span("X", "fact", ("b",)),
            Span("."),
        ),
    )
    markup = statement_markup(statement, {"a": 1, "b": 2}, "#ref-", {})
    assert markup == "on GSM8K (accuracy): \u201cit works\u201d [[1](#ref-1)] and X [[2](#ref-2)]."


TEXT = st.text(alphabet=st.sampled_from(list("abcdefgXYZ0123456789 ,.-@%GSMK8")), max_size=120)


@settings(max_examples=200, deadline=None)
@given(TEXT)
def test_extracted_facts_are_spelled_as_in_the_text(text: str) -> None:
    for spelling in list(facts.benchmarks_in(text).values()) + list(facts.metrics_in(text).values()):
        assert spelling in text
    for key, spelling in facts.phrases(text).items():
        assert spelling in text and spelling.lower() == key


@settings(max_examples=200, deadline=None)
@given(TEXT, st.integers(0, 119), st.integers(1, 10))
def test_an_excerpt_is_part_of_its_sentence(sentence: str, start: int, length: int) -> None:
    value = sentence[start : start + length]
    if value:
        assert excerpt(sentence, value) in sentence


def test_periods_by_quarter_and_merged_old_years() -> None:
    assert periods.grain_of(["2025-01-02", "2025-07-01"]) == "quarter"
    assert (
        periods.grain_of(["2025-03-18", "2026-03-31"]) == "quarter"
    )  # a year's crawl: by quarter, not 2025 against 2026
    assert periods.grain_of(["2020-01-02", "2025-07-01"]) == "year"
    assert periods.grain_of(["2025-03-18", "2025-03-31"]) == "month"
    quarters = periods.count_by_period([("2025-01-02", "a"), ("2025-02-03", "b"), ("2025-08-01", "c")], "quarter")
    assert [(p.label, p.bounds, len(p.papers)) for p in quarters] == [
        ("2025 Q1", ("2025-01", "2025-03"), 2),
        ("2025 Q3", ("2025-07", "2025-09"), 1),
    ]
    years = periods.count_by_period([(f"{y}-01-01", str(y)) for y in range(2015, 2025)], "year")
    assert years[0].label == "2015 to 2020" and len(years) == periods.MAX_PERIODS
    assert all(periods.within(d, p.bounds) for p in years for d in (f"{pid}-01-01" for pid in p.papers))
