"""Small text helpers more than one stage needs: sentences and slugs.  Pure, no reportgen imports.

One sentence splitter serves headline extraction, summaries and chunked
embedding, so "a sentence" means the same thing everywhere; one slug rule
names theme pages in the report, the site and the lineage across runs.
"""

from __future__ import annotations

import re
from collections.abc import Collection

_ABBREVIATIONS = re.compile(r"\b(e\.g|i\.e|et al|etc|vs|cf|Fig|Eq|Sec|approx|resp)\.", re.IGNORECASE)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z(\[\"'])")
_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def split_sentences(text: str) -> list[str]:
    """Sentences, not broken at e.g., et al. or decimal points."""
    protected = _ABBREVIATIONS.sub(lambda m: m.group(0).replace(".", "\0"), text)
    return [s.replace("\0", ".").strip() for s in _SENTENCE_END.split(protected) if s.strip()]


SLUG_LENGTH = 60  # a page name stays far below the 255 bytes a file name may have, "-2" suffixes included


def slugify(text: str) -> str:
    """A page name: lower-case ASCII words joined by hyphens, at most SLUG_LENGTH characters ("theme" when nothing is left).

    A label may hold a 300-character token from an abstract; cut at the last
    whole word that fits, or mid-token when one word alone is too long.
    """
    slug = _NOT_SLUG.sub("-", text.lower()).strip("-")
    if len(slug) > SLUG_LENGTH:
        cut = slug[: SLUG_LENGTH + 1].rfind("-")
        slug = slug[: cut if cut > 0 else SLUG_LENGTH].strip("-")
    return slug or "theme"


def unique_slug(slug: str, taken: Collection[str]) -> str:
    """`slug`, or `slug-2`, `slug-3`, ... : the first not in `taken` (the caller records it), never over SLUG_LENGTH."""
    candidate, n = slug, 2
    while candidate in taken:
        suffix = f"-{n}"
        candidate, n = slug[: SLUG_LENGTH - len(suffix)].rstrip("-") + suffix, n + 1
    return candidate


def third_person(verb: str) -> str:
    """ "propose" -> "proposes", "study" -> "studies", "analyse" -> "analyses": the grammar's verb for "one paper"."""
    if verb.endswith("y") and verb[-2:-1] not in "aeiou":
        return verb[:-1] + "ies"
    if verb.endswith(("s", "sh", "ch", "x", "z")):
        return verb + "es"
    return verb + "s"


def title_name(title: str, words: int) -> str:
    """A title's name part, the words before its colon ("EvoAgentX" of "EvoAgentX: An Automated Framework ..."),
    where there are at most `words` of them; else ""."""
    name, colon, _ = title.partition(": ")
    return name.strip() if colon and len(name.split()) <= words else ""


def short_title(title: str, words: int = 6) -> str:
    """A title's name part (title_name), else its first `words` words."""
    if name := title_name(title, words):
        return name
    parts = title.split()
    return " ".join(parts[:words]) + ("\u2026" if len(parts) > words else "")
