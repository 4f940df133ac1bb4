"""A theme's synthesis: what its papers share, written with a fixed grammar from extracted facts.  Pure.

Sub-directions (groups of the theme's vectors, each named by a phrase its papers
share), the benchmarks and metrics two or more papers name, the strongest result
per benchmark and metric (result-role headlines only), the time span and growth,
and one or two open problems quoted from the papers.  Every fact in a sentence is
a Span that cites the papers it comes from, so nothing is said that no cited
abstract says (tests/test_synthesis.py checks it).  No model writes anything.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from reportgen import vocab
from reportgen.model import (
    BestResult,
    Citation,
    Headline,
    Paper,
    SubDirection,
    Synthesis,
    Theme,
    Usage,
)
from reportgen.periods import grain_of
from reportgen.summarize import facts, prose
from reportgen.summarize.facts import PaperFacts

MIN_DIRECTION = 3  # a group smaller than this is "other", not a sub-direction
MAX_DIRECTIONS = 5
MAX_RESULTS = 6
LOWER_IS_BETTER = vocab.load().lower_is_better
_ENUMERATOR = re.compile(r"^(?:\(\w\)|\w\))\s+")  # "(1) Despite ...": the list marker is not part of the problem
_VAGUE_METRICS = vocab.load().vague_metrics


@dataclass(frozen=True, eq=False)
class Background:
    """What a theme is read against: the corpus's time grain, word document frequencies, and each paper's facts."""

    grain: str
    papers: int
    word_df: Mapping[str, int]
    facts: Mapping[str, PaperFacts]  # read once per paper (facts.read_facts)


def corpus_background(papers: Sequence[Paper]) -> Background:
    found = {paper.id: facts.read_facts(paper) for paper in papers}
    df: Counter[str] = Counter()
    for paper_facts in found.values():
        df.update(paper_facts.words)
    grain = grain_of([p.date for p in papers if p.date])
    return Background(grain=grain, papers=len(papers), word_df=df, facts=found)


def _specificity(key: str, background: Background) -> float:
    """Mean inverse document frequency of the phrase's words over the corpus: "speculative decoding" beats "future"."""
    words = [w for w in key.split() if w not in facts.STOP_WORDS]
    scale = math.log(background.papers + 1) or 1.0
    return (
        sum(math.log((background.papers + 1) / (background.word_df.get(w, 0) + 1)) for w in words) / len(words) / scale
    )


def _groups(ids: Sequence[str], vectors: Mapping[str, np.ndarray]) -> list[list[str]]:
    """Ward clusters of the theme's vectors, largest first; rounded first, so CPU noise cannot move a paper."""
    n = len(ids)
    k = 1 if n < 2 * MIN_DIRECTION else min(MAX_DIRECTIONS, max(2, 1 + n // 10))
    if k == 1:
        return [list(ids)]
    from scipy.cluster.hierarchy import fcluster, linkage

    matrix = np.round(np.stack([vectors[pid] for pid in ids]).astype(np.float64), 4)
    labels = fcluster(linkage(matrix, method="ward"), t=k, criterion="maxclust")
    groups: dict[int, list[str]] = {}
    for pid, label in zip(ids, labels):
        groups.setdefault(int(label), []).append(pid)  # theme order: closest to the theme's centre first
    return sorted(groups.values(), key=lambda g: (-len(g), ids.index(g[0])))


def _name(
    group: Sequence[str],
    rest: Sequence[str],
    grams: Mapping[str, Mapping[str, str]],
    used: set[str],
    background: Background,
) -> str | None:
    """The phrase most specific to the group: shared by many of its papers, by few of the theme's others, rare in the corpus.

    A single plain word ("future", "even", "full-precision") names a group only when no
    phrase of two or more words or acronym is shared.
    """
    inside: dict[str, int] = {}
    for pid in group:
        for key in grams[pid]:
            inside[key] = inside.get(key, 0) + 1
    outside: dict[str, int] = {}
    for pid in rest:
        for key in grams[pid]:
            if key in inside:
                outside[key] = outside.get(key, 0) + 1
    spelling = {k: grams[pid][k] for pid in reversed(group) for k in grams[pid] if k in inside}
    for need, plain_words in (
        (max(2, math.ceil(len(group) / 4)), False),
        (2, False),
        (2, True),
        (1, False),
        (1, True),
    ):  # a group of 3+ is always named
        scored = [
            (
                (inside[k] / len(group) - outside.get(k, 0) / max(len(rest), 1)) * _specificity(k, background)
                + 0.03 * k.count(" "),
                k,
            )
            for k in inside
            if inside[k] >= need
            and k not in used
            and not any(k in u or u in k for u in used)
            and (plain_words or _is_term(spelling[k]))
        ]
        if scored:
            return max(scored, key=lambda s: (s[0], inside[s[1]], s[1]))[1]
    return None


def _is_term(spelling: str) -> bool:
    """Two or more words, or an acronym or name ("LoRA", "3D"); a hyphenated word alone is mostly a modifier ("post-training")."""
    return " " in spelling or sum(c.isupper() for c in spelling) >= 2 or any(c.isdigit() for c in spelling)


def sub_directions(
    theme: Theme, papers: Mapping[str, Paper], vectors: Mapping[str, np.ndarray], background: Background
) -> tuple[SubDirection, ...]:
    """Groups of the theme's papers with the phrase each shares; groups below MIN_DIRECTION papers are left out."""
    grams = {pid: background.facts[pid].phrases for pid in theme.paper_ids}
    used: set[str] = set()
    out = []
    for group in _groups(theme.paper_ids, vectors):
        if len(group) < MIN_DIRECTION:
            continue
        rest = [pid for pid in theme.paper_ids if pid not in group]
        key = _name(group, rest, grams, used, background)
        if key is None:
            continue
        used.add(key)
        having = [pid for pid in group if key in grams[pid]]
        spellings = [grams[pid][key] for pid in having]
        spelling = key if key in spellings else facts.most_common_spelling(spellings)
        ordered = tuple(having + [pid for pid in group if pid not in having])
        methods = _methods(ordered, papers, theme, background.facts)
        out.append(SubDirection(phrase=spelling, paper_ids=ordered, methods=methods))
    return tuple(out)


def _methods(
    ids: Sequence[str], papers: Mapping[str, Paper], theme: Theme, read: Mapping[str, PaperFacts], limit: int = 2
) -> tuple[tuple[str, str], ...]:
    """Named contributions of the group's papers; a name other papers of the theme also use (LoRA, FPGA) is not one paper's own."""
    found: list[tuple[str, str]] = []
    for pid in ids:
        name = read[pid].method
        if (
            not name
            or name not in papers[pid].abstract
            or len(name) > 40
            or facts.is_descriptive(name)
            or name in (n for n, _ in found)
        ):
            continue
        pattern = re.compile(rf"(?<![\w-]){re.escape(name)}(?![\w-])")
        if sum(1 for other in theme.paper_ids if pattern.search(papers[other].abstract)) == 1:
            found.append((name, pid))
        if len(found) == limit:
            break
    return tuple(found)


def evaluation(theme: Theme, read: Mapping[str, PaperFacts]) -> tuple[tuple[Usage, ...], tuple[Usage, ...]]:
    """The benchmarks and metrics two or more of the theme's papers name."""
    out = []
    for kind in ("benchmark", "metric"):
        named = {pid: read[pid].benchmarks if kind == "benchmark" else read[pid].metrics for pid in theme.paper_ids}
        found = facts.usage(named)
        keys = facts.shared({k: v[1] for k, v in found.items()})
        out.append(tuple(Usage(name=found[k][0], kind=kind, paper_ids=found[k][1]) for k in keys))
    return out[0], out[1]


def _is_gain(h: Headline) -> bool:
    return h.unit in ("pp", "x") or h.direction in ("improves", "increases", "reduces") or bool(h.comparator)


def _strongest(claims: Sequence[Headline], metric: str | None) -> Headline:
    """Levels ("reaches 92.1%") over gains; within the most common unit, the largest (smallest for error-like levels)."""
    levels = [h for h in claims if not _is_gain(h)]
    pool = levels or list(claims)
    units = [h.unit for h in pool]
    unit = max(dict.fromkeys(units), key=units.count)
    same = [h for h in pool if h.unit == unit and h.number is not None] or pool
    lower = bool(levels) and (metric or "").lower() in LOWER_IS_BETTER
    return min(same, key=lambda h: ((h.number or 0) if lower else -(h.number or 0), h.paper_id, h.value))


def best_results(theme: Theme, found: Mapping[str, tuple[Headline, ...]]) -> tuple[BestResult, ...]:
    """Per benchmark and metric, the strongest result claim: role "result", with a benchmark, or a specific metric."""
    by_key: dict[tuple[str, str], list[Headline]] = {}
    for pid in theme.paper_ids:
        for h in found.get(pid, ()):
            if h.role != "result" or h.number is None or not (h.dataset or h.metric):
                continue
            if not h.dataset and (h.metric or "").lower() in _VAGUE_METRICS:
                continue
            by_key.setdefault(((h.dataset or "").lower(), (h.metric or "").lower()), []).append(h)
    rows = []
    for (_, metric), claims in by_key.items():
        best = _strongest(claims, metric)
        reporting = tuple(dict.fromkeys(h.paper_id for h in claims))
        shown = [
            v if v and v in best.sentence else None for v in (best.dataset, best.metric)
        ]  # a name the extractor rebuilt ("X (CIA) score" -> "X score") is not quoted
        rows.append(
            BestResult(
                dataset=shown[0],
                metric=shown[1],
                headline=best,
                reporting=reporting,
                excerpt=excerpt(best.sentence, best.value),
            )
        )
    rows.sort(key=lambda r: (-len(r.reporting), r.dataset is None, (r.dataset or "").lower(), (r.metric or "").lower()))
    return tuple(rows[:MAX_RESULTS])


def excerpt(sentence: str, value: str, words: int = 7) -> str:
    """The clause around a value, at most `words` words either side: a substring of the sentence.

    A clause boundary (", ", "; ", ": ") cuts the window only where it leaves three or more words.
    """
    at = sentence.find(value)
    if at < 0:
        return value
    left = sentence[:at].split(" ")[-words - 1 :]
    right = sentence[at + len(value) :].split(" ")[: words + 1]
    for i in range(len(left) - 1, -1, -1):
        if re.search(r"[,;:]$", left[i]) and len(left) - i - 1 >= 3:
            left = left[i + 1 :]
            break
    for i, word in enumerate(right):
        if re.search(r"[,;:.]$", word) and i >= 3:
            right = right[: i + 1]
            break
    return (" ".join(left) + value + " ".join(right)).strip().rstrip(",;:.")


def open_problems(theme: Theme, read: Mapping[str, PaperFacts], limit: int = 2) -> tuple[Citation, ...]:
    """The sentences that name an unsolved problem most plainly, from different papers, central papers first on ties."""
    candidates = []
    for rank, pid in enumerate(theme.paper_ids):
        for position, (score, sentence) in enumerate(read[pid].open_problems):
            candidates.append((-score, rank, position, sentence, pid))
    picked: list[Citation] = []
    for _, _, _, sentence, pid in sorted(candidates):
        sentence = _ENUMERATOR.sub("", sentence)
        if all(c.paper_id != pid for c in picked):
            picked.append(Citation(text=sentence, paper_id=pid))
        if len(picked) == limit:
            break
    return tuple(picked)


def synthesize_theme(
    theme: Theme,
    papers: Mapping[str, Paper],
    vectors: Mapping[str, np.ndarray],
    found: Mapping[str, tuple[Headline, ...]],
    background: Background,
) -> Synthesis:
    """The theme's synthesis, read against the corpus's `background` (one time grain for all themes, so they compare)."""
    directions = sub_directions(theme, papers, vectors, background)
    benchmarks, metrics = evaluation(theme, background.facts)
    results = best_results(theme, found)
    problems = open_problems(theme, background.facts)
    time, periods = prose.time_statement(theme, papers, background.grain)
    statements = [
        prose.directions_statement(theme, directions),
        time,
        prose.evaluation_statement(benchmarks, metrics),
        prose.results_statement(results),
        prose.open_statement(problems),
    ]
    return Synthesis(
        directions=directions,
        benchmarks=benchmarks,
        metrics=metrics,
        results=results,
        periods=periods,
        open_problems=problems,
        statements=tuple(s for s in statements if s is not None),
    )
