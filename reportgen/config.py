"""Typed, validated settings.

Settings come from a TOML file (`--config FILE`, else `reportgen.toml` in the
working directory) and from command-line flags, which win.  Every section is a
frozen dataclass whose fields carry their default and a one-line doc (shown in
the configuration reference).  Every error names the offending key.
"""

from __future__ import annotations

import dataclasses
import datetime
import hashlib
import json
import re
import tomllib
import types
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Mapping

from reportgen import vocab
from reportgen.errors import ConfigError

Check = Callable[[Any], Any]  # returns the value (possibly canonical) or raises ValueError saying what is allowed


def _opt(default: Any, doc: str, check: Check | None = None) -> Any:
    """A field with a default, a doc string for the reference page, and a range/choice/path check run at load."""
    meta = {"doc": doc, "check": check}
    if isinstance(default, (list, dict)):
        return field(default_factory=lambda: type(default)(default), metadata=meta)
    return field(default=default, metadata=meta)


def at_least(low: int) -> Check:
    def check(value: Any) -> Any:
        if value is not None and value < low:
            raise ValueError(f"must be at least {low}, got {value!r}")
        return value

    return check


def between(low: float, high: float) -> Check:
    def check(value: Any) -> Any:
        if value is not None and not low <= value <= high:
            raise ValueError(f"must be between {low:g} and {high:g}, got {value!r}")
        return value

    return check


def one_of(choices: Mapping[str, str]) -> Check:
    """A choice from a fixed list, matched without regard to case; returns the canonical spelling."""

    def check(value: Any) -> Any:
        canonical = {k.casefold(): k for k in choices}.get(str(value).casefold())
        if canonical is None:
            raise ValueError(f"must be one of {', '.join(choices)}, got {value!r}")
        return canonical

    return check


def existing(kind: str) -> Check:
    """A path that exists now ("dir" or "file"), so a typo fails at load rather than being ignored."""

    def check(value: Any) -> Any:
        if value is None:
            return value
        path = Path(value).expanduser()
        if not (path.is_dir() if kind == "dir" else path.is_file()):
            raise ValueError(
                f"{'folder' if kind == 'dir' else 'file'} {value!r} does not exist (relative paths start from {Path.cwd()})"
            )
        return value

    return check


# PDF page sizes: the setting's spelling -> the CSS @page size.  Only these reach the stylesheet.
PAPER_SIZES = {"A3": "A3", "A4": "A4", "A5": "A5", "B5": "B5", "Letter": "letter", "Legal": "legal"}


# Above this many papers in the bibliography the PDF leaves the abstracts out by default (report.abstracts).
PDF_ABSTRACTS_UP_TO = 60
# Up to this many papers every document lists every paper (report.papers_per_theme unset); above it the
# Markdown and PDF list the CAPPED_LIST closest per theme, and the HTML lists all without abstracts.
LIST_ALL_UP_TO = 3000
CAPPED_LIST = 25


@dataclass(frozen=True)
class ReportSettings:
    title: str = _opt("Literature survey", "Title on the title page and in page headers.")
    author: str | None = _opt(None, "Author line on the title page.")
    introduction: str | None = _opt(None, "A paragraph (Markdown) placed before the overview.")
    date: str | None = _opt(None, "Date printed on the title page; default: the newest paper's date.")
    logo: str | None = _opt(None, "Path to an image shown on the title page.", existing("file"))
    css: str | None = _opt(None, "Path to a CSS file appended to the built-in styles (HTML and PDF).", existing("file"))
    templates_dir: str | None = _opt(
        None, "Folder of templates that override the built-in ones, file by file.", existing("dir")
    )
    paper_size: str = _opt("A4", "PDF page size: " + ", ".join(PAPER_SIZES) + ".", one_of(PAPER_SIZES))
    abstracts: bool | None = _opt(
        None,
        f"Each paper's abstract in the bibliography. Default: folded in the HTML and the Markdown up to {LIST_ALL_UP_TO:,} papers, and in the PDF up to {PDF_ABSTRACTS_UP_TO} (more would make most of its pages abstracts); survey.json and the site always hold them. true: in every document; false: in none.",
    )
    papers_per_theme: int | None = _opt(
        None,
        f"Papers listed per theme (and under Other) in the Markdown and PDF, the closest to the theme's centre first; each document's bibliography holds every paper it names. Default: every paper up to {LIST_ALL_UP_TO:,} papers, above that {CAPPED_LIST}. The HTML, survey.json and the site always list every paper.",
        at_least(1),
    )


@dataclass(frozen=True)
class IngestSettings:
    input_format: str | None = _opt(
        None, "Force one reader for every source (default: detect by extension and content)."
    )
    keep_untitled: bool = _opt(True, "Keep records that have an abstract but no title.")
    keep_without_abstract: bool = _opt(True, "Keep records that have a title but no abstract.")
    keep_going: bool = _opt(
        False,
        "Skip unreadable records and files with a warning, and rename a second paper that reuses an id, instead of stopping.",
    )
    listing_year: int | None = _opt(
        None, "Year of a listing page whose dates omit it (default: inferred).", between(1000, 9999)
    )
    columns: dict[str, str] = _opt({}, "CSV/TSV column mapping, e.g. {title = 'Article Title', abstract = 'AB'}.")


@dataclass(frozen=True)
class EmbeddingSettings:
    model_path: str | None = _opt(
        None, "Folder of a sentence-transformers model (default: the bundled all-MiniLM-L6-v2)."
    )
    batch_size: int = _opt(32, "Texts per encoding batch.", between(1, 4096))
    chunking: bool = _opt(False, "Embed abstracts longer than the model's window in chunks and average them.")
    device: str = _opt("cpu", "Torch device: cpu, cuda, mps.")
    exact: bool = _opt(
        True,
        "On a CPU, vectors with the same bits on every machine, so the same survey: float32 with the kernels pinned to AVX2 code on x86-64 (about the speed of unpinned float32), float64 rounded to float32 elsewhere (half that speed). false: float32 as the libraries choose; the last bits (and so, rarely, a theme) may differ between CPUs.",
    )
    block_size: int = _opt(
        128,
        "Abstracts per block: vectors are committed to the cache block by block, so a killed build resumes there; also the unit of work sent to a cluster.",
        between(1, 100_000),
    )
    scheduler: str | None = _opt(
        None,
        "Address of a Dask distributed scheduler (tcp://host:8786) to embed on a cluster; default: embed in this process. Needs the `distributed` extra.",
    )


@dataclass(frozen=True)
class ThemeSettings:
    min_theme_size: int | None = _opt(None, "Smallest theme, in papers (default: sized to the corpus).", at_least(2))
    max_themes: int | None = _opt(
        None,
        "At most this many themes before oversized ones are split (default: 1.5*sqrt(papers), at most 40).",
        between(1, 1000),
    )
    outlier_threshold: float = _opt(
        0.5,
        "A paper of a dissolved (too small) theme joins its nearest theme when their cosine similarity is at least this (-1 to 1); else Other.",
        between(-1.0, 1.0),
    )
    stop_words: list[str] = _opt([], "Extra words to leave out of theme keywords and labels.")
    top_words: int = _opt(10, "Keywords kept per theme.", between(1, 50))


@dataclass(frozen=True)
class SummarySettings:
    representatives: int = _opt(3, "Representative papers per theme (3-5 recommended).", between(1, 20))
    headlines: int = _opt(5, "Headline numbers shown per theme in the document.", between(0, 50))
    sentences: int = _opt(4, "Sentences in each theme summary.", between(0, 20))
    field: str = _opt(
        "auto",
        'The corpus\'s field, for the words of its tables ("Benchmark", "Trial / cohort"): auto (found from the abstracts), '
        + ", ".join(vocab.FIELDS)
        + ".",
        one_of({"auto": "auto", **{f: f for f in vocab.FIELDS}}),
    )


@dataclass(frozen=True)
class FetchSettings:
    email: str | None = _opt(
        None, "Contact email sent to every query API (OpenAlex's polite pool asks for it); default: $REPORTGEN_EMAIL."
    )
    retries: int = _opt(
        4, "Retries of a request that got 429, a 5xx or no connection, before the run stops.", between(0, 20)
    )
    backoff: float = _opt(
        2.0,
        "Seconds before the first retry, doubled for each next one (a longer Retry-After wins).",
        between(0, 600),
    )
    timeout: float = _opt(30.0, "Seconds to wait for an API's answer.", between(1, 600))
    min_interval: float | None = _opt(
        None,
        "Seconds between two requests to one API (default: its documented pace: arXiv 3, Semantic Scholar 1, OpenAlex 0.1).",
        between(0, 600),
    )
    page_size: int | None = _opt(
        None,
        "Records asked for per request (default: arXiv 200, OpenAlex 200; Semantic Scholar's bulk search pages by 1000).",
        between(1, 2000),
    )
    overlap_days: int = _opt(
        7,
        "A rerun asks again for this many days before its newest record, to catch records indexed late.",
        between(0, 3650),
    )
    arxiv_url: str | None = _opt(
        None, "arXiv API address (default https://export.arxiv.org/api/query); for a mirror or tests."
    )
    openalex_url: str | None = _opt(
        None, "OpenAlex works address (default https://api.openalex.org/works); for a mirror or tests."
    )
    semanticscholar_url: str | None = _opt(
        None,
        "Semantic Scholar bulk search address (default https://api.semanticscholar.org/graph/v1/paper/search/bulk).",
    )


# The query APIs: the parameter a plain string stands for, and the parameters a table may hold.
QUERY_APIS: dict[str, tuple[str, tuple[str, ...]]] = {
    "arxiv": ("query", ("query", "categories")),
    "openalex": ("search", ("search", "filter")),
    "semanticscholar": ("query", ("query", "fieldsOfStudy", "publicationTypes", "venue", "year", "minCitationCount")),
}
_SOURCE_KEYS = ("name", "since", "max_records")


@dataclass(frozen=True)
class QuerySource:
    """One `[[sources]]` entry: a query sent to one API on every run."""

    api: str
    params: tuple[tuple[str, Any], ...]  # sorted (key, value); lists become tuples
    since: str | None = None
    name: str = ""
    max_records: int | None = None

    def param(self, key: str) -> Any:
        return dict(self.params).get(key)

    @property
    def text(self) -> str:
        """The query as a person reads it: the main parameter, then the others."""
        main = QUERY_APIS[self.api][0]
        parts = [str(self.param(main))] if self.param(main) is not None else []
        parts += [f"{k}={','.join(v) if isinstance(v, tuple) else v}" for k, v in self.params if k != main]
        return " ".join(parts)

    @property
    def key(self) -> str:
        """Cache key: what the API is asked (the name is only a label, so renaming keeps the cache)."""
        data = json.dumps([self.api, self.params, self.since, self.max_records], default=list)
        return hashlib.sha256(data.encode()).hexdigest()[:16]

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "api": self.api,
            "query": self.text,
            "since": self.since,
            "max_records": self.max_records,
        }


@dataclass(frozen=True)
class Settings:
    report: ReportSettings = field(default_factory=ReportSettings)
    ingest: IngestSettings = field(default_factory=IngestSettings)
    embedding: EmbeddingSettings = field(default_factory=EmbeddingSettings)
    themes: ThemeSettings = field(default_factory=ThemeSettings)
    summary: SummarySettings = field(default_factory=SummarySettings)
    fetch: FetchSettings = field(default_factory=FetchSettings)
    sources: tuple[QuerySource, ...] = ()  # [[sources]]: queries sent to arXiv, OpenAlex, Semantic Scholar
    source: str | None = None  # the file these came from, for messages
    notices: tuple[str, ...] = ()  # what a run should warn about the file: deprecated keys it ignored

    def digest(self) -> str:
        """Short hash of every setting that changes output."""
        data = json.dumps(self.as_dict(), sort_keys=True, default=str)
        return hashlib.sha256(data.encode()).hexdigest()[:12]

    def as_dict(self) -> dict[str, object]:
        """What the survey records of its settings; [fetch] changes no output (and holds the contact email), so it is left out."""
        out: dict[str, object] = {
            f.name: dataclasses.asdict(getattr(self, f.name)) for f in _sections() if f.name != "fetch"
        }
        if self.sources:
            out["sources"] = [q.to_dict() for q in self.sources]
        return out

    def override(self, section: str, **values: object) -> Settings:
        """A copy with some keys of one section replaced (None values are ignored)."""
        values = {k: v for k, v in values.items() if v is not None}
        if not values:
            return self
        current = getattr(self, section)
        checked = {k: _validate(type(current), section, k, v, self.source) for k, v in values.items()}
        return dataclasses.replace(self, **{section: dataclasses.replace(current, **checked)})


def _sections() -> list[dataclasses.Field[Any]]:
    return [f for f in dataclasses.fields(Settings) if f.name not in ("source", "sources", "notices")]


# Keys older configs may hold that no longer change anything: accepted, ignored, and named in a warning.
DEPRECATED = {
    "themes.seed": "the theme fit has no random step, so it never changed the themes; remove it",
}


def _section_class(section: dataclasses.Field[Any]) -> type[Any]:
    """The dataclass of one settings section (its field's default factory)."""
    factory = section.default_factory
    assert isinstance(factory, type)
    return factory


def _field_type(cls: type, name: str) -> object:
    return typing.get_type_hints(cls)[name]


def load_settings(path: Path | None = None, *, cwd: Path | None = None) -> Settings:
    """Read settings from `path`, or `reportgen.toml` in `cwd` if present, else defaults."""
    if path is None:
        candidate = (cwd or Path.cwd()) / "reportgen.toml"
        if not candidate.is_file():
            return Settings()
        path = candidate
    try:
        raw = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError("--config", f"file {path} does not exist", hint="check the path") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError("(file)", f"not valid TOML: {exc}", source=str(path), hint="fix the syntax") from None
    return settings_from_dict(raw, source=str(path))


def settings_from_dict(raw: Mapping[str, object], *, source: str | None = None) -> Settings:
    sections = {f.name: f for f in _sections()}
    built: dict[str, Any] = {}
    notices: list[str] = []
    for name, value in raw.items():
        if name == "sources":
            built[name] = parse_sources(value, source)
            continue
        if name not in sections:
            known = ", ".join(sorted([*sections, "sources"]))
            raise ConfigError(name, "unknown section", source=source, hint=f"known sections: {known}")
        if not isinstance(value, dict):
            raise ConfigError(name, f"must be a table ([{name}])", source=source)
        for key in [k for k in value if f"{name}.{k}" in DEPRECATED]:
            notices.append(
                f"{source or 'settings'}: config key '{name}.{key}' is ignored: {DEPRECATED[f'{name}.{key}']}"
            )
        kept = {k: v for k, v in value.items() if f"{name}.{k}" not in DEPRECATED}
        built[name] = _build_section(_section_class(sections[name]), name, kept, source)
    return Settings(**built, source=source, notices=tuple(notices))


def parse_sources(raw: Any, source: str | None = None) -> tuple[QuerySource, ...]:
    """`[[sources]]` tables (numbered from 1 in messages) -> QuerySources."""
    if not isinstance(raw, list) or not all(isinstance(item, dict) for item in raw):
        raise ConfigError(
            "sources", "must be an array of tables ([[sources]])", source=source, hint="see docs/living-survey.md"
        )
    queries = tuple(parse_source(item, f"sources[{n}]", source) for n, item in enumerate(raw, 1))
    names = [q.name for q in queries]
    for n, name in enumerate(names, 1):
        if name in names[: n - 1]:
            raise ConfigError(
                f"sources[{n}].name",
                f"'{name}' names two sources",
                source=source,
                hint="give each [[sources]] table its own name",
            )
    return queries


def parse_source(item: dict[str, Any], where: str, source: str | None = None) -> QuerySource:
    """One query: exactly one API key (a string, or a table of that API's parameters) plus name, since, max_records."""
    apis = [k for k in item if k in QUERY_APIS]
    unknown = [k for k in item if k not in QUERY_APIS and k not in _SOURCE_KEYS]
    if unknown:
        raise ConfigError(
            f"{where}.{unknown[0]}",
            "unknown key",
            source=source,
            hint=f"use one of {', '.join(QUERY_APIS)} and optionally {', '.join(_SOURCE_KEYS)}",
        )
    if len(apis) != 1:
        raise ConfigError(
            where,
            f"needs exactly one of {', '.join(QUERY_APIS)}, found {len(apis)}",
            source=source,
            hint="one API per [[sources]] table",
        )
    api = apis[0]
    params = _query_params(api, item[api], f"{where}.{api}", source)
    name = item.get("name")
    if name is not None and (not isinstance(name, str) or not name.strip()):
        raise ConfigError(f"{where}.name", f"expected a non-empty string, got {name!r}", source=source)
    max_records = item.get("max_records")
    if max_records is not None and (
        not isinstance(max_records, int) or isinstance(max_records, bool) or max_records < 1
    ):
        raise ConfigError(f"{where}.max_records", f"expected a positive integer, got {max_records!r}", source=source)
    query = QuerySource(
        api=api, params=params, since=_since(item.get("since"), f"{where}.since", source), max_records=max_records
    )
    return dataclasses.replace(query, name=(name or f"{api}: {query.text}").strip())


def parse_cli_queries(
    queries: tuple[str, ...], since: str | None, configured: tuple[QuerySource, ...]
) -> tuple[QuerySource, ...]:
    """--query API:QUERY (replacing [[sources]], as flags win) and --since (for every query source)."""
    if not queries:
        if not configured:
            raise ConfigError(
                "--since",
                "there is no query source to apply it to",
                hint="add --query API:QUERY or [[sources]] in reportgen.toml",
            )
        day = _since(since, "--since", None)
        return tuple(dataclasses.replace(q, since=day) for q in configured)
    parsed = []
    for value in queries:
        api, _, text = value.partition(":")
        if api not in QUERY_APIS or not text.strip():
            raise ConfigError(
                "--query",
                f"expected API:QUERY with API one of {', '.join(QUERY_APIS)}, got {value!r}",
                hint="e.g. --query 'arxiv:cat:cs.LG AND abs:\"mixture of experts\"'",
            )
        parsed.append({api: text.strip(), **({"since": since} if since else {})})
    return parse_sources(parsed, "--query")


def _query_params(api: str, value: Any, key: str, source: str | None) -> tuple[tuple[str, Any], ...]:
    main, allowed = QUERY_APIS[api]
    if isinstance(value, str):
        value = {main: value}
    if not isinstance(value, dict) or not value:
        raise ConfigError(
            key, f"expected a query string or a table of {', '.join(allowed)}, got {value!r}", source=source
        )
    params = []
    for name, item in sorted(value.items()):
        if name not in allowed:
            raise ConfigError(
                f"{key}.{name}", "unknown parameter", source=source, hint=f"{api} takes {', '.join(allowed)}"
            )
        if isinstance(item, list) and item and all(isinstance(v, str) and v.strip() for v in item):
            item = tuple(v.strip() for v in item)
        elif isinstance(item, int) and not isinstance(item, bool):
            item = str(item)
        elif not isinstance(item, str) or not item.strip():
            raise ConfigError(
                f"{key}.{name}", f"expected a non-empty string or list of strings, got {item!r}", source=source
            )
        params.append((name, item.strip() if isinstance(item, str) else item))
    if api == "semanticscholar" and main not in dict(params):
        raise ConfigError(f"{key}.{main}", "missing: Semantic Scholar's bulk search needs a query", source=source)
    return tuple(params)


def _since(value: Any, key: str, source: str | None) -> str | None:
    """A date (TOML date or "YYYY-MM-DD") as ISO text."""
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
        try:
            return datetime.date.fromisoformat(value.strip()).isoformat()
        except ValueError:
            pass
    raise ConfigError(key, f"expected a date YYYY-MM-DD, got {value!r}", source=source)


def _build_section(cls: type, name: str, values: dict[str, Any], source: str | None) -> Any:
    hints = typing.get_type_hints(cls)
    for key, value in values.items():
        if key not in hints:
            known = ", ".join(sorted(hints))
            raise ConfigError(f"{name}.{key}", "unknown key", source=source, hint=f"known keys in [{name}]: {known}")
        values[key] = _validate(cls, name, key, value, source)
    return cls(**values)


def _validate(cls: type, section: str, key: str, value: object, source: str | None) -> object:
    """Type first, then the field's own check (range, choice, existing path); errors name the key."""
    value = _check(f"{section}.{key}", value, _field_type(cls, key), source)
    check = next(f for f in dataclasses.fields(cls) if f.name == key).metadata.get("check")
    if check is None:
        return value
    try:
        return check(value)
    except ValueError as exc:
        raise ConfigError(f"{section}.{key}", str(exc), source=source, hint="see docs/configuration.md") from None


def _check(key: str, value: object, expected: object, source: str | None) -> object:
    """Validate one value against its annotation; ints are accepted where floats are."""
    allowed = typing.get_args(expected) if isinstance(expected, types.UnionType) else (expected,)
    for kind in allowed:
        kind = typing.get_origin(kind) or kind
        if kind is type(None) and value is None:
            return value
        if kind is float and isinstance(value, int) and not isinstance(value, bool):
            return float(value)
        if kind is int and isinstance(value, bool):
            continue
        if kind is not type(None) and isinstance(value, kind):
            return value
    names = " or ".join(
        "none" if k is type(None) else getattr(typing.get_origin(k) or k, "__name__", str(k)) for k in allowed
    )
    raise ConfigError(key, f"expected {names}, got {value!r}", source=source)


def describe_settings() -> list[tuple[str, str, str, str]]:
    """(key, type, default, doc) for every setting: the configuration reference."""
    rows = []
    for section in _sections():
        cls = _section_class(section)
        hints = typing.get_type_hints(cls)
        for f in dataclasses.fields(cls):
            default = f.default if f.default_factory is dataclasses.MISSING else f.default_factory()
            rows.append(
                (f"{section.name}.{f.name}", _type_name(hints[f.name]), repr(default), f.metadata.get("doc", ""))
            )
    return rows


def _type_name(annotation: object) -> str:
    parts = typing.get_args(annotation) if isinstance(annotation, types.UnionType) else (annotation,)
    return " | ".join("none" if p is type(None) else getattr(p, "__name__", str(p)) for p in parts)
