"""Per theme: representative papers, the headline numbers to show, and a cited summary.

Pure: (Theme, papers, vectors, headlines) -> ThemeSummary.  Every summary
sentence is copied verbatim from an abstract and carries that paper's id; the
template adds only the citation marks.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from typing import Mapping, Sequence

import numpy as np

from reportgen import vocab
from reportgen.config import SummarySettings
from reportgen.model import Citation, Headline, Paper, Theme, ThemeSummary
from reportgen.strings import split_sentences
from reportgen.summarize.synthesis import Background, corpus_background, synthesize_theme

_PROBLEM = re.compile(
    r"\b(however|challenge|challenging|remain|remains|limited|limitation|struggle|suffer|bottleneck|costly|expensive|difficult|lack|fail|issue|problem|hinder)",
    re.I,
)
_APPROACH = re.compile(r"\b(we|this paper|this work)\s+(propose|introduce|present|develop|design)", re.I)
_WORD = re.compile(r"[a-z][a-z0-9-]+")
_MAX_WORDS = 55


def representatives(
    theme: Theme, vectors: Mapping[str, np.ndarray], count: int, diversity: float = 0.5
) -> tuple[str, ...]:
    """Central yet different papers: maximal marginal relevance around the theme's centroid.

    The most central paper first; each next one trades closeness to the centre
    against similarity to those already chosen, so three near-duplicates of one
    paper do not crowd out the rest of the theme.
    """
    ids = list(theme.paper_ids)
    if len(ids) <= count:
        return tuple(ids)
    matrix = np.stack([vectors[pid] for pid in ids])
    centroid = matrix.mean(axis=0)
    centrality = matrix @ (centroid / max(np.linalg.norm(centroid), 1e-12))
    chosen = [int(np.argmax(centrality))]
    while len(chosen) < count:
        redundancy = (matrix @ matrix[chosen].T).max(axis=1)
        score = (1 - diversity) * centrality - diversity * redundancy
        score[chosen] = -np.inf
        chosen.append(int(np.argmax(score)))
    return tuple(ids[i] for i in chosen)


def headline_salience(headline: Headline, representative: bool) -> float:
    """Claims that say what, where and against what come first."""
    return (
        2.0 * bool(headline.metric)
        + 2.0 * bool(headline.dataset)
        + 1.5 * bool(headline.comparator)
        + 1.0 * (headline.direction in ("improves", "increases", "reduces"))
        + 1.0 * representative
        + 0.5 * (headline.unit in ("%", "pp", "x"))
    )


def salient_headlines(
    theme: Theme, found: Mapping[str, tuple[Headline, ...]], reps: Sequence[str], limit: int, per_paper: int = 2
) -> tuple[Headline, ...]:
    order = {pid: i for i, pid in enumerate(theme.paper_ids)}
    candidates = [
        h for pid in theme.paper_ids for h in found.get(pid, ()) if h.role == "result"
    ]  # a baseline's or the humans' figure is not the paper's claim
    ranked = sorted(candidates, key=lambda h: (-headline_salience(h, h.paper_id in reps), order[h.paper_id]))
    shown: list[Headline] = []
    per: Counter[str] = Counter()
    for headline in ranked:
        if any(h.sentence == headline.sentence for h in shown):
            continue  # one row per sentence; survey.json keeps every claim
        if per[headline.paper_id] < per_paper and len(shown) < limit:
            shown.append(headline)
            per[headline.paper_id] += 1
    return tuple(shown)


def _keyword_weights(theme: Theme) -> dict[str, float]:
    weights: dict[str, float] = {}
    for rank, keyword in enumerate(theme.keywords):
        for word in _WORD.findall(keyword.lower()):
            weights[word] = max(weights.get(word, 0.0), 1.0 / math.sqrt(rank + 1))
    return weights


def _centrality(sentence: str, weights: Mapping[str, float]) -> float:
    words = _WORD.findall(sentence.lower())
    return sum(weights.get(w, 0.0) for w in set(words)) / math.sqrt(len(words) + 5) if words else 0.0


def summary_sentences(
    theme: Theme, papers: Mapping[str, Paper], reps: Sequence[str], shown: Sequence[Headline], count: int
) -> tuple[Citation, ...]:
    """Problem -> approach -> result, each the most theme-central sentence of its kind, each from a different paper where possible."""
    weights = _keyword_weights(theme)
    pool = [
        (pid, s)
        for pid in theme.paper_ids[:40]
        for s in split_sentences(papers[pid].abstract)
        if len(s.split()) <= _MAX_WORDS
    ]
    used_papers: set[str] = set()
    picked: list[Citation] = []

    def best(candidates: list[tuple[str, str]], bonus: Mapping[str, float] | None = None) -> None:
        fresh = [c for c in candidates if c[0] not in used_papers and all(c[1] != p.text for p in picked)] or candidates
        fresh = [c for c in fresh if all(c[1] != p.text for p in picked)]
        if not fresh or len(picked) >= count:
            return
        pid, sentence = max(
            fresh,
            key=lambda c: (_centrality(c[1], weights) + (bonus or {}).get(c[0], 0.0), -theme.paper_ids.index(c[0])),
        )
        picked.append(Citation(text=sentence, paper_id=pid))
        used_papers.add(pid)

    rep_bonus = dict.fromkeys(reps, 0.2)
    best([c for c in pool if _PROBLEM.search(c[1])])
    for _ in range(max(1, count - 2)):
        best([c for c in pool if _APPROACH.search(c[1])], rep_bonus)
    result_sentences = [(h.paper_id, h.sentence) for h in shown if len(h.sentence.split()) <= _MAX_WORDS]
    best(result_sentences)
    while len(picked) < count and len(picked) < len(pool):
        before = len(picked)
        best(pool, rep_bonus)
        if len(picked) == before:
            break
    return tuple(picked)


def summarize_theme(
    theme: Theme,
    papers: Mapping[str, Paper],
    vectors: Mapping[str, np.ndarray],
    found: Mapping[str, tuple[Headline, ...]],
    settings: SummarySettings,
    background: Background | None = None,
    field: vocab.Field | None = None,
) -> ThemeSummary:
    """Representatives, headline numbers, the cited sentences and the synthesis (read against the corpus's `background`, in its `field`'s words)."""
    reps = representatives(theme, vectors, settings.representatives)
    shown = salient_headlines(theme, found, reps, settings.headlines)
    return ThemeSummary(
        theme_id=theme.id,
        representatives=reps,
        headlines=shown,
        summary=summary_sentences(theme, papers, reps, shown, settings.sentences),
        synthesis=synthesize_theme(
            theme, papers, found, background or corpus_background(tuple(papers.values())), field
        ),
    )
