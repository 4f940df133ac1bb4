"""Charts say what their captions say; drawn with the real matplotlib."""

from __future__ import annotations

from reportgen.model import Corpus, Paper, Theme, ThemeSet
from reportgen.render.charts import themes_over_time


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
