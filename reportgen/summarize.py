"""Per theme: representative papers, the headline numbers to show, and a cited summary.

Pure: (Theme, papers, embeddings, headlines) -> ThemeSummary.  Every summary
sentence is copied from a source abstract and carries that paper's id.
"""

from __future__ import annotations

import re
from typing import Mapping

from reportgen.config import SummarySettings
from reportgen.headlines import split_sentences
from reportgen.model import Citation, Headline, Paper, Theme, ThemeSummary


def display_name(paper: Paper) -> str:
    """The title, or for untitled records the first words of the abstract."""
    if paper.title:
        return paper.title
    words = paper.abstract.split()
    return " ".join(words[:10]) + ("…" if len(words) > 10 else "")


def summarize_theme(theme: Theme, papers: Mapping[str, Paper], headlines: Mapping[str, tuple[Headline, ...]], settings: SummarySettings) -> ThemeSummary:
    representatives = theme.paper_ids[: settings.representatives]
    shown = [h for pid in theme.paper_ids for h in headlines.get(pid, ())][: settings.headlines]
    summary = tuple(Citation(text=_first_sentence(papers[pid].abstract), paper_id=pid) for pid in representatives[: settings.sentences])
    return ThemeSummary(theme_id=theme.id, representatives=tuple(representatives), headlines=tuple(shown), summary=summary)


def _first_sentence(text: str) -> str:
    sentences = split_sentences(text)
    return sentences[0] if sentences else re.sub(r"\s+", " ", text)[:300]
