"""Word lists as data: the vocabularies the summaries, theme keywords and headline numbers are read with.

One TOML file per kind of text: english.toml (function words, the grammar of
metric phrases), research.toml (research prose of every field: boilerplate,
claims, measure nouns) and one file per field (machine-learning.toml: its
benchmarks, metrics and over-common words).  A list of one name in several
files is their union, in file order, so a field adds to the research words and
never edits them.  A new field is a new file here, not an edit of a module.
"""

from __future__ import annotations

import functools
import tomllib
from dataclasses import dataclass, fields
from importlib import resources
from typing import Any

BASE = ("english", "research")
CATEGORIES = "categories.toml"  # a table of names, not word lists: read by category_name() alone
DEFAULT_FIELDS = ("machine-learning",)


@dataclass(frozen=True)
class Vocabulary:
    """Every list the text analysis reads, merged over the base files and the fields' files."""

    stop_words: frozenset[str]
    boilerplate: frozenset[str]
    phrase_edges: frozenset[str]
    keyword_noise: frozenset[str]
    head_nouns: frozenset[str]
    claim_words: frozenset[str]
    vague: frozenset[str]
    field_acronyms: frozenset[str]
    function_words: frozenset[str]
    change_nouns: frozenset[str]
    modifiers: frozenset[str]
    verb_nouns: frozenset[str]
    entities: frozenset[str]
    benchmarks: tuple[str, ...]  # in the files' order: the first spelling of a name wins
    not_benchmarks: frozenset[str]
    metrics: tuple[str, ...]
    measure_heads: frozenset[str]
    lower_is_better: frozenset[str]
    vague_metrics: frozenset[str]
    adjective_endings: tuple[str, ...]  # a label never ends in a word with one of these endings ...
    nouns_like_adjectives: frozenset[str]  # ... unless it is one of these nouns ("retrieval", "metric")
    not_labels: frozenset[str]  # single words too vague to name a theme or chapter alone
    broad_labels: frozenset[str]  # single words that may name a chapter, not a theme
    manner_suffixes: tuple[str, ...]  # "-free", "-based": compounds that say how, not what


# Where each list sits in a file: (table, key); "" is the top level.
_PLACES = {
    "function_words": ("phrases", "function_words"),
    "change_nouns": ("phrases", "change_nouns"),
    "modifiers": ("phrases", "modifiers"),
    "verb_nouns": ("phrases", "verb_nouns"),
    "entities": ("phrases", "entities"),
    "benchmarks": ("benchmarks", "known"),
    "not_benchmarks": ("benchmarks", "not_names"),
    "metrics": ("metrics", "names"),
    "measure_heads": ("metrics", "measure_heads"),
    "lower_is_better": ("metrics", "lower_is_better"),
    "vague_metrics": ("metrics", "vague"),
    "adjective_endings": ("labels", "adjective_endings"),
    "nouns_like_adjectives": ("labels", "nouns_like_adjectives"),
    "not_labels": ("labels", "not_labels"),
    "broad_labels": ("labels", "broad_labels"),
    "manner_suffixes": ("labels", "manner_suffixes"),
}


def _place(name: str) -> tuple[str, str]:
    return _PLACES.get(name, ("", name))


@functools.cache
def load(field_names: tuple[str, ...] = DEFAULT_FIELDS) -> Vocabulary:
    """The merged vocabulary of the base files and the named fields (cached: the files never change in a run)."""
    files = [_read(name) for name in (*BASE, *field_names)]
    merged: dict[str, Any] = {}
    for f in fields(Vocabulary):
        table, key = _place(f.name)
        words = [w for data in files for w in (data.get(table, {}) if table else data).get(key, [])]
        merged[f.name] = tuple(dict.fromkeys(words)) if f.type.startswith("tuple") else frozenset(words)
    return Vocabulary(**merged)


@functools.cache
def _categories() -> dict[str, str]:
    return dict(tomllib.loads(resources.files(__package__).joinpath(CATEGORIES).read_text(encoding="utf-8"))["arxiv"])


def category_name(category: str) -> str:
    """A subject category as a reader says it: arXiv's "cs.CV" -> "Computer vision"; any other label as it is."""
    return _categories().get(category, category)


def _read(name: str) -> dict[str, Any]:
    """One vocabulary file; every list must be one this module knows, so a typo fails at once."""
    data = tomllib.loads(resources.files(__package__).joinpath(f"{name}.toml").read_text(encoding="utf-8"))
    known = {_place(f.name) for f in fields(Vocabulary)}
    keys = [(t, k) for t, v in data.items() if isinstance(v, dict) for k in v] + [
        ("", t) for t, v in data.items() if not isinstance(v, dict)
    ]
    unknown = [f"{t}.{k}" if t else k for t, k in keys if (t, k) not in known]
    if unknown:
        raise ValueError(f"vocabulary {name}.toml: unknown list {', '.join(unknown)}")
    return data
