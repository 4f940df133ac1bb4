"""A theme's section: what its papers set out to solve, what they do, how they differ, the state of the art.  Pure.

Written with prose.py's fixed grammar from what the abstracts say: a motivating
sentence of a central paper (the problem); groups of papers, each the papers
about one phrase, led by their own contribution clauses ("we propose X, which
..."); the terms that set the groups apart; the best result where two or more
papers report the same metric on the same benchmark (or trial, cohort, survey),
or a plain statement that none do, with its central papers' claims quoted whole;
open problems; and a census of dates and shared benchmarks.  Every fact is a
Span citing the papers it comes from, so nothing is said that no cited abstract
says (tests/synthesis_check.py checks it).  No model writes anything.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from reportgen import vocab
from reportgen.model import (
    BestResult,
    Citation,
    Compared,
    Contribution,
    Headline,
    Paper,
    SubDirection,
    Synthesis,
    Theme,
    Usage,
)
from reportgen.periods import grain_of
from reportgen.strings import split_sentences
from reportgen.summarize import contrasts, contributions, facts, prose
from reportgen.summarize.facts import PaperFacts

MIN_DIRECTION = 2  # a phrase one paper is about names that paper, not a group
MAX_DIRECTIONS = 4
CANDIDATES = 40  # phrases tested for the papers about them (see _carriers), most telling first
CONCENTRATION = 4  # see _concentrated
RARE_SHARE, RARE_MIN = 0.01, 3  # a single word in at most this share (or this many) of the corpus's papers (see _rare)
MAX_GROUP_SHARE = 0.6  # a phrase more of the theme's papers are about names the theme, not a group of it
MAX_RESULTS = 6
QUOTED_PER_GROUP = 3  # contributions quoted per named group ...
QUOTED_UNNAMED = 4  # ... for the papers no group's name covers ...
QUOTED_UNGROUPED = 6  # ... and for a theme with no named group
MAX_COMPARED = 8  # rows of a theme's comparison table
MIN_COMPARED = 3  # fewer rows compare nothing
MAX_DATA = 3  # benchmarks named in a comparison row
MAX_CLAIM_WORDS = 40  # a claim is quoted whole: a longer sentence is not quoted
_WORDS = vocab.load()
LOWER_IS_BETTER = _WORDS.lower_is_better
_ENUMERATOR = re.compile(r"^(?:\(\w\)|\w\))\s+")  # "(1) Despite ...": the list marker is not part of the problem


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


def _stem(word: str) -> str:
    """A word's singular, for matching "point cloud" and "point clouds", "flux density" and "flux densities" alike."""
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    return word[:-1] if word.endswith("s") and not word.endswith(("ss", "us", "is")) and len(word) > 3 else word


def _phrase_stem(key: str) -> str:
    """Every word singular: "web agents" and "web agent" are one key."""
    return " ".join(_stem(w) for w in key.split())


def _carriers(
    key: str, ids: Sequence[str], papers: Mapping[str, Paper], titles_only: bool = False, spelling: str = ""
) -> list[str]:
    """The papers ABOUT a phrase: it is in the title, or twice in the abstract (once is a mention, not a topic).

    With `titles_only`, only the title counts: a single word ("inpainting") names a
    topic where titles use it, and is as often a plain word ("side", "false") in an
    abstract.  "Sunyaev-Zel" is no phrase of "Sunyaev-Zel'dovich": a match followed by
    an apostrophe does not count, nor one followed by a number ("IRAS 13224-3809" is
    an object, not a topic).  An acronym `spelling` ("DAWN", the JWST archive) is matched
    in capitals: "Cosmic Dawn" is not about it.
    """
    *head, last = key.split()
    base = _stem(last)
    ending = re.escape(base[:-1]) + "(?:y|ies)" if base.endswith("y") else re.escape(base) + "(?:e?s)?"
    acronym = spelling.isupper() and " " not in spelling
    body = re.escape(spelling) + "s?" if acronym else "".join(re.escape(w) + " " for w in head) + ending
    pattern = re.compile(r"(?<![\w-])" + body + r"(?![\w'\u2019-])(?!\s*[+-]?\d)", 0 if acronym else re.IGNORECASE)
    return [
        pid
        for pid in ids
        if pattern.search(papers[pid].title or "")
        or (not titles_only and len(pattern.findall(papers[pid].abstract)) >= 2)
    ]


def _abbreviates(short: str, phrase: str) -> bool:
    """ "SMBH" for "supermassive black hole", "LLMs" for "large language models": every word's initial, in order, in it."""
    words, letters = phrase.split(), _stem(short.lower())
    if " " in short or len(words) < 2 or not letters.isalnum() or letters[0] != words[0][0]:
        return False
    at = 0
    for word in words:
        at = letters.find(word[0], at)
        if at < 0:
            return False
        at += 1
    return True


def _same_thing(a: str, b: str) -> bool:
    """ "LLMs" and "large language models", "language model" and "language models": one thing, not two groups."""
    return a in b or b in a or _abbreviates(a, b) or _abbreviates(b, a)


def _topic_groups(theme: Theme, papers: Mapping[str, Paper], background: Background) -> list[tuple[str, list[str]]]:
    """Groups of the theme's papers, each the papers ABOUT one phrase (see _carriers): up to MAX_DIRECTIONS, largest first.

    Greedy over the phrases three or more papers carry, weighted by how rare their
    words are in the corpus: the best takes its papers, the next is counted on the
    papers left, and so on, so the groups do not overlap and every name is true of
    every paper under it.  A name is a term (two words, an acronym or a name: one
    plain word like "object" tells a reader nothing) that ends in a noun; never a
    metric or benchmark (a group is named by what it works on, not how it is scored)
    nor a tool (vocab's [labels] tools: "TESS", "U-Net": what its papers use),
    never the theme's own label, never a synonym of another group's name, and never
    one that most of the theme carries (that names the theme, not a part of it).
    """
    ids = theme.paper_ids
    stems = {pid: {_phrase_stem(k): v for k, v in background.facts[pid].phrases.items()} for pid in ids}
    present: Counter[str] = Counter(k for pid in ids for k in stems[pid])  # "web agent" and "web agents" alike
    spelling = {  # the tests below read this spelling; a group is named as its members spell it
        k: facts.most_common_spelling(stems[pid][k] for pid in ids if k in stems[pid]) for k in present
    }
    not_topics = {
        _phrase_stem(k) for pid in ids for k in (*background.facts[pid].metrics, *background.facts[pid].benchmarks)
    }
    fragments = {
        k
        for k in present
        for longer in present
        if longer != k and f" {k} " in f" {longer} " and present[longer] >= 0.8 * present[k]
    }  # "large language" is part of "large language models" wherever it occurs
    head = _phrase_stem(theme.label.split(":")[0].strip().lower())
    ranked = sorted(
        (-n * _specificity(k, background) - 0.03 * k.count(" "), k)
        for k, n in present.items()
        if n >= MIN_DIRECTION
        and k not in not_topics
        and k not in fragments
        and not _same_thing(k, head)
        and (_is_term(spelling[k]) or _single_word_topic(spelling[k], background))
        and _names_a_topic(spelling[k])
        and not _is_tool(spelling[k])
    )[:CANDIDATES]
    about = {
        k: c
        for _, k in ranked
        if MIN_DIRECTION
        <= len(c := _carriers(k, ids, papers, titles_only=not _is_term(spelling[k]), spelling=spelling[k]))
        <= MAX_GROUP_SHARE * len(ids)
        and _concentrated(k, len(c), background)
    }
    groups: list[tuple[str, list[str]]] = []
    taken: list[str] = []
    free = set(ids)
    while len(groups) < MAX_DIRECTIONS:
        scored = [
            (len(left) * _specificity(k, background) + 0.03 * k.count(" "), k, left)
            for k, carriers in about.items()
            if len(left := [pid for pid in carriers if pid in free]) >= MIN_DIRECTION
            and not any(_same_thing(k, t) for t in taken)
        ]
        if not scored:
            break
        _, key, members = max(scored, key=lambda s: (s[0], s[1]))
        taken.append(key)
        spellings = [stems[pid][key] for pid in members if key in stems[pid]]
        if spellings:  # spelled as the members' abstracts spell it, so the name cites them (a title is not quoted)
            groups.append((facts.most_common_spelling(spellings), members))
            free -= set(members)
    return sorted(groups, key=lambda g: (-len(g[1]), ids.index(g[1][0])))


def _rare(word: str, background: Background) -> bool:
    """A single word few of the corpus's papers use ("jailbreak", "exomoon"), so it names a topic, unlike "constraints".

    Counted in both numbers ("constraint" and "constraints"): the rarer form alone says nothing.
    """
    forms = {word, _stem(word), _stem(word) + "s", _stem(word) + "es"}
    return " " not in word and max(background.word_df.get(f, 0) for f in forms) <= max(
        RARE_MIN, RARE_SHARE * background.papers
    )


def _is_term(spelling: str) -> bool:
    """Two or more words, or an acronym or name ("LoRA", "3D"); a hyphenated word alone is mostly a modifier ("post-training").

    A capital that only starts a sentence ("Maximum") makes no name.
    """
    return " " in spelling or sum(c.isupper() for c in spelling) >= 2 or any(c.isdigit() for c in spelling)


def _single_word_topic(spelling: str, background: Background) -> bool:
    """One rare, unhyphenated, lower-case word (see _rare): "inpainting", "exomoon"; not "Low-dose", "Maximum"."""
    return spelling.islower() and "-" not in spelling and _rare(spelling, background)


def _names_a_topic(spelling: str) -> bool:
    """Not a quantity ("mass-loss rate", "r_500"), nor a field's acronym ("LLMs", "CNNs"), and ending in a noun."""
    last = _stem(spelling.split()[-1].lower())
    return (
        spelling not in _WORDS.field_acronyms
        and "_" not in spelling
        and last not in _WORDS.measure_heads
        and vocab.ends_in_noun(spelling)
    )


_TOOLS = frozenset(t.casefold() for t in _WORDS.tools)


def _is_tool(spelling: str) -> bool:
    """An instrument, survey, simulation suite or backbone ("TESS", "SIMBA", "U-Net"), or one with a data release
    ("Gaia DR3"): what papers use, so a group named by it joins papers on unrelated questions."""
    words = spelling.split()
    return spelling.casefold() in _TOOLS or (len(words) == 2 and words[0].casefold() in _TOOLS and words[1][:2] == "DR")


def _concentrated(key: str, carriers: int, background: Background) -> bool:
    """The group holds a good part of the corpus's papers that use the phrase's rarest word (a quarter or more).

    "Large language models" in a quantization theme is a word of the whole field,
    not what sets six of its papers apart; "XRISM" is used by few papers, most of them here.
    """
    rarest = min((background.word_df.get(w, 0) for w in facts.words_in(key)), default=0)
    return rarest <= CONCENTRATION * carriers


def sub_directions(
    theme: Theme, papers: Mapping[str, Paper], background: Background, said: Mapping[str, Contribution | None]
) -> tuple[SubDirection, ...]:
    """The theme's groups (see _topic_groups) with what some of their papers do (`said`); the papers no group takes come last."""
    out = [
        SubDirection(phrase, tuple(members), quoted)
        for phrase, members in _topic_groups(theme, papers, background)
        if (quoted := _quoted(members, said, QUOTED_PER_GROUP))
    ]  # a group none of whose papers says what it does tells a reader only a word: its papers stay with the others
    named = {pid for d in out for pid in d.paper_ids}
    if others := [pid for pid in theme.paper_ids if pid not in named]:
        limit = QUOTED_UNNAMED if out else QUOTED_UNGROUPED
        out.append(SubDirection(None, tuple(others), _quoted(others, said, limit)))
    return tuple(out)


def _quoted(ids: Sequence[str], said: Mapping[str, Contribution | None], limit: int) -> tuple[Contribution, ...]:
    """The contributions of the first `limit` of the papers (central first) that say what they do, no clause twice."""
    found: list[Contribution] = []
    for pid in ids:
        if (c := said[pid]) is not None and all(c.clause != f.clause for f in found):
            found.append(c)
        if len(found) == limit:
            break
    return tuple(found)


def departures(theme: Theme, papers: Mapping[str, Paper], limit: int = 3) -> tuple[Citation, ...]:
    """Where the theme's papers say how they depart from other approaches ("Unlike prior methods that ..."), central first."""
    found = []
    for pid in theme.paper_ids:
        if (sentence := contributions.departure(papers[pid].abstract)) is not None:
            found.append(Citation(sentence, pid))
        if len(found) == limit:
            break
    return tuple(found)


def problem(theme: Theme, papers: Mapping[str, Paper], limit: int = 5) -> Citation | None:
    """The motivating sentence of a central, on-topic paper: what the theme's papers set out to solve.

    From the `limit` papers closest to the theme's centre; on topic: it uses two
    or more of the theme's keywords (more beat fewer), else the section opens with
    none, since one paper's problem is not its theme's; then one that opens its
    abstract (a later one often answers an argument the reader has not seen);
    among equals, the paper closest to the theme's centre.
    """
    words = {w for k in (theme.label, *theme.keywords) for w in re.findall(r"[a-z][a-z0-9-]{3,}", k.lower())}
    best: tuple[tuple[int, bool, int], Citation] | None = None
    for rank, pid in enumerate(theme.paper_ids[:limit]):
        said = contributions.motivation(papers[pid].abstract)
        if said is None:
            continue
        low = said.lower()
        opens = papers[pid].abstract.startswith(said) or split_sentences(papers[pid].abstract)[1:2] == [said]
        key = (-min(3, sum(1 for w in words if w in low)), not opens, rank)
        if key[0] <= -2 and (best is None or key < best[0]):
            best = (key, Citation(said, pid))
    return best[1] if best else None


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
    """The state of the art: per benchmark, metric and unit that two or more papers report a level on, the best level.

    Only levels compare ("reaches 92.1% accuracy on GSM8K"); a gain is against
    each paper's own baseline, so it never makes a state of the art.
    """
    by_key: dict[tuple[str, str, str | None], list[Headline]] = {}
    for pid in theme.paper_ids:
        for h in found.get(pid, ()):
            if h.role != "result" or h.number is None or not (h.dataset and h.metric) or _is_gain(h):
                continue
            if h.dataset not in h.sentence or h.metric not in h.sentence:
                continue  # a name the extractor rebuilt ("X (CIA) score" -> "X score") is not quoted
            by_key.setdefault((h.dataset.lower(), h.metric.lower(), h.unit), []).append(h)
    rows = []
    for (_, metric, _), claims in by_key.items():
        reporting = tuple(dict.fromkeys(h.paper_id for h in claims))
        if len(reporting) < 2:
            continue
        best = _strongest(claims, metric)
        rows.append(
            BestResult(
                dataset=best.dataset,
                metric=best.metric,
                headline=best,
                reporting=reporting,
                excerpt=excerpt(best.sentence, best.value),
            )
        )
    rows.sort(key=lambda r: (-len(r.reporting), (r.dataset or "").lower(), (r.metric or "").lower()))
    return tuple(rows[:MAX_RESULTS])


def strong_claims(theme: Theme, found: Mapping[str, tuple[Headline, ...]], limit: int = 2) -> tuple[Citation, ...]:
    """Whole sentences in which a paper claims a result against a named baseline, from different papers, central first.

    Quoted whole (MAX_CLAIM_WORDS at most), so the baseline and the conditions stay
    with the number; a claim with a metric and a benchmark comes before one without.
    """
    ranked = sorted(
        (
            (not h.dataset, rank, h.sentence, h.paper_id)
            for rank, pid in enumerate(theme.paper_ids)
            for h in found.get(pid, ())
            if h.role == "result" and h.comparator and h.metric and len(h.sentence.split()) <= MAX_CLAIM_WORDS
        )
    )
    picked: list[Citation] = []
    for _, _, sentence, pid in ranked:
        if all(c.paper_id != pid for c in picked):
            picked.append(Citation(sentence.rstrip(".").rstrip(), pid))
        if len(picked) == limit:
            break
    return tuple(picked)


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


def open_problems(theme: Theme, read: Mapping[str, PaperFacts], limit: int = 2, said: str = "") -> tuple[Citation, ...]:
    """The sentences that name an unsolved problem most plainly, from different papers, central papers first on ties.

    A sentence the section already quotes (`said`: its opening problem) is not repeated.
    """
    candidates = []
    for rank, pid in enumerate(theme.paper_ids):
        for position, (score, sentence) in enumerate(read[pid].open_problems):
            if sentence not in said:
                candidates.append((-score, rank, position, sentence, pid))
    picked: list[Citation] = []
    for _, _, _, sentence, pid in sorted(candidates):
        sentence = _ENUMERATOR.sub("", sentence)
        if all(c.paper_id != pid for c in picked):
            picked.append(Citation(text=sentence, paper_id=pid))
        if len(picked) == limit:
            break
    return tuple(picked)


def compared(
    ids: Sequence[str],
    papers: Mapping[str, Paper],
    said: Mapping[str, Contribution | None],
    read: Mapping[str, PaperFacts],
    field: vocab.Field,
) -> tuple[Compared, ...]:
    """The comparison table of the papers no group names (`ids`, central first): for the first MAX_COMPARED that say
    what they do, what kind of work each is, its contribution and the benchmarks it names, like kinds together;
    MIN_COMPARED rows or none.

    Side by side, a reader sees where the papers differ (a benchmark against a
    method, a study of existing systems against both) without a sentence that
    claims more than each abstract does: every cell is the paper's own words.  No
    result column: a number read without its benchmark or direction misled blind
    readers (a 40x reduction read as a 40x rate), and the headline table has them.
    """
    kinds = vocab.work_kinds(field.key)
    order = {k.name: i for i, k in enumerate(kinds)}
    rows = [
        Compared(
            contribution=c,
            kind=contributions.kind_of(c, papers[c.paper_id].abstract, kinds, papers[c.paper_id].title or ""),
            data=tuple(read[c.paper_id].benchmarks.values())[:MAX_DATA] if field.named_benchmarks else (),
        )
        for c in _quoted(ids, said, MAX_COMPARED)
    ]
    rows.sort(key=lambda r: order.get(r.kind or "", len(order)))  # like with like: benchmarks, then methods, ...
    return tuple(rows) if len(rows) >= MIN_COMPARED else ()


def synthesize_theme(
    theme: Theme,
    papers: Mapping[str, Paper],
    found: Mapping[str, tuple[Headline, ...]],
    background: Background,
    field: vocab.Field | None = None,
) -> Synthesis:
    """The theme's section: its problem, its groups and what their papers do, how they differ, the state of the art.

    Read against the corpus's `background` (one time grain for all themes, so
    they compare) in the words of the corpus's `field` (machine learning's "benchmark"
    when none is given).  The census (dates, shared benchmarks) comes last.
    """
    field = field or vocab.field_profile(vocab.FIELDS[0])
    said = {
        pid: contributions.contribution(pid, papers[pid].abstract, papers[pid].title or "") for pid in theme.paper_ids
    }
    directions = sub_directions(theme, papers, background, said)
    others = next((d for d in directions if d.phrase is None), None)
    rows = compared(others.paper_ids, papers, said, background.facts, field) if others else ()
    benchmarks, metrics = evaluation(theme, background.facts)
    results = best_results(theme, found)
    opening = problem(theme, papers)
    problems = open_problems(theme, background.facts, said=opening.text if opening else "")
    time, periods = prose.time_statement(theme, papers, background.grain)
    statements = [
        prose.problem_statement(opening),
        prose.directions_statement(theme, directions),
        *(
            prose.compared_statement(d, rows, len(directions))
            if d is others and rows
            else prose.approach_statement(d, len(directions))
            for d in directions
        ),
        *(prose.difference_statement(d) for d in contrasts.differences(theme.paper_ids, papers, said, field.key)),
        prose.departures_statement(departures(theme, papers)),
        prose.state_statement(results, () if results else strong_claims(theme, found), field.dataset_noun),
        prose.open_statement(problems),
        time,
        prose.evaluation_statement(benchmarks, field.dataset_noun) if field.named_benchmarks else None,
    ]
    return Synthesis(
        compared=rows,
        directions=directions,
        benchmarks=benchmarks,
        metrics=metrics,
        results=results,
        periods=periods,
        open_problems=problems,
        statements=tuple(s for s in statements if s is not None),
    )
