"""Facts a synthesis is written from: benchmarks, metrics, keyphrases and "open problem" sentences.  Pure.

Every fact is returned as it is spelled in the abstract it comes from, so a
sentence that names it and cites that abstract is traceable by construction.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from reportgen import vocab
from reportgen.model import Paper
from reportgen.strings import split_sentences
from reportgen.summarize.names import method_name

_WORDS = vocab.load()

KNOWN_BENCHMARKS = _WORDS.benchmarks  # matched case-sensitively
_KNOWN = re.compile(
    r"(?<![\w-])("
    + "|".join(sorted((re.escape(b) for b in KNOWN_BENCHMARKS), key=len, reverse=True))
    + r")(?![\w-]|\+)"
)
# A name right before "benchmark" or "dataset": "the LoCoMo benchmark", "on our new VidHal dataset".
_NAMED = re.compile(
    r"(?<![\w-])((?:[A-Z][A-Za-z]*[A-Z0-9][\w-]*|[A-Z]{2,}[\w-]*|[A-Z][a-z]+-[A-Z0-9][\w-]*)(?:[- ][A-Z0-9][\w]*)?)\s+(?:benchmarks?|datasets?|suite|leaderboard|corpus)\b"
)
_DESCRIPTIVE = re.compile(
    r"-(?:based|style|like|driven|scale|level|specific|related|generated|aware|oriented|guided|centric|free|only|annotated|labeled|labelled)$|-$"
)  # "LLM-based benchmark" describes, it does not name
_SHORT_ACRONYM = re.compile(r"[A-Z]{1,3}")  # "NAS benchmarks", "QA datasets": a task, not a benchmark's name
_NOT_BENCHMARKS = _WORDS.not_benchmarks

METRICS = _WORDS.metrics  # the key is the lower-cased form; the display is the spelling the papers use
_METRIC = re.compile(
    r"(?<![\w@-])(" + "|".join(sorted((re.escape(m) for m in METRICS), key=len, reverse=True)) + r")(?![\w-])",
    re.IGNORECASE,
)
_CASED_METRICS = frozenset(
    m for m in METRICS if m.lower() != m
)  # acronyms must keep their case ("Dice", "MAE"), words need not

_OPEN = (  # cue, weight: how plainly the sentence says something is unsolved
    (
        re.compile(
            r"\bremains? (?:an? )?open\b|\bopen (?:problem|question|challenge)s?\b|\bunsolved\b",
            re.IGNORECASE,
        ),
        3.0,
    ),
    (
        re.compile(
            r"\bremains? (?:largely |still |highly |particularly )?(?:unexplored|underexplored|unclear|elusive|challenging|difficult|limited|poorly understood|an? (?:challenge|bottleneck))\b|\blittle (?:is known|attention|work)\b|\bunderexplored\b",
            re.IGNORECASE,
        ),
        2.0,
    ),
    (re.compile(r"^(?:However|Yet|But|Despite|Although|While)\b", re.IGNORECASE), 1.0),
    (re.compile(r"\bfuture (?:work|research|directions?)\b", re.IGNORECASE), 1.0),  # often a paper's own aim
    (re.compile(r"\bhas (?:not|rarely) been\b", re.IGNORECASE), 1.0),  # as often a case report's novelty
    (
        re.compile(
            r"\b(?:struggl|fail|suffer|lack|limitation|bottleneck|prohibitive|impractical|overlook|costly|expensive|difficult|challeng|hinder|unclear)",
            re.IGNORECASE,
        ),
        1.0,
    ),
)
_DISCUSSED = re.compile(
    r"\b(?:are|is|were|will be) (?:discussed|reviewed|outlined|summari[sz]ed|presented)\b", re.IGNORECASE
)
MIN_OPEN_SCORE = 2.0  # a contrast ("However, ...") and a problem word, or one plain "remains open / underexplored"
_OWN_WORK = re.compile(r"\b(?:we|our|this paper|this work|this study|in this)\b", re.IGNORECASE)
_MAX_OPEN_WORDS = 45

_TOKEN = re.compile(r"[A-Za-z0-9][\w-]*[A-Za-z0-9]|[A-Za-z]")
_BREAK = re.compile(r"[.,;:!?()\[\]\"\u201c\u201d]")
STOP_WORDS = _WORDS.stop_words
# Words that say what a paper does, not what it is about: never at either edge of a sub-direction's name.
GENERIC = _WORDS.boilerplate | _WORDS.phrase_edges
# Words too broad to name a group alone, though fine inside a phrase ("diffusion models", "image generation").
VAGUE = _WORDS.vague


def most_common_spelling(spellings: Iterable[str]) -> str:
    counts = Counter(spellings)
    return min(counts, key=lambda s: (-counts[s], s))


def is_descriptive(name: str) -> bool:
    """ "LLM-generated", "GPT-based": a description, not a name."""
    return bool(_DESCRIPTIVE.search(name))


def benchmarks_in(text: str) -> dict[str, str]:
    """Benchmark key (lower case) -> spelling, for every benchmark or dataset the text names."""
    found: dict[str, str] = {}
    for match in list(_KNOWN.finditer(text)) + list(_NAMED.finditer(text)):
        name = match.group(1).strip()
        if (
            name in _NOT_BENCHMARKS
            or _DESCRIPTIVE.search(name)
            or (match.re is _NAMED and _SHORT_ACRONYM.fullmatch(name))
        ):
            continue
        found.setdefault(name.lower(), name)
    return found


def metrics_in(text: str) -> dict[str, str]:
    """Metric key (lower case) -> spelling, for every evaluation metric the text names."""
    found: dict[str, str] = {}
    for match in _METRIC.finditer(text):
        name = match.group(1)
        canonical = next(m for m in METRICS if m.lower() == name.lower())
        if canonical in _CASED_METRICS and name != canonical:
            continue  # "map", "dice", "mae": an ordinary word, not the metric
        found.setdefault(name.lower(), name)
    return found


def usage(named: Mapping[str, Mapping[str, str]]) -> dict[str, tuple[str, tuple[str, ...]]]:
    """Key -> (spelling most papers use, the papers naming it in their order); `named` is paper id -> its names."""
    papers: dict[str, list[str]] = {}
    spellings: dict[str, list[str]] = {}
    for pid, names in named.items():
        for key, spelling in names.items():
            papers.setdefault(key, []).append(pid)
            spellings.setdefault(key, []).append(spelling)
    return {key: (most_common_spelling(spellings[key]), tuple(pids)) for key, pids in papers.items()}


def phrases(text: str, longest: int = 3) -> dict[str, str]:
    """Candidate keyphrases of a text: n-grams (n <= longest) with no stop word, and no generic word at either edge.

    Maps the lower-cased phrase to a spelling that occurs in the text (lower case
    preferred, as written mid-sentence), so a sentence naming it quotes the paper.
    One pass per starting word: this runs over every abstract of every theme.
    """
    found: dict[str, str] = {}

    def add(key: str, spelling: str) -> None:
        if key not in found or (found[key] != key and spelling == key):
            found[key] = spelling

    for chunk in _BREAK.split(text):
        tokens = list(_TOKEN.finditer(chunk))
        low = [t.group(0).lower() for t in tokens]
        stop = [w in STOP_WORDS for w in low]
        bad_edge = [s or w in GENERIC for s, w in zip(stop, low)]
        for i, first in enumerate(low):
            if bad_edge[i]:
                continue
            if len(first) >= 4 and first not in VAGUE and not first.isdigit():
                add(first, tokens[i].group(0))
            digits = first.isdigit()
            for j in range(i + 1, min(i + longest, len(low))):
                if stop[j] or chunk[tokens[j - 1].end() : tokens[j].start()] != " ":
                    break  # a stop word inside, or "00@G": no longer phrase from here
                digits = digits and low[j].isdigit()
                if not bad_edge[j] and not digits:
                    add(" ".join(low[i : j + 1]), chunk[tokens[i].start() : tokens[j].end()])
    return found


def words_in(text: str) -> set[str]:
    """The lower-cased words of a text, for document frequencies."""
    return {w.lower() for w in _TOKEN.findall(text)}


def open_problem_score(sentence: str) -> float:
    """How plainly a sentence names an unsolved problem (0: not at all); statements about the paper's own work score 0."""
    if len(sentence.split()) > _MAX_OPEN_WORDS or is_own_work(sentence):
        return 0.0
    return sum(weight for pattern, weight in _OPEN if pattern.search(sentence))


def is_own_work(sentence: str) -> bool:
    """ "We evaluate ...", "our method", "in this paper": the paper speaking of its own work."""
    return bool(_OWN_WORK.search(sentence))


def names_a_problem(sentence: str) -> bool:
    """A problem word or "remains unexplored" in it: a contrast alone ("Although the object shows activity, ...") is not one."""
    return any(pattern.search(sentence) for pattern, _ in _OPEN if not pattern.pattern.startswith("^"))


def open_problem_sentences(abstract: str) -> list[tuple[float, str]]:
    """(score, sentence) for the sentences that say plainly that something is still unsolved after the paper's work.

    Only after the paper speaks of its own work ("We propose ..."): before it, an
    unsolved problem is the paper's motivation, which the paper then takes on.  A
    plain cue ("remains open", "unexplored", "unclear") is needed: a contrast and a
    problem word alone are as often a result ("However, X substantially reduces ...,
    rather than fundamental limitations"); and a sentence that only announces a
    discussion ("Open questions are discussed") names no problem.
    """
    out = []
    own_work = False
    for sentence in split_sentences(abstract):
        if is_own_work(sentence):
            own_work = True
            continue
        score = open_problem_score(sentence)
        plain = any(pattern.search(sentence) for pattern, weight in _OPEN if weight >= 2)
        if own_work and score >= MIN_OPEN_SCORE and plain and not _DISCUSSED.search(sentence):
            out.append((score, sentence))
    return out


def shared(counts: dict[str, Sequence[str]], minimum: int = 2) -> list[str]:
    """Keys named by at least `minimum` papers, most papers first, then alphabetically."""
    return sorted((k for k, pids in counts.items() if len(pids) >= minimum), key=lambda k: (-len(counts[k]), k))


@dataclass(frozen=True, eq=False)
class PaperFacts:
    """What the synthesis reads of one abstract, read once per paper and shared by every statement that needs it."""

    words: frozenset[str]  # for document frequencies
    phrases: Mapping[str, str]  # candidate keyphrases, key -> spelling
    benchmarks: Mapping[str, str]
    metrics: Mapping[str, str]
    method: str | None  # the paper's named contribution
    open_problems: tuple[tuple[float, str], ...]


def read_facts(paper: Paper) -> PaperFacts:
    text = paper.abstract
    return PaperFacts(
        words=frozenset(words_in(text)),
        phrases=phrases(text),
        benchmarks=benchmarks_in(text),
        metrics=metrics_in(text),
        method=method_name(text),
        open_problems=tuple(open_problem_sentences(text)),
    )
