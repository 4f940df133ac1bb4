"""The synthesis: true by construction (every fact traceable), complete (every big group and shared benchmark named)."""

from __future__ import annotations

from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st

from reportgen import periods, vocab
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
    "We introduce QuaRot for post-training quantization of LLMs with rotations of weight outliers. QuaRot achieves 77.5% accuracy on MMLU and 2.1x speedup.",
    "Post-training quantization of LLMs loses accuracy on GSM8K. We present SpinQuant, learning rotations, reaching 70.1% accuracy on GSM8K.",
    "We study weight outliers in post-training quantization of LLMs; the fix reaches 68.0% accuracy on GSM8K.",
]
AGENTS = [
    "Web agents remain an open problem for planning. We propose WebPilot, a web agent that reaches a 37.2% success rate on WebArena.",
    "We introduce AgentQ, a web agent with search; it reaches a 30.1% success rate on WebArena. Unlike prior web agents that plan once, AgentQ searches at every step.",
    "Web agents fail on long tasks. We present a memory for web agents with a 25.0% success rate on WebArena, compared with 40.0% for humans. Long-horizon memory remains an open problem.",
]
TITLES = [
    "FlatQuant: post-training quantization with flat weights",
    "QuaRot: rotations for post-training quantization",
    "SpinQuant: learning to rotate for post-training quantization",
    "Weight outliers in post-training quantization",
    "WebPilot: planning for web agents",
    "AgentQ: search for web agents",
    "Memory for web agents",
]
DATES = ["2024-02-01", "2024-05-03", "2025-01-09", "2025-03-02", "2025-04-11", "2025-06-30", "2025-07-07"]


def _corpus(texts=QUANT + AGENTS, titles=TITLES) -> tuple[Theme, dict[str, Paper]]:
    papers = {f"p{i}": Paper(id=f"p{i}", title=titles[i], abstract=t, date=DATES[i]) for i, t in enumerate(texts)}
    theme = Theme(
        id=1, label="Efficient LLMs", slug="efficient-llms", keywords=("quantization",), paper_ids=tuple(papers)
    )
    return theme, papers


def _synthesis(texts=QUANT + AGENTS, titles=TITLES, field=None):
    theme, papers = _corpus(texts, titles)
    found = {pid: extract_headlines(p) for pid, p in papers.items()}
    found = {
        pid: tuple(replace(h, role="reference") if "40.0%" in h.value else h for h in hs) for pid, hs in found.items()
    }  # the humans' number is not the paper's result
    background = corpus_background(tuple(papers.values()))
    return theme, papers, synthesize_theme(theme, papers, found, background, field)


def _group_names(texts: list[str], titles: list[str]) -> list[str]:
    """The named groups of a theme of these papers (no headlines: the groups do not read them)."""
    theme, papers = _corpus(texts, titles)
    background = corpus_background(tuple(papers.values()))
    return [d.phrase for d in synthesize_theme(theme, papers, {}, background).directions if d.phrase]


def _problems(statements, papers, theme) -> list[str]:
    abstracts = {pid: p.abstract for pid, p in papers.items()}
    dates = {pid: p.date for pid, p in papers.items()}
    themes = {theme.id: {"id": theme.id, "label": theme.label, "size": theme.size}}
    return [p for s in statements for p in statement_problems(statement_to_dict(s), abstracts, dates, themes)]


def test_every_fact_in_the_synthesis_is_in_an_abstract_it_cites() -> None:
    theme, papers, synthesis = _synthesis()
    parts = [s.part for s in synthesis.statements]
    assert parts == [
        "problem",
        "directions",
        "approach",
        "approach",
        "departures",
        "state",
        "open",
        "time",
        "evaluation",
    ]
    assert _problems(synthesis.statements, papers, theme) == []


def test_the_section_opens_with_a_central_papers_problem() -> None:
    _, papers, synthesis = _synthesis()
    problem = synthesis.statements[0]
    assert problem.cites == ("p0",)
    assert "post-training quantization of LLMs remains challenging" in problem.text


def test_groups_are_named_by_what_every_one_of_their_papers_is_about() -> None:
    _, papers, synthesis = _synthesis()
    assert [(d.phrase, len(d.paper_ids)) for d in synthesis.directions] == [
        ("post-training quantization", 4),
        ("web agents", 3),  # as most of its papers spell it
    ]
    for d in synthesis.directions:
        assert all(d.phrase in papers[pid].title for pid in d.paper_ids)


def test_groups_are_led_by_what_their_papers_do_in_their_own_words() -> None:
    _, papers, synthesis = _synthesis()
    quant = synthesis.directions[0]
    assert [(c.paper_id, c.verb) for c in quant.contributions] == [
        ("p0", "propose"),
        ("p1", "introduce"),
        ("p2", "present"),
    ]
    assert all(c.clause in papers[c.paper_id].abstract for c in quant.contributions)
    approach = next(s for s in synthesis.statements if s.part == "approach")
    assert approach.text.startswith(
        "post-training quantization (4 papers): one proposes \u201cFlatQuant, which flattens weights\u201d"
    )
    assert "another introduces" in approach.text


def test_how_they_depart_from_other_approaches_is_quoted_whole() -> None:
    _, papers, synthesis = _synthesis()
    departures = next(s for s in synthesis.statements if s.part == "departures")
    assert departures.cites == ("p5",)
    assert "\u201cUnlike prior web agents that plan once, AgentQ searches at every step.\u201d" in departures.text


def test_one_rare_word_names_a_group_only_where_titles_use_it() -> None:
    texts = [
        "We propose a mask prior for image inpainting of faces.",
        "We introduce a diffusion sampler for inpainting of scenes.",
        "We study the side effects of guidance; the side effects are large.",
        "We present a side channel for guidance; the side channel leaks.",
    ]
    titles = ["Masked inpainting", "Sampling for inpainting", "Unwanted effects", "Leaky channels"]
    groups = _group_names(texts, titles)
    assert groups == ["inpainting"]  # "side" is in two abstracts twice, and in no title


def test_an_abbreviation_and_its_phrase_name_one_group() -> None:
    texts = [
        "We study the SMBH in NGC 1. SMBH growth is slow.",
        "We model SMBH feedback; SMBH jets heat gas.",
        "We propose a supermassive black hole census of supermassive black hole hosts.",
        "We find supermassive black hole seeds in supermassive black hole simulations.",
    ]
    titles = ["SMBH growth", "SMBH feedback", "Supermassive black hole census", "Supermassive black hole seeds"]
    groups = _group_names(texts, titles)
    assert len(groups) == 1


def test_a_name_is_never_a_metric_or_a_benchmark() -> None:
    texts = QUANT + [t + " WebArena success rate matters." for t in AGENTS]
    titles = TITLES[:4] + ["WebArena success rate study"] * 3
    _, papers, synthesis = _synthesis(texts, titles)
    names = [d.phrase.lower() for d in synthesis.directions if d.phrase]
    assert "post-training quantization" in names  # a topic is still a name ...
    assert not any("webarena" in n or "success rate" in n for n in names)  # ... what papers are scored by is not


def test_a_group_whose_papers_say_nothing_of_what_they_do_is_not_named() -> None:
    texts = [
        t.replace("We propose", "Here is").replace("We introduce", "Here is").replace("We present", "Here is")
        for t in AGENTS
    ]
    _, _, synthesis = _synthesis(QUANT + texts)
    assert [d.phrase for d in synthesis.directions] == ["post-training quantization", None]


def test_a_state_of_the_art_only_where_two_papers_report_the_same_metric_on_the_same_benchmark() -> None:
    _, _, synthesis = _synthesis()
    best = {(r.dataset, r.metric): (r.headline.value, len(r.reporting)) for r in synthesis.results}
    assert best == {
        ("MMLU", "accuracy"): ("79.2%", 2),
        ("GSM8K", "accuracy"): ("70.1%", 2),
        ("WebArena", "success rate"): ("37.2%", 3),  # not the humans' 40.0%, a reference
    }
    state = next(s for s in synthesis.statements if s.part == "state")
    assert state.text.startswith(
        "The state of the art, where two or more papers report the same metric on the same benchmark"
    )


def test_without_a_shared_benchmark_it_says_so_in_the_fields_words_and_quotes_claims_whole() -> None:
    texts = [
        "We propose a new ward protocol. Mortality fell to 12% in the ward cohort, compared with 18% under usual care.",
        "We study a screening test. It reached 91% sensitivity in the clinic sample.",
        "We present a dosing rule that cut relapse by 30% versus standard dosing in the trial.",
    ]
    _, papers, synthesis = _synthesis(texts, TITLES[:3], vocab.field_profile("medicine"))
    state = next(s for s in synthesis.statements if s.part == "state")
    assert synthesis.results == ()
    assert state.text.startswith(
        "Among the results found in its abstracts, no two papers share a metric and a trial or cohort"
    )
    quoted = [s.text for s in state.spans if s.kind == "fact"]
    assert quoted and all(any(q in p.abstract for p in papers.values()) for q in quoted)


def test_time_and_open_problems() -> None:
    _, papers, synthesis = _synthesis()
    assert synthesis.periods == (("2024 Q1", 1), ("2024 Q2", 1), ("2025 Q1", 2), ("2025 Q2", 2), ("2025 Q3", 1))
    assert synthesis.open_problems and all(c.text in papers[c.paper_id].abstract for c in synthesis.open_problems)
    assert any("open problem" in c.text for c in synthesis.open_problems)
    opening = synthesis.statements[0].text
    assert all(c.text not in opening for c in synthesis.open_problems)  # the problem it opens with is not repeated


def test_overview_is_traceable_and_finds_growth() -> None:
    theme, papers = _corpus()
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


def test_the_papers_no_group_names_are_compared_side_by_side_in_their_own_words() -> None:
    texts = [
        "We propose AlphaNet, a network for tabular data with gating.",
        "We introduce TabBench, a benchmark of 40 tabular tasks.",
        "We study how tree ensembles and neural networks differ on tabular data.",
        "We propose BetaNet, a model for tabular data with attention over rows.",
    ]
    theme, papers, synthesis = _synthesis(texts, ["Alpha", "TabBench", "Trees or nets", "Beta"])
    rows = synthesis.compared
    assert [r.kind for r in rows] == ["benchmark or dataset", "method", "method", "study"]  # like with like
    assert all(r.contribution.clause in papers[r.contribution.paper_id].abstract for r in rows)
    lead = next(s for s in synthesis.statements if s.part == "compared")
    assert lead.text == "Its 4 papers, side by side, by kind of work:"
    assert not any(s.part == "approach" for s in synthesis.statements)  # the table says it, not a list of quotes
    assert _problems(synthesis.statements, papers, theme) == []


def test_a_table_of_fewer_papers_than_the_group_says_how_many_it_shows(monkeypatch) -> None:
    from reportgen.summarize import synthesis as module

    monkeypatch.setattr(module, "MAX_COMPARED", 4)
    texts = [f"We propose Net{i}, a network for tabular data number {i}." for i in range(len(DATES))]
    theme, papers, synthesis = _synthesis(texts, [f"Net{i}" for i in range(len(DATES))])
    lead = next(s for s in synthesis.statements if s.part == "compared")
    assert len(synthesis.compared) == 4
    assert lead.text == f"4 of its {len(DATES)} papers, side by side, by kind of work:"
    assert _problems(synthesis.statements, papers, theme) == []


def test_an_acronym_group_is_matched_in_capitals() -> None:
    """ "DAWN" (a JWST archive) is not what "Rapid bulge assembly at Cosmic Dawn" is about; "AGNs" is about AGN."""
    from reportgen.summarize.synthesis import _carriers

    papers = {
        "a": Paper(id="a", title="Rapid bulge assembly at Cosmic Dawn", abstract="Galaxies at z > 6."),
        "b": Paper(id="b", title="Morphologies in the DAWN JWST Archive", abstract="Galaxies."),
        "c": Paper(id="c", title="AGNs in dwarf galaxies", abstract="Dwarfs."),
    }
    assert _carriers("dawn", ["a", "b"], papers, spelling="DAWN") == ["b"]
    assert _carriers("dawn", ["a", "b"], papers) == ["a", "b"]  # a plain word matches in any case
    assert _carriers("agn", ["c"], papers, spelling="AGN") == ["c"]
