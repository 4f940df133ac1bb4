"""Summarize: per theme, the representative papers, the headline numbers to show, a cited summary and the synthesis.

section.py picks a theme's representatives, headlines and quoted sentences;
synthesis.py writes what its papers share with prose.py's fixed grammar from
facts.py's facts, read once per paper; overview.py writes the survey-wide
synthesis; names.py gives each paper its display name.  Pure: values in,
values out.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from reportgen import vocab
from reportgen.config import SummarySettings
from reportgen.model import Corpus, Embeddings, Headline, Statement, ThemeSet, ThemeSummary
from reportgen.summarize.names import display_name
from reportgen.summarize.overview import survey_overview
from reportgen.summarize.section import representatives, salient_headlines, summarize_theme
from reportgen.summarize.synthesis import corpus_background

__all__ = ["Summaries", "representatives", "salient_headlines", "summarize", "summarize_theme"]


@dataclass(frozen=True, eq=False)
class Summaries:
    """What the summarize stage adds to a report."""

    themes: tuple[ThemeSummary, ...]
    overview: tuple[Statement, ...]
    names: Mapping[str, str]  # display name per paper


def summarize(
    corpus: Corpus,
    vectors: Embeddings,
    themes: ThemeSet,
    found: Mapping[str, tuple[Headline, ...]],
    settings: SummarySettings,
    field: vocab.Field | None = None,
) -> Summaries:
    """Every theme's summary and the survey's overview, each paper's facts read once (the background), in `field`'s words."""
    papers = corpus.by_id()
    by_id = dict(zip(vectors.ids, vectors.vectors))
    background = corpus_background(corpus.papers)
    return Summaries(
        themes=tuple(summarize_theme(t, papers, by_id, found, settings, background, field) for t in themes.themes),
        overview=survey_overview(themes.themes, papers, background),
        names={p.id: display_name(p, background.facts[p.id].method) for p in corpus.papers},
    )
