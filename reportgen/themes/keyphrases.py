"""Keyphrases: the words and 2-4 word phrases a theme's keywords and label are drawn from.

Pure text processing; BERTopic receives `vectorizer()` as its CountVectorizer.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any, Iterable

from reportgen import vocab
from reportgen.config import ThemeSettings

_WORDS = vocab.load()
# Research boilerplate: never a keyword on its own and never the start of a
# keyphrase, but allowed to end one ("diffusion models", "reinforcement learning").
DOMAIN_STOP_WORDS = _WORDS.boilerplate | _WORDS.keyword_noise
# Boilerplate words that may still head a keyphrase: "diffusion models", "contrastive learning".
HEAD_NOUNS = _WORDS.head_nouns
# Keeps hyphenated terms whole: "text-to-image", "few-shot", "KV-cache".
TOKEN = re.compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*")
_POSSESSIVE = re.compile(r"(?<=\w)['\u2019]s\b")  # "agent's" -> "agent", not the phrase "agent s"
_CLAUSE_BREAK = re.compile(r"[.,;:!?()\[\]{}\"\u201c\u201d/]|\s-\s|\s\u2013\s")


# Words that praise or hedge rather than describe ("consistently outperforms",
# "quickly", "training-free boosting"): never part of a keyword.
CLAIM_WORDS = _WORDS.claim_words
# Compounds that say how a method works, not what it is about ("training-free", "LLM-based", "data-aware"):
# the example's "-free" titles made a theme of their own.  Treated like a function word.
MANNER_SUFFIXES = tuple(f"-{s}" for s in _WORDS.manner_suffixes)
_HYPHEN_SPLIT = re.compile(r"\b([a-z]{2,})-([a-z]{2,})\b")


def dehyphenation_map(docs: Iterable[str]) -> dict[str, str]:
    """Line-break hyphens left in abstracts ("neu-ral") -> the word ("neural") when the corpus has it whole.

    Real compounds ("text-to-image", "few-shot") stay, because their joined form
    ("fewshot") does not occur in the corpus.
    """
    lowered = [d.lower() for d in docs]
    words = Counter(w for d in lowered for w in re.findall(r"[a-z]+", d))
    out = {}
    for d in lowered:
        for left, right in _HYPHEN_SPLIT.findall(d):
            if words.get(left + right, 0) >= 2 and words.get(left, 0) <= words.get(left + right, 0):
                out[f"{left}-{right}"] = left + right
    return out


class PhraseAnalyzer:
    """Words and 2-3 word keyphrases that read as phrases.

    scikit-learn drops stop words before forming n-grams, so "large language
    models (LLMs)" yields the non-phrase "language llms".  Here n-grams are
    formed first, never across punctuation, and kept only if they neither start
    nor end with a function word ("of" may sit inside: "mixture of experts").
    """

    def __init__(
        self,
        english: frozenset[str],
        domain: frozenset[str],
        max_words: int = 4,
        dehyphen: dict[str, str] | None = None,
    ) -> None:
        self.english, self.domain, self.max_words = english | CLAIM_WORDS, domain, max_words
        self.dehyphen = dehyphen or {}

    def __call__(self, doc: str) -> list[str]:
        terms: list[str] = []
        for clause in _CLAUSE_BREAK.split(_POSSESSIVE.sub("", doc.lower())):
            tokens = [self.dehyphen.get(t, t) for t in TOKEN.findall(clause)]
            tokens = [t if not t.endswith(MANNER_SUFFIXES) else "the" for t in tokens]  # "the": breaks any phrase
            for i, first in enumerate(tokens):
                if first in self.english or first in self.domain or len(first) < 2:
                    continue
                if len(first) > 2:
                    terms.append(first)
                for n in range(2, self.max_words + 1):
                    gram = tokens[i : i + n]
                    if len(gram) < n or any(t in self.english and t != "of" for t in gram[1:]):
                        break
                    if gram[-1] != "of" and (gram[-1] not in self.domain or gram[-1] in HEAD_NOUNS):
                        terms.append(" ".join(gram))
        return terms


def analyzer(
    settings: ThemeSettings,
    docs: list[str],
    max_words: int = 4,
    broad: bool = False,
    dehyphen: dict[str, str] | None = None,
) -> PhraseAnalyzer:
    """The phrase analyzer of a corpus: the settings' stop words, line-break hyphens joined as the corpus spells them.

    `broad`: for chapter names, which may use the words too common to name a
    theme ("language models", "images"): only research boilerplate is left out.
    `dehyphen`: the corpus's map when already made (dehyphenation_map reads every text).
    """
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    domain = (_WORDS.boilerplate if broad else DOMAIN_STOP_WORDS) | {w.lower() for w in settings.stop_words}
    joined = dehyphenation_map(docs) if dehyphen is None else dehyphen
    return PhraseAnalyzer(frozenset(ENGLISH_STOP_WORDS), frozenset(domain), max_words, joined)


def vectorizer(settings: ThemeSettings, docs: list[str], dehyphen: dict[str, str] | None = None) -> Any:
    """The CountVectorizer BERTopic builds its c-TF-IDF keywords from."""
    from sklearn.feature_extraction.text import CountVectorizer

    min_df = 1 if len(docs) < 50 else max(2, round(len(docs) * 0.0005))  # rare phrases blow up memory on 50k papers
    return CountVectorizer(analyzer=analyzer(settings, docs, dehyphen=dehyphen), min_df=min_df)


def rank_terms(scored: list[tuple[str, float]]) -> list[str]:
    """Terms by c-TF-IDF score, ties broken by the term, the scores read to 9 decimals.

    NumPy picks its log and sum kernels by CPU (AVX-512 or AVX2), which moves
    a score's last bits: two terms with the same counts in a theme ("t2i",
    "texture") swapped places between an AVX-512 Xeon and an AVX2 EPYC. Read
    to 9 decimals, a tie stays a tie, decided on every CPU by the term: the
    longer phrase first ("reinforcement learning" before "reinforcement", which
    occurs wherever it does), then the alphabet.
    """
    ranked = sorted(scored, key=lambda ts: (-round(float(ts[1]), 9), -len(ts[0].split()), ts[0]))
    return [term for term, _ in ranked if term]


def distinct_terms(ranked: list[str], count: int) -> list[str]:
    """The first `count` terms, skipping any whose words are all in a term already kept (or that contains one).

    c-TF-IDF ranks "diffusion", "diffusion models" and "video diffusion models"
    side by side; a reader wants different words.
    """
    kept: list[str] = []
    for term in ranked:
        words = set(term.split())
        if not any(words <= set(k.split()) or set(k.split()) <= words for k in kept):
            kept.append(term)
        if len(kept) == count:
            break
    return kept
