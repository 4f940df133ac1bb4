"""Charts say what their captions say; drawn with the real matplotlib."""

from __future__ import annotations

from reportgen.headlines.claims import extract_from_sentence
from reportgen.model import Corpus, Paper, Theme, ThemeSet
from reportgen.render.charts import reported_gains, themes_over_time


def _corpus(dates: list[str]) -> tuple[Corpus, ThemeSet]:
    papers = tuple(Paper(id=f"p{i}", abstract="An abstract.", date=d) for i, d in enumerate(dates))
    theme = Theme(1, "Agents", "agents", ("agent",), tuple(p.id for p in papers))
    return Corpus(papers), ThemeSet(themes=(theme,), outliers=(), coords={})


def test_the_trend_counts_by_the_periods_the_syntheses_use() -> None:
    """A corpus crawled over twelve months is counted by quarter, as its syntheses count it (periods.grain_of)."""
    months = [f"2025-{m:02d}-15" for m in range(1, 13)]
    chart = themes_over_time(*_corpus(months))
    assert chart is not None
    assert chart.caption.startswith("Papers per quarter") and "from 2025 Q1 to 2025 Q4" in chart.alt
    years = [f"{y}-06-01" for y in range(2019, 2025) for _ in range(2)]
    chart = themes_over_time(*_corpus(years))
    assert chart is not None and chart.caption.startswith("Papers per year") and "from 2019 to 2024" in chart.alt


def test_the_improvements_chart_plots_gains_only() -> None:
    """A rise in an incidence is a finding, not an improvement: only rows whose verb says gain are plotted."""
    themes = ThemeSet(
        themes=(Theme(1, "A", "a", ("a",), ("p0", "p1")), Theme(2, "B", "b", ("b",), ("p2", "p3"))),
        outliers=(),
        coords={},
    )
    sentences = {
        "p0": "Our method improves accuracy by 12% on ImageNet.",
        "p1": "Bacteraemia incidence increased by 30% over the decade.",
        "p2": "It improves F1 by 4% over the baseline.",
        "p3": "Mortality was 25% higher in the treated group.",
    }
    found = {pid: extract_from_sentence(text, pid) for pid, text in sentences.items()}
    assert [h.direction for pid in ("p1", "p3") for h in found[pid]] == ["increases", "increases"]
    chart = reported_gains(themes, (), found)
    assert chart is not None
    assert "A: median 12% over 1 claim" in chart.alt and "B: median 4% over 1 claim" in chart.alt
    assert "30" not in chart.alt and "25" not in chart.alt
