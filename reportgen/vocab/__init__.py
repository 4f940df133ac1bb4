"""Word lists as data: the vocabularies the summaries, theme keywords and headline numbers are read with.

One TOML file per kind of text: english.toml (function words, the grammar of
metric phrases), research.toml (research prose of every field: boilerplate,
claims, measure nouns, effect measures) and one file per field
(machine-learning.toml, medicine.toml, economics.toml, astronomy.toml: their
benchmarks or cohorts, metrics and measures).  A list of one name in several
files is their union, in file order, so a field adds to the research words and
never edits them.  A new field is a new file here, not an edit of a module.

Each field file's [field] table says how the field is recognised (`markers`:
words its abstracts use) and what its tables call the place a number was
measured (`dataset_column`: "Benchmark", "Trial / cohort").  Headline numbers
are read with every field's measures at once, since a corpus mixes fields;
`detect_field` picks the words the document uses.
"""

from __future__ import annotations

import functools
import re
import tomllib
from dataclasses import dataclass, fields
from importlib import resources
from typing import Any

BASE = ("english", "research")
CATEGORIES = "categories.toml"  # a table of names, not word lists: read by category_name() alone
FIELDS = ("machine-learning", "medicine", "economics", "astronomy")  # machine learning first: its spellings win
DEFAULT_FIELDS = FIELDS


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
    adjective_endings: tuple[str, ...]  # a label never ends in a word with one of these endings ...
    nouns_like_adjectives: frozenset[str]  # ... unless it is one of these nouns ("retrieval", "metric")
    not_labels: frozenset[str]  # single words too vague to name a theme or chapter alone
    broad_labels: frozenset[str]  # single words that may name a chapter, not a theme
    manner_suffixes: tuple[str, ...]  # "-free", "-based": compounds that say how, not what
    tools: frozenset[str]  # "TESS", "U-Net": instruments, surveys, backbones papers use; never a group's name
    effect_measures: tuple[str, ...]  # named before their estimate: "odds ratio, 0.31", "HR 0.71"
    quantity_units: tuple[str, ...]  # "0.41 kpc", "95 km s^-1": a number with one is a claim
    measured_units: tuple[str, ...]  # "162 cm", "12 mm Hg": a claim only where its sentence measures it (not a dose)
    sample_words: frozenset[str]  # "62% were women": a share that describes the sample, not a finding
    population_nouns: frozenset[str]  # who or where was measured ("patients", "group"): never a metric's head
    bare_heads: frozenset[str]  # "rates", "level": a measure's head alone names no metric
    control_arms: tuple[str, ...]  # "41% in the placebo group": the comparison arm, whose figure is a reference
    setup_sections: frozenset[str]  # "Methods: ... 191 patients": a structured abstract's headings before its results
    contribution_verbs: tuple[str, ...]  # "we propose X": what a paper does, most telling first
    builds: tuple[str, ...]  # ... those that say a paper built something
    findings: tuple[str, ...]  # ... and those that say what it found


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
    "adjective_endings": ("labels", "adjective_endings"),
    "nouns_like_adjectives": ("labels", "nouns_like_adjectives"),
    "not_labels": ("labels", "not_labels"),
    "broad_labels": ("labels", "broad_labels"),
    "manner_suffixes": ("labels", "manner_suffixes"),
    "tools": ("labels", "tools"),
    "effect_measures": ("metrics", "effect_measures"),
    "quantity_units": ("units", "quantities"),
    "measured_units": ("units", "measured"),
    "sample_words": ("phrases", "sample_words"),
    "population_nouns": ("phrases", "population_nouns"),
    "bare_heads": ("phrases", "bare_heads"),
    "control_arms": ("arms", "control"),
    "setup_sections": ("sections", "setup"),
    "contribution_verbs": ("contributions", "verbs"),
    "builds": ("contributions", "builds"),
    "findings": ("contributions", "findings"),
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


def ends_in_noun(phrase: str) -> bool:
    """Heuristically, the phrase ends in a noun: its last word has no adjective ending ("-al", "-ive", "-ible", ...)
    unless the word list says it is a noun ("retrieval", "signal"), and is not a 1-2 letter fragment.

    No part-of-speech model ships offline; this is what labels and group names use instead.
    """
    words = load()
    last = phrase.split()[-1].lower() if phrase.split() else ""
    return len(last) >= 3 and (
        last in words.nouns_like_adjectives or last.endswith("ment") or not last.endswith(words.adjective_endings)
    )


@dataclass(frozen=True)
class Field:
    """How a field is recognised and what its tables call the place a number was measured."""

    key: str  # the file's name: "medicine"
    name: str  # as a reader says it: "medicine", "machine learning"
    dataset_column: str
    dataset_noun: str  # the same in prose: "benchmark", "trial or cohort"
    markers: frozenset[str]
    named_benchmarks: bool = (
        False  # its papers name benchmarks ("GSM8K"); elsewhere a name like "BBH" is an object class
    )


@functools.cache
def field_profile(key: str) -> Field:
    table = _read(key).get("field", {})
    return Field(
        key,
        table["name"],
        table["dataset_column"],
        table["dataset_noun"],
        frozenset(table["markers"]),
        table.get("named_benchmarks", False),
    )


def detect_field(texts: list[str], min_share: float = 0.2) -> Field:
    """The field whose marker words the most abstracts use (two or more markers each); machine learning when none stands out.

    A corpus is read with every field's measures anyway; this only picks the
    words of the document ("Trial / cohort" or "Benchmark").
    """
    words = [set(re.findall(r"[a-z][a-z-]+", t.lower())) for t in texts]
    shares = {key: sum(len(w & field_profile(key).markers) >= 2 for w in words) / max(len(words), 1) for key in FIELDS}
    best = max(FIELDS, key=lambda k: (shares[k], -FIELDS.index(k)))
    return field_profile(best if shares[best] >= min_share else FIELDS[0])


@dataclass(frozen=True)
class WorkKind:
    """A kind of paper (a method, a benchmark, a randomized trial) and the words that tell it, from a [kinds] table."""

    name: str
    head: tuple[str, ...] = ()  # words the clause after "we <verb>" starts with (before "that", "to", ...)
    verbs: frozenset[str] = frozenset()  # the contribution verbs that say it
    abstract: tuple[str, ...] = ()  # phrases the abstract uses anywhere (a study design)
    title: tuple[str, ...] = ()  # words its title uses ("Benchmark", "A Survey of", "Why ...?")


@functools.cache
def work_kinds(field_key: str) -> tuple[WorkKind, ...]:
    """The field's own kinds, then research.toml's, in file order: the first that fits a paper names it."""
    tables = [_read(field_key).get("kinds", {}), _read("research").get("kinds", {})]
    kinds: dict[str, WorkKind] = {}
    for table in tables:
        for name, words in table.items():
            kinds.setdefault(
                name,
                WorkKind(
                    name,
                    tuple(words.get("head", ())),
                    frozenset(words.get("verbs", ())),
                    tuple(words.get("abstract", ())),
                    tuple(words.get("title", ())),
                ),
            )
    return tuple(kinds.values())


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
    keys = [(t, k) for t, v in data.items() if isinstance(v, dict) and t not in ("field", "kinds") for k in v] + [
        ("", t) for t, v in data.items() if not isinstance(v, dict) and t != "contrasts"
    ]
    unknown = [f"{t}.{k}" if t else k for t, k in keys if (t, k) not in known]
    if unknown:
        raise ValueError(f"vocabulary {name}.toml: unknown list {', '.join(unknown)}")
    return data


@dataclass(frozen=True)
class ContrastSide:
    """One answer to a contrast's question ("are training-free") and the abstracts' words that give it."""

    says: str  # grammar words after "papers that say they": "are training-free"
    one: str  # the same after "a paper that says it" where a second verb needs it ("trains or fine-tunes"); else ""
    terms: tuple[str, ...]  # matched whole and case-insensitively in a paper's own sentences


@dataclass(frozen=True)
class Contrast:
    """A question a theme's papers answer differently ("whether they train"), from a [[contrasts]] table."""

    differ: str  # "in whether they train"
    sides: tuple[ContrastSide, ...]
    within: tuple[str, ...] = ()  # where given, only a paper whose abstract uses one of these takes a side


@functools.cache
def contrasts(field_key: str) -> tuple[Contrast, ...]:
    """The field's [[contrasts]], in file order: the questions a theme's papers can answer differently (none for a
    field that lists none)."""
    return tuple(
        Contrast(
            table["differ"],
            tuple(ContrastSide(side["says"], side.get("one", ""), tuple(side["terms"])) for side in table["sides"]),
            tuple(table.get("within", ())),
        )
        for table in _read(field_key).get("contrasts", [])
    )
