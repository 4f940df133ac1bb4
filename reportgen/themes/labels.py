"""Theme and chapter labels: the noun phrase most of a group's papers share and few other papers carry.

Pure text processing.  A label used to be the best c-TF-IDF keyword, and where
none read as a phrase, two keywords joined by "and" ("Gender and harmful",
both words in 1 of 28 papers).  c-TF-IDF ranks what is frequent in a theme's
text taken as one document, so a phrase that a few papers repeat outranks one
that most papers say once.  Here every candidate is counted in papers: a head
is a 1-3 word phrase that at least COVERED of the group's papers contain
(plural-insensitive), chosen by that share times its log-lift over the rest of
the corpus.  Where the head leaves much of the theme unnamed, or another theme
has it too, facets follow it: "Head: facet, facet".
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass
from typing import Callable, Iterable, Sequence

import numpy as np

from reportgen import vocab

LABEL_WORDS = 3  # a label's head and facets are phrases of at most this many words
COVERED = 0.30  # a head names its group when at least this share of the group's papers contain it
FACET_SHARE = 0.15  # a facet names a part of a theme: at least this share of its papers
FRAGMENT = 0.65  # a word is part of a phrase when one phrase holds this share of its uses: "black" of "black hole"
TOPICAL = 0.05  # a chapter name's papers read alike: mean MiniLM cosine this much above two random papers
FRAGMENT_PAPERS = 3  # a word in fewer papers is too rare to tell
FACET_PAPERS = 3  # and at least this many: a blind reader calls a facet that 1-2 papers carry a wrong label
BROAD = 0.60  # a head carried by fewer of the theme's papers than this gets facets for the rest
MAX_FACETS = 2
HEAD_LIFT = 3.0  # a head is at least three times as common in its group as in the rest of the corpus
SINGLE_LIFT = 5.0
MIN_LIFT = 2.0  # a name is at least twice as common in its group as in the rest of the corpus
SMOOTHING = 0.01  # added to both shares in the lift, so a phrase absent elsewhere does not win on lift alone

_WORDS = vocab.load()
Analyzer = Callable[[str], list[str]]


def stem(word: str) -> str:
    """Plural-insensitive: "models" and "model", "galaxies" and "galaxy", "losses" and "loss" compare equal."""
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("sses", "xes", "ches", "shes")):
        return word[:-2]
    keep = ("ss", "us", "is", "as", "ics", "ous")  # "loss", "corpus", "analysis", "bias", "physics"
    return word[:-1] if word.endswith("s") and not word.endswith(keep) and len(word) > 3 else word


def phrase_key(phrase: str) -> str:
    return " ".join(stem(w) for w in phrase.split())


def nominal(phrase: str, broad: bool = False) -> bool:
    """A phrase that can name a topic: it ends in a noun (heuristically) and is not one vague word.

    No part-of-speech model ships offline, so an adjective is recognised by its
    ending ("-al", "-ive", "-ic", "-ous", "-ed", ...) unless the word list says it
    is a noun ("retrieval", "signal", "metric").
    """
    words = phrase.split()
    last = words[-1]
    never = _WORDS.not_labels if broad else _WORDS.not_labels | _WORDS.broad_labels  # a chapter may be "Images"
    if len(words) == 1 and (last in _WORDS.vague or last in never or last in _WORDS.boilerplate):
        return False
    return vocab.ends_in_noun(phrase)


@dataclass(frozen=True)
class Phrase:
    """A candidate label for one group of papers."""

    key: str  # lowercased, each word singular
    inside: float  # share of the group's papers that contain it
    outside: float  # share of the other papers that contain it
    papers: int = 0  # how many of the group's papers contain it
    topical: bool = True  # the corpus's papers that carry it read alike (PhraseCounts.coherence; chapters only)

    @property
    def lift(self) -> float:
        return (self.inside + SMOOTHING) / (self.outside + SMOOTHING)

    @property
    def score(self) -> float:
        """Share in the group times log-lift over the rest: what most of them say and the rest do not.

        A quarter more per extra word: "Gaussian splatting" over "splatting".
        """
        return self.inside * math.log(self.lift) * (1 + 0.25 * (len(self.key.split()) - 1))


class PhraseCounts:
    """Which phrases each paper's text and title carry (lowercased, singular): two sparse paper x phrase matrices.

    Made once per corpus and analyzer, and read by every question about a
    group of papers (curate.py's themes, labels, chapters): analysing the whole
    corpus for each question took 18 s a question at 20,000 papers.
    `broad`: counts for chapter names, which may be broader words than a theme's.
    """

    def __init__(
        self,
        docs: Sequence[str],
        titles: Sequence[str],
        analyzer: Analyzer,
        broad: bool = False,
        vectors: np.ndarray | None = None,
    ) -> None:
        from scipy.sparse import csr_matrix
        from sklearn.feature_extraction.text import CountVectorizer

        def keys(text: str) -> list[str]:
            return sorted({phrase_key(t) for t in analyzer(text)})

        self.broad, self.size = broad, len(docs)
        texts = CountVectorizer(analyzer=keys, binary=True, dtype=np.int32)
        try:
            self.texts = texts.fit_transform(docs).tocsr()
        except ValueError:  # no paper carries a phrase
            self.texts, self.titles, self.keys = csr_matrix((len(docs), 0), dtype=np.int32), None, np.array([])
            self.in_corpus = np.zeros(0, dtype=np.int64)
            self.verbs: frozenset[str] = frozenset()
            self.fragments: frozenset[str] = frozenset()
            self.vectors: np.ndarray | None = None
            self._coherence: dict[str, float] = {}
            return
        self.keys = texts.get_feature_names_out()
        self.column = texts.vocabulary_
        self.titles = CountVectorizer(analyzer=keys, binary=True, dtype=np.int32, vocabulary=texts.vocabulary_)
        self.titles = self.titles.transform(titles).tocsr()
        self.in_corpus = np.asarray(self.texts.sum(axis=0)).ravel()
        titled = np.asarray(self.titles.sum(axis=0)).ravel()
        self.verbs = title_verbs(titles, titled, self.column)
        self.fragments = fragments(self.keys, self.in_corpus, titled)
        self.vectors, self._coherence = vectors, {}
        self._base = 0.0
        if vectors is not None and len(vectors) > 1:
            total, n = vectors.sum(axis=0), len(vectors)
            self._base = float((total @ total - n) / (n * (n - 1)))

    def coherence(self, key: str) -> float | None:
        """How much more alike the papers carrying `key` read than two random papers: their mean pairwise cosine
        (unit MiniLM vectors) less the corpus's; None without vectors.  Computed when asked, for the few
        phrases that could name a chapter, and kept.

        "KV cache" +0.33, "pose estimation" +0.23; "domain" +0.01, "detection" +0.03,
        "magnetic field" -0.01 (the word is shared by accretion disks, dynamos and
        cloud cores): a word many unrelated papers use names no chapter.
        """
        if self.vectors is None or key not in self.column:
            return None
        if key not in self._coherence:
            rows = self.texts[:, self.column[key]].nonzero()[0]
            total = self.vectors[rows].sum(axis=0)
            size = len(rows)
            alike = (total @ total - size) / (size * (size - 1)) if size > 1 else 1.0
            self._coherence[key] = float(alike - self._base)
        return self._coherence[key]

    def carriers(self, members: Sequence[int], key: str) -> list[int]:
        """The members whose text carries `key`."""
        column = self.texts[list(members)][:, self.column[key]].toarray().ravel()
        return [i for i, n in zip(members, column) if n]


def _topical(coherence: float | None) -> bool:
    return coherence is None or coherence >= TOPICAL


def title_verbs(titles: Sequence[str], titled: np.ndarray, column: dict[str, int]) -> frozenset[str]:
    """Single "-ing" words that open most of the titles carrying them: "Exploring ...", "Enhancing ...".

    They say what a paper does to its topic, not the topic; as a theme's facet
    ("Image detection: exploring") a blind reader called the label wrong.  A
    gerund that names a topic sits after its object ("Multi-Object Tracking",
    "Image Editing") and stays.
    """
    openers = Counter(stem(t.split()[0].lower()) for t in titles if t.split())
    return frozenset(w for w, n in openers.items() if w.endswith("ing") and w in column and 2 * n >= titled[column[w]])


def fragments(keys: np.ndarray, in_corpus: np.ndarray, titled: np.ndarray) -> frozenset[str]:
    """Words and phrases that mostly occur inside one longer phrase: "black" and "supermassive black" (of
    "supermassive black hole"), "machine" ("machine learning"), "computer" ("computer vision").

    Alone they name nothing: a blind reader met a chapter called "Black" and a
    facet "computer" ("Vision models: computer").
    """
    papers = {str(k): int(n) for k, n in zip(keys, in_corpus)}
    widest: dict[str, int] = {}
    for key, n, t in zip(papers, in_corpus, titled):
        words = key.split()
        if t < 2 or not nominal(key):
            continue  # only a phrase that could be a label: "the X effect grows" does not make "X effect" a part
        for size in range(1, len(words)):
            for start in range(len(words) - size + 1):
                part = " ".join(words[start : start + size])
                widest[part] = max(widest.get(part, 0), n)
    return frozenset(k for k, n in widest.items() if papers.get(k, 0) >= FRAGMENT_PAPERS and n >= FRAGMENT * papers[k])


def group_phrases(
    groups: Sequence[Sequence[int]], counts: PhraseCounts, min_share: float = FACET_SHARE
) -> list[list[Phrase]]:
    """Each group's candidate names, best first: phrases in `min_share` of its papers that some of its titles use.

    A title says what its paper is about, in noun phrases; a phrase no title of
    the group uses is how the abstracts talk ("poorly understood", "compare"),
    not what they are about.
    """
    out: list[list[Phrase]] = []
    for members in groups:
        if counts.titles is None or not members:
            out.append([])
            continue
        rows = list(members)
        inside = np.asarray(counts.texts[rows].sum(axis=0)).ravel()
        titled = np.asarray(counts.titles[rows].sum(axis=0)).ravel()
        floor = max(2, min_share * len(rows)) if len(rows) > 2 else 1
        rest = max(1, counts.size - len(rows))
        phrases = [
            Phrase(
                str(counts.keys[k]),
                inside[k] / len(rows),
                (counts.in_corpus[k] - inside[k]) / rest,
                int(inside[k]),
                _topical(counts.coherence(str(counts.keys[k]))),
            )
            for k in np.flatnonzero((inside >= floor) & (titled >= min(2, len(rows))))
            if nominal(str(counts.keys[k]), counts.broad) and counts.keys[k] not in counts.verbs | counts.fragments
        ]
        out.append(sorted((p for p in phrases if p.lift >= MIN_LIFT), key=lambda p: (-p.score, p.key)))
    return out


def names_group(phrase: Phrase) -> bool:
    """A head: most of the group carries it (COVERED), the rest of the corpus far less (HEAD_LIFT; a single
    word, which says less, SINGLE_LIFT), and the papers that carry it read alike (Phrase.topical)."""
    return (
        phrase.inside >= COVERED and phrase.topical and phrase.lift >= (SINGLE_LIFT if _single(phrase) else HEAD_LIFT)
    )


def _single(phrase: Phrase) -> bool:
    """One word: "Image", "Detection" name less than "image editing"; a phrase of two or three words goes first."""
    return " " not in phrase.key


def _words(key: str) -> set[str]:
    """A phrase's words, hyphenated ones taken apart: "star-formation" is "star formation"."""
    return set(key.replace("-", " ").split())


def _overlaps(a: str, b: str) -> bool:
    """One phrase's words inside the other's: "diffusion model" and "video diffusion model" name the same thing."""
    wa, wb = _words(a), _words(b)
    return wa <= wb or wb <= wa


def choose_heads(
    candidates: Sequence[Sequence[Phrase]], reserved: Iterable[str] = (), phrases_first: bool = True
) -> list[Phrase | None]:
    """One head per group, no two alike: the best-scoring (group, phrase) pairs are settled first.

    A group whose every covering phrase another group took shares its best one
    (its facets then tell them apart); a group with no covering phrase gets None.
    """
    taken = list(reserved)
    heads: list[Phrase | None] = [None] * len(candidates)
    pairs = sorted(
        ((p.score, g, p) for g, phrases in enumerate(candidates) for p in phrases if names_group(p)),
        key=lambda item: (phrases_first and _single(item[2]), -item[0], item[1], item[2].key),
    )
    for _, group, phrase in pairs:
        if heads[group] is None and not any(_overlaps(phrase.key, t) for t in taken):
            heads[group] = phrase
            taken.append(phrase.key)
    for group, phrases in enumerate(candidates):
        if heads[group] is None:
            covering = sorted((p for p in phrases if names_group(p)), key=lambda p: phrases_first and _single(p))
            heads[group] = covering[0] if covering else None
    return heads


def facets(head: Phrase | None, phrases: Sequence[Phrase], shared: bool) -> list[Phrase]:
    """Up to MAX_FACETS phrases naming parts of the theme, sharing no word with the head or each other.

    Only where the head leaves a part unnamed: it is one word, fewer than BROAD
    of the papers carry it, or another theme has it too.
    """
    if head is not None and head.inside >= BROAD and not shared and not _single(head):
        return []
    kept: list[Phrase] = []
    used = _words(head.key) if head else set()

    def lift(p: Phrase) -> float:  # telling a theme from one with the same head takes what there is
        return MIN_LIFT if shared or head is None else SINGLE_LIFT if _single(p) else HEAD_LIFT

    for p in sorted(phrases, key=_single):
        words = _words(p.key)
        if p.inside >= FACET_SHARE and p.papers >= FACET_PAPERS and p.lift >= lift(p) and not words & used:
            kept.append(p)
            used |= words
        if len(kept) == MAX_FACETS:
            break
    return kept


def label_themes(
    groups: Sequence[Sequence[int]], docs: Sequence[str], titles: Sequence[str], counts: PhraseCounts
) -> list[str]:
    """A label per group of documents: "Head" or "Head: facet, facet", in the papers' own spelling.

    A theme with no phrase that COVERED of its papers carry is named by its
    best facets alone (curate.dissolve_unnamed sends most such themes to Other
    before they get here); no two labels are the same.
    """
    candidates = group_phrases(groups, counts)
    heads = choose_heads(candidates)
    holders = Counter(h.key for h in heads if h)
    labels: list[str] = []
    named: list[tuple[str, ...]] = []
    for members, head, phrases in zip(groups, heads, candidates):
        parts = [head, *facets(head, phrases, shared=holders[head.key] > 1)] if head else facets(None, phrases, False)
        keys = tuple(p.key for p in parts)
        if not keys or keys in named:  # no name, or another theme's: its most shared phrase no label holds
            spare = next((p for p in phrases if not any(_overlaps(p.key, k[0]) for k in named if k)), None)
            parts, keys = ([spare], (spare.key,)) if spare else (parts, keys)
        named.append(keys)
        texts = _abstracts(members, docs, titles)
        name = ", ".join(surface(p.key, texts) for p in parts).replace(", ", ": ", 1) if parts else "Miscellaneous"
        labels.append(name[:1].upper() + name[1:])
    return labels


@dataclass(frozen=True)
class ChapterName:
    """A chapter's name and what it rests on, for the reader: "the arXiv category cs.CV on 81% of its papers"."""

    name: str
    basis: str


def name_chapters(
    chapters: Sequence[Sequence[int]],
    docs: Sequence[str],
    titles: Sequence[str],
    counts: PhraseCounts,
    categories: Sequence[Sequence[str]] = (),
    avoid: Sequence[Iterable[str]] = (),
) -> list[ChapterName | None]:
    """What each chapter's papers share: a subject category the records carry, else their most shared phrase.

    `counts`: made with `broad=True` and the broad analyzer (keyphrases.analyzer).

    `avoid[c]`: the labels of chapter c's own themes; a chapter is never named
    after one as narrow as them, nor after another chapter's name.  None where
    no phrase is left.
    """
    by_category = category_names(chapters, categories) if categories else [None] * len(chapters)
    reserved = [_words(phrase_key(a.split(":")[0].lower())) for labels in avoid for a in labels]
    candidates = [  # never as narrow as a theme's head: "Images" over "Text-to-image generation", not "Diffusion models"
        [p for p in phrases if not any(r <= _words(p.key) for r in reserved)] if by_category[c] is None else []
        for c, phrases in enumerate(group_phrases(chapters, counts))
    ]
    heads = choose_heads(candidates, reserved=[n.name.lower() for n in by_category if n], phrases_first=False)
    names: list[ChapterName | None] = []
    taken = [h.key for h in heads if h is not None]
    for c, members in enumerate(chapters):
        # No phrase names it by choose_heads' test: the most shared topical phrase that COVERED of its papers carry
        # and no other chapter's name repeats ("Image" beside "Images" was two chapters); else it has no name
        # ("Subgraph" on 17% of two themes), and the caller merges or sets it aside (themes.named_groups).
        spare = (
            p
            for p in candidates[c]
            if p.inside >= COVERED and p.topical and not any(_overlaps(p.key, t) for t in taken)
        )
        head = heads[c] or next(spare, None)
        if heads[c] is None and head is not None:
            taken.append(head.key)
        if by_category[c] or head is None:
            names.append(by_category[c])
            continue
        name = surface(head.key, _abstracts(members, docs, titles))
        basis = f"“{name}” in {head.inside:.0%} of its papers ({head.lift:.1f} times as often as in the other papers)"
        names.append(ChapterName(name[:1].upper() + name[1:], basis))
    return names


SPARE_THEMES = 3  # an unnamed chapter of this many themes stays one ("Further themes") instead of merging

CATEGORY_SHARE = 0.5  # a category names a chapter when at least half its papers carry it


def category_names(chapters: Sequence[Sequence[int]], categories: Sequence[Sequence[str]]) -> list[ChapterName | None]:
    """Each chapter's most distinctive subject category, readable ("cs.CV" -> "Computer vision"), none twice.

    Larger chapters choose first.  A category names a chapter when at least
    CATEGORY_SHARE of its papers carry it and it is 1.5 times as common there
    as in the rest of the corpus.
    """
    total = Counter(c for cats in categories for c in set(cats))
    names: list[ChapterName | None] = [None] * len(chapters)
    used: set[str] = set()
    for c in sorted(range(len(chapters)), key=lambda c: (-len(chapters[c]), c)):
        members = chapters[c]
        inside = Counter(cat for i in members for cat in set(categories[i]))
        rest = max(1, len(categories) - len(members))
        options = sorted(
            (Phrase(cat, n / len(members), (total[cat] - n) / rest) for cat, n in inside.items() if cat not in used),
            key=lambda p: (-p.score, p.key),
        )
        best = next((p for p in options if p.inside >= CATEGORY_SHARE and p.inside > 1.5 * p.outside), None)
        if best is not None:
            used.add(best.key)
            name = vocab.category_name(best.key)
            code = f"{best.key} ({name})" if name != best.key else f"“{name}”"
            names[c] = ChapterName(name, f"the subject category {code} on {best.inside:.0%} of its papers")
    return names


def surface(key: str, docs: Sequence[str]) -> str:
    """The phrase as the papers most often write it inside a sentence: "KV cache", "galaxy clusters".

    Singular or plural as most of them say it.  Capitals stay where every word
    has them (a name: "Gaussian Splatting", "Pulsar Timing Array") and in
    acronyms ("LLMs", "DR2"); "interstellar Object" (from "interstellar Object
    3I/ATLAS") is "interstellar object".
    """
    phrase = r"\s+".join(_plural_insensitive(w) for w in key.split())
    inside = re.compile(rf"(?<=[a-z,] )((?i:{phrase}))(?![\w-])")
    found = Counter(re.sub(r"\s+", " ", m.group(1)) for d in docs for m in inside.finditer(d))
    named = bool(found)  # only at the start of sentences or in titles: no telling a name from title case
    if not found:
        anywhere = re.compile(rf"(?i)(?<![\w-]){phrase}(?![\w-])")
        found = Counter(re.sub(r"\s+", " ", m.group(0)) for d in docs for m in anywhere.finditer(d))
    if not found:
        return key
    best = max(sorted(found.items()), key=lambda kv: kv[1])[0]
    words = best.split()
    if named and all(w[:1].isupper() for w in words):
        return best
    return " ".join(w if any(c.isupper() for c in w[1:]) else w.lower() for w in words)


def _abstracts(members: Sequence[int], docs: Sequence[str], titles: Sequence[str]) -> list[str]:
    """The texts without their titles, whose Title Case would pass for names."""
    return [docs[i][len(titles[i]) :] if titles[i] and docs[i].startswith(titles[i]) else docs[i] for i in members]


def _plural_insensitive(word: str) -> str:
    if word.endswith("y") and len(word) > 3:
        return re.escape(word[:-1]) + "(?:y|ies)"
    return re.escape(word) + "(?:s|es)?"
