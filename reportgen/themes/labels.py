"""Theme labels and slugs: a short name in the papers' own casing, distinct from every other theme's.

Pure: keywords + the theme's documents -> label.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from typing import AbstractSet, Callable, Sequence


def phrase_share(term: str, lowered_docs: Sequence[str]) -> float:
    """Share of documents containing `term` as whole words ("agent s" is not in "agent skills")."""
    whole = re.compile(rf"(?<![\w-]){re.escape(term)}(?![\w-])")
    return sum(1 for d in lowered_docs if term in d and whole.search(d)) / max(1, len(lowered_docs))


def label_candidates(keywords: Sequence[str], docs: Sequence[str], corpus_share: Callable[[str], float]) -> list[str]:
    """Keyphrases of 2-4 words first (they read as labels), then single words; each group by distinctiveness.

    KeyBERTInspired ranks by similarity to the theme, which favours phrases every
    paper uses ("pre-trained models"); a label should name what the theme's
    papers share and the rest do not: share in theme x log(lift over the corpus).
    """
    lowered = [d.lower() for d in docs]

    def score(term: str) -> float:
        inside = phrase_share(term, lowered)
        outside = max(corpus_share(term), 1e-6)
        return inside * math.log(inside / outside) if inside >= 0.15 and inside > outside else 0.0

    ranked = sorted(keywords, key=lambda k: (-score(k), keywords.index(k)))
    phrases = [k for k in ranked if 2 <= len(k.split()) <= 4]
    return phrases + [k for k in ranked if len(k.split()) == 1]


TOP_KEYWORDS = 5  # a label shares a word with one of a theme's first five keywords


def make_label(
    keywords: Sequence[str],
    docs: Sequence[str],
    taken: AbstractSet[str] = frozenset(),
    corpus_share: Callable[[str], float] = lambda _: 0.0,
) -> str:
    """A 2-5 word label in the casing the papers use ("KV cache compression"), distinct from `taken`.

    Prefers the best keyphrase; a phrase contained in an already used label, or
    containing one, counts as taken, so sibling themes don't share a name.
    """

    def free(label: str) -> bool:
        low = label.lower()
        return not any(low in t or t in low for t in taken)

    candidates = label_candidates(keywords, docs, corpus_share)
    # The label names what the keywords say: a keyphrase among the top keywords, else a phrase sharing
    # a word with them, else the top keyword.
    top = keywords[:TOP_KEYWORDS]
    top_words = {w for k in top for w in k.split()}
    lowered = [d.lower() for d in docs]
    on_topic = [k for k in top if len(k.split()) > 1] + [
        c for c in candidates if len(c.split()) > 1 and top_words & set(c.split())
    ]
    on_topic = [c for c in on_topic if phrase_share(c, lowered) > 0]
    chosen = next((c for c in on_topic if free(c)), None) or next((k for k in keywords[:TOP_KEYWORDS] if free(k)), None)
    chosen = chosen or next((c for c in candidates if free(c)), None)
    if chosen is None or len(chosen.split()) == 1:
        singles = [c for c in candidates if len(c.split()) == 1 and free(c) and c != chosen]
        first = chosen or (singles.pop(0) if singles else (candidates[0] if candidates else "miscellaneous"))
        partner = next((w for w in singles if w not in first), None)
        chosen = f"{first} and {partner}" if partner else first
    label = " ".join(_surface_form(w, docs) for w in chosen.split())
    return label[:1].upper() + label[1:]


def _surface_form(word: str, docs: Sequence[str]) -> str:
    """The most common spelling of a lowercased word in the documents: keeps "LLM", "KV", "LoRA"."""
    if word in ("and", "of"):
        return word
    found = Counter(m.group(0) for d in docs for m in re.finditer(rf"(?i)(?<![\w-]){re.escape(word)}(?![\w-])", d))
    if not found:
        return word
    best = max(sorted(found.items()), key=lambda kv: kv[1])[0]
    acronym = any(any(c.isupper() for c in part[1:]) for part in best.split("-"))  # LoRA, KV, LLMs; not In-Context
    return best if acronym else best.lower()


def claimed_phrases(keywords_per_theme: Sequence[Sequence[str]]) -> list[str | None]:
    """First pass: a theme whose top keywords hold a keyphrase claims it before any theme borrows it.

    Labelling theme by theme let a large theme take "scaling law" from a shared
    word while the theme whose first keyword is "scaling laws" was left with a
    misfit.  Later themes skip a phrase an earlier one claimed.
    """
    taken: set[str] = set()
    out: list[str | None] = []
    for keywords in keywords_per_theme:
        phrase = next(
            (k for k in keywords[:TOP_KEYWORDS] if len(k.split()) > 1 and not any(k in t or t in k for t in taken)),
            None,
        )
        if phrase:
            taken.add(phrase)
        out.append(phrase)
    return out
