"""The typed, frozen values that flow between stages.

Every stage is a function from these values to these values; nothing here does
I/O.  Values are frozen and their sequences are tuples, so nothing can be changed
behind a later stage's back.  Lookups (Report.headlines, Report.names,
ThemeSet.coords, Snapshot's theme rows) are typed as
read-only Mappings; the values that hold one are therefore not hashable, and no
code hashes them.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Mapping, TypedDict

import numpy as np


@dataclass(frozen=True)
class Paper:
    """One paper record after ingest, normalization and deduplication."""

    id: str
    abstract: str
    title: str | None = None
    authors: tuple[str, ...] = ()
    author_count: int | None = None  # listings sometimes show a count, not names
    date: str | None = None  # ISO 8601: YYYY-MM-DD, YYYY-MM or YYYY
    categories: tuple[str, ...] = ()
    doi: str | None = None  # the one a link goes to: the published version's when the records carried several
    arxiv_id: str | None = None
    url: str | None = None
    sources: tuple[str, ...] = ()  # provenance, "path:line" for each record merged into this one
    dois: tuple[str, ...] = ()  # when merged records carried several DOIs (a preprint's, a journal's): all, `doi` first

    @property
    def text(self) -> str:
        """Title (when there is one) and abstract: what is embedded and what themes are found in."""
        return f"{self.title}. {self.abstract}" if self.title else self.abstract

    @property
    def n_authors(self) -> int | None:
        return len(self.authors) if self.authors else self.author_count

    @property
    def link(self) -> str | None:
        """Best public link: DOI, then arXiv, then the record's own URL."""
        if self.doi:
            return f"https://doi.org/{self.doi}"
        if self.arxiv_id:
            return f"https://arxiv.org/abs/{self.arxiv_id}"
        return self.url


@dataclass(frozen=True)
class IngestEvent:
    """A record that did not become a paper of its own, and why (nothing is dropped silently)."""

    action: str  # "skipped" or "merged"
    reason: str  # a category, counted in the summary: "no abstract or title", "same DOI", "unreadable file", ...
    source: str  # where: "path:line" ("path:record N" / "path:entry N" for formats read whole, as JSON arrays and Atom feeds)
    into: str | None = None  # the paper id a merged record went into
    detail: str | None = None  # the full message, when the reason alone does not say it (an unreadable file's error)


@dataclass(frozen=True)
class QueryCount:
    """Provenance of one query source ([[sources]]): what it returned and what that became."""

    name: str
    records: int  # records the query has returned, over all runs
    papers: int  # papers of the corpus holding at least one of them
    only_here: int  # of those, papers no other query or file brought


@dataclass(frozen=True)
class Corpus:
    papers: tuple[Paper, ...]
    events: tuple[IngestEvent, ...] = ()
    sources: tuple[str, ...] = ()  # the files read, in order
    queries: tuple[QueryCount, ...] = ()  # the query sources, in config order

    def by_id(self) -> dict[str, Paper]:
        return {p.id: p for p in self.papers}

    def counts(self, action: str) -> dict[str, int]:
        """Events of one action counted by reason, in a stable order."""
        out: dict[str, int] = {}
        for event in self.events:
            if event.action == action:
                out[event.reason] = out.get(event.reason, 0) + 1
        return dict(sorted(out.items()))


@dataclass(frozen=True, eq=False)
class Embeddings:
    """One unit-length vector per paper, rows in corpus order."""

    model: str
    ids: tuple[str, ...]
    vectors: np.ndarray  # shape (len(ids), dim), float32, read-only
    computed: int = 0  # how many vectors were computed (not read from the cache) in this run

    def __post_init__(self) -> None:
        self.vectors.setflags(write=False)


@dataclass(frozen=True)
class Theme:
    id: int
    label: str
    slug: str
    keywords: tuple[str, ...]
    paper_ids: tuple[str, ...]  # sorted by closeness to the theme's centre
    parent: int | None = None  # id of its ThemeGroup, in corpora large enough for a hierarchy

    @property
    def size(self) -> int:
        return len(self.paper_ids)


@dataclass(frozen=True)
class ThemeGroup:
    """A parent of related themes: the upper level of the theme hierarchy."""

    id: int
    label: str
    theme_ids: tuple[int, ...]
    basis: str = ""  # what its papers share that gave it its name: "the category cs.CV on 81% of its papers"


@dataclass(frozen=True)
class FitReport:
    """How a corpus's themes were fitted: the effective parameters, which the methods appendix prints in this order."""

    method: str
    min_themes: int
    max_themes: int
    min_theme_size: int
    fitted_on: int  # papers the hierarchy was built on (a sample of large corpora)
    sample_agreement: float | None  # adjusted Rand against a fit on another sample; None: no sample
    largest_share: float
    other_share: float
    outlier_threshold: float
    vectorizer: str
    representation: str

    def rows(self) -> tuple[tuple[str, object], ...]:
        return tuple((f.name, getattr(self, f.name)) for f in fields(self))


@dataclass(frozen=True)
class ThemeSet:
    """The themes found in a corpus, with what charts need to draw them."""

    themes: tuple[Theme, ...]
    outliers: tuple[str, ...]  # paper ids in no theme ("Other")
    coords: Mapping[str, tuple[float, float]]  # 2-D map position of each paper
    fit: FitReport | None = None  # how the themes were fitted; None when none were (see min_papers)
    similarity: tuple[tuple[float, ...], ...] = ()  # theme x theme cosine similarity of centroids
    groups: tuple[ThemeGroup, ...] = ()  # empty when the corpus is too small to need a hierarchy
    min_papers: int | None = None  # set when the corpus had fewer papers than a theme fit needs: that minimum

    @property
    def too_small(self) -> bool:
        """No themes because the corpus was too small to fit them (every paper is listed under Other)."""
        return self.min_papers is not None and not self.themes

    def theme_of(self) -> dict[str, int | None]:
        out: dict[str, int | None] = dict.fromkeys(self.outliers)
        for theme in self.themes:
            out.update(dict.fromkeys(theme.paper_ids, theme.id))
        return out


@dataclass(frozen=True)
class Headline:
    """One quantitative result claim, with where it comes from."""

    paper_id: str
    value: str  # the number as written, e.g. "35.7%"
    sentence: str
    number: float | None = None
    unit: str | None = None  # "%", "pp", "x", "ms", ...
    direction: str | None = None  # "improves" (a gain), "increases" (a rise, good or bad), "reduces", "reaches"
    metric: str | None = None
    dataset: str | None = None  # where it was measured: a benchmark, dataset, cohort or population
    comparator: str | None = None
    # What the number is to the paper: its own "result", a "reference" it compares against
    # (a baseline's, the humans', the prior state of the art) or "setup" (data sizes, budgets).
    # Tables and syntheses show results only; survey.json keeps every number with its role.
    role: str = "result"
    qualifier: str | None = None  # "up to", "over", "about", ... as written before the value
    interval: str | None = None  # its confidence interval as written: "95% CI 0.11-0.88"
    p_value: str | None = None  # its p-value as written: "p = 0.02"


@dataclass(frozen=True)
class Citation:
    """A sentence copied from a paper, with the paper it cites."""

    text: str
    paper_id: str


@dataclass(frozen=True)
class Contribution:
    """What a paper says it does: the verb of its "we propose ..." and the clause after it, a substring of its abstract."""

    paper_id: str
    verb: str  # the plain form: "propose", "study"
    clause: str  # "FlatQuant, a post-training quantization method ..."
    cut: bool = False  # the abstract's sentence goes on after the clause
    finding_verb: str = ""  # where the paper presents or studies something: what it then finds ("find", "show")
    finding: str = ""  # "that the gas is co-spatial with ...", a substring of its abstract too
    finding_cut: bool = False


@dataclass(frozen=True)
class Span:
    """A piece of a synthesis sentence, typed by where its words come from, so a test can trace each one.

    kind "text": the fixed grammar's own words (no numbers, no names); "fact": words
    found in the abstracts it cites (a phrase, benchmark, metric, method name, value,
    quoted sentence); "count": how many papers it cites; "period": a time span that
    every paper it cites falls in (`period` = first and last ISO date prefix);
    "theme": a theme's label or size (`theme` = its id).
    """

    text: str
    kind: str = "text"
    cites: tuple[str, ...] = ()
    period: tuple[str, str] | None = None
    theme: int | None = None


@dataclass(frozen=True)
class Statement:
    """One sentence (or table row) of a synthesis, in a fixed grammar; `part` says which."""

    part: str  # "problem", "directions", "approach", "compared", "contrast", "state", "open", "time", "evaluation", "sizes", ...
    spans: tuple[Span, ...]

    @property
    def text(self) -> str:
        return "".join(s.text for s in self.spans)

    @property
    def cites(self) -> tuple[str, ...]:
        """Every paper the sentence cites, in first-cited order."""
        return tuple(dict.fromkeys(pid for s in self.spans for pid in s.cites))


@dataclass(frozen=True)
class SubDirection:
    """A group of a theme's papers, named by a phrase they share."""

    phrase: str | None  # None: the theme's papers that no shared phrase names
    paper_ids: tuple[str, ...]  # every one carries the phrase (in its title, or twice in its abstract); central first
    contributions: tuple[
        Contribution, ...
    ] = ()  # what some of them do, in their words ("FlatQuant, a method that ...")


@dataclass(frozen=True)
class Compared:
    """One row of a theme's comparison table: what kind of work a paper is, what it does (in its words) and the
    benchmarks it names; every `data` name is a substring of its abstract."""

    contribution: Contribution
    kind: str | None  # "method", "benchmark or dataset", "randomized trial": vocab's [kinds]; None when none fits
    data: tuple[str, ...] = ()  # the benchmarks it names (only in a field that names its benchmarks)


@dataclass(frozen=True)
class Usage:
    """A benchmark or metric and the papers whose abstracts name it."""

    name: str  # as most of the papers spell it
    kind: str  # "benchmark" or "metric"
    paper_ids: tuple[str, ...]


@dataclass(frozen=True)
class BestResult:
    """The strongest result claim for one dataset (benchmark, cohort) and metric, and how many papers report one."""

    dataset: str | None  # as Headline.dataset: a benchmark, dataset, cohort or population
    metric: str | None
    headline: Headline
    reporting: tuple[str, ...]  # papers with a result on the same benchmark and metric
    excerpt: str = ""  # the words of the claim around its value, a substring of headline.sentence


@dataclass(frozen=True)
class Synthesis:
    """What a theme's papers share, from extracted facts only; `statements` is the prose, in reading order."""

    directions: tuple[SubDirection, ...] = ()
    benchmarks: tuple[Usage, ...] = ()
    metrics: tuple[Usage, ...] = ()
    results: tuple[BestResult, ...] = ()
    periods: tuple[tuple[str, int], ...] = ()  # (period label, dated papers in it), oldest first
    open_problems: tuple[Citation, ...] = ()
    statements: tuple[Statement, ...] = ()
    compared: tuple[Compared, ...] = ()  # the papers no group names, side by side (replaces their "Others" statement)


@dataclass(frozen=True)
class ThemeSummary:
    theme_id: int
    representatives: tuple[str, ...]
    headlines: tuple[Headline, ...]  # the most salient few, for the document
    summary: tuple[Citation, ...]  # sentences copied from abstracts (kept in survey.json; documents show the synthesis)
    synthesis: Synthesis = field(default_factory=Synthesis)


@dataclass(frozen=True)
class Chart:
    """A rendered figure; bytes only, the writer decides where it goes."""

    id: str  # file stem, e.g. "papers-per-theme"
    title: str
    caption: str
    alt: str
    png: bytes
    theme_id: int | None = None


@dataclass(frozen=True)
class Report:
    """Everything a renderer needs, gathered before anything is written."""

    title: str
    corpus: Corpus
    themes: ThemeSet
    summaries: tuple[ThemeSummary, ...]
    headlines: Mapping[str, tuple[Headline, ...]]  # every claim found, by paper id
    names: Mapping[str, str]  # display name per paper: title, or the named method
    charts: tuple[Chart, ...]
    model: str = "all-MiniLM-L6-v2"  # the embedding model, as the methods section names it
    precision: str = "f32-avx2"  # how its vectors were computed (reportgen.embed.precision), for the methods section
    date: str | None = None
    overview: tuple[Statement, ...] = ()  # the survey-wide synthesis: sizes, growth, shared benchmarks
    field: str = "machine-learning"  # the corpus's field (a vocab file's name): the words of its tables

    def summary_of(self, theme_id: int) -> ThemeSummary:
        return next(s for s in self.summaries if s.theme_id == theme_id)


class ThemeRow(TypedDict):
    """One theme as a Snapshot keeps it (and as the state file stores it)."""

    id: int
    slug: str
    label: str
    papers: list[str]


@dataclass(frozen=True)
class Snapshot:
    """What a living-survey run leaves for the next one: its papers and its themes."""

    papers: tuple[str, ...]
    themes: tuple[ThemeRow, ...]
    next_id: int = 1

    def to_json(self) -> dict[str, object]:
        return {"papers": list(self.papers), "themes": [dict(t) for t in self.themes], "next_id": self.next_id}

    @staticmethod
    def from_json(data: Mapping[str, object]) -> Snapshot:
        """A snapshot from the state file; KeyError/TypeError/ValueError when it is not one."""
        papers, themes, next_id = data["papers"], data["themes"], data.get("next_id", 1)
        if not isinstance(papers, list) or not isinstance(themes, list) or not isinstance(next_id, int):
            raise TypeError("papers and themes must be lists, next_id an integer")
        rows = tuple(
            ThemeRow(id=int(t["id"]), slug=str(t["slug"]), label=str(t["label"]), papers=[str(p) for p in t["papers"]])
            for t in themes
        )
        return Snapshot(papers=tuple(str(p) for p in papers), themes=rows, next_id=next_id)


@dataclass(frozen=True)
class ThemeChange:
    id: int
    label: str
    slug: str
    before: int
    after: int


@dataclass(frozen=True)
class Changes:
    """What a reader of the living survey wants to know since the last build."""

    first_build: bool
    new_papers: tuple[str, ...] = ()
    removed_papers: tuple[str, ...] = ()
    new_themes: tuple[ThemeChange, ...] = ()
    grown: tuple[ThemeChange, ...] = ()
    shrunk: tuple[ThemeChange, ...] = ()
    gone: tuple[ThemeChange, ...] = field(default=())
    refitted: bool = (
        True  # whether this run fitted the themes (from the last ones or from scratch; else: new papers placed)
    )
    refit_reason: str = ""  # why it refitted, or why not

    @property
    def empty(self) -> bool:
        return not (self.new_papers or self.removed_papers or self.new_themes or self.grown or self.shrunk or self.gone)
