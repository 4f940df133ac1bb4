"""Typed, validated settings.

Settings come from a TOML file (`--config FILE`, else `reportgen.toml` in the
working directory) and from command-line flags, which win.  Every section is a
frozen dataclass whose fields carry their default and a one-line doc (shown in
the configuration reference).  Every error names the offending key.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import tomllib
import types
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reportgen.errors import ConfigError


def _opt(default: Any, doc: str) -> Any:
    """A field with a default and a doc string for the reference page."""
    if isinstance(default, (list, dict)):
        return field(default_factory=lambda: type(default)(default), metadata={"doc": doc})
    return field(default=default, metadata={"doc": doc})


@dataclass(frozen=True)
class ReportSettings:
    title: str = _opt("Literature survey", "Title on the title page and in page headers.")
    author: str | None = _opt(None, "Author line on the title page.")
    introduction: str | None = _opt(None, "A paragraph (Markdown) placed before the overview.")
    date: str | None = _opt(None, "Date printed on the title page; default: the newest paper's date.")
    logo: str | None = _opt(None, "Path to an image shown on the title page.")
    css: str | None = _opt(None, "Path to a CSS file appended to the built-in styles (HTML and PDF).")
    templates_dir: str | None = _opt(None, "Folder of templates that override the built-in ones, file by file.")
    paper_size: str = _opt("A4", "PDF page size: A4 or Letter.")
    abstracts: bool = _opt(True, "Show each paper's abstract in the bibliography (folded in HTML).")


@dataclass(frozen=True)
class IngestSettings:
    input_format: str | None = _opt(None, "Force one reader for every source (default: detect by extension and content).")
    keep_untitled: bool = _opt(True, "Keep records that have an abstract but no title.")
    keep_without_abstract: bool = _opt(True, "Keep records that have a title but no abstract.")
    keep_going: bool = _opt(False, "Skip unreadable files with a warning instead of stopping.")
    listing_year: int | None = _opt(None, "Year of a listing page whose dates omit it (default: inferred).")
    columns: dict = _opt({}, "CSV/TSV column mapping, e.g. {title = 'Article Title', abstract = 'AB'}.")


@dataclass(frozen=True)
class EmbeddingSettings:
    model_path: str | None = _opt(None, "Folder of a sentence-transformers model (default: the bundled all-MiniLM-L6-v2).")
    batch_size: int = _opt(32, "Texts per encoding batch.")
    chunking: bool = _opt(False, "Embed abstracts longer than the model's window in chunks and average them.")
    device: str = _opt("cpu", "Torch device: cpu, cuda, mps.")


@dataclass(frozen=True)
class ThemeSettings:
    seed: int = _opt(42, "Kept for older configs; the theme fit has no random step (see how-it-works).")
    min_theme_size: int | None = _opt(None, "Smallest theme, in papers (default: sized to the corpus).")
    max_themes: int | None = _opt(None, "At most this many themes before oversized ones are split (default: 1.5*sqrt(papers), at most 40).")
    outlier_threshold: float = _opt(0.5, "A paper of a dissolved (too small) theme joins its nearest theme when their cosine similarity is at least this; else Other.")
    stop_words: list = _opt([], "Extra words to leave out of theme keywords and labels.")
    top_words: int = _opt(10, "Keywords kept per theme.")


@dataclass(frozen=True)
class SummarySettings:
    representatives: int = _opt(3, "Representative papers per theme (3-5 recommended).")
    headlines: int = _opt(5, "Headline numbers shown per theme in the document.")
    sentences: int = _opt(4, "Sentences in each theme summary.")


@dataclass(frozen=True)
class Settings:
    report: ReportSettings = field(default_factory=ReportSettings)
    ingest: IngestSettings = field(default_factory=IngestSettings)
    embedding: EmbeddingSettings = field(default_factory=EmbeddingSettings)
    themes: ThemeSettings = field(default_factory=ThemeSettings)
    summary: SummarySettings = field(default_factory=SummarySettings)
    source: str | None = None  # the file these came from, for messages

    def digest(self) -> str:
        """Short hash of every setting that changes output."""
        data = json.dumps(self.as_dict(), sort_keys=True, default=str)
        return hashlib.sha256(data.encode()).hexdigest()[:12]

    def as_dict(self) -> dict[str, dict[str, Any]]:
        return {f.name: dataclasses.asdict(getattr(self, f.name)) for f in _sections()}

    def override(self, section: str, **values: Any) -> "Settings":
        """A copy with some keys of one section replaced (None values are ignored)."""
        values = {k: v for k, v in values.items() if v is not None}
        if not values:
            return self
        current = getattr(self, section)
        checked = {k: _check(f"{section}.{k}", v, _field_type(type(current), k), self.source) for k, v in values.items()}
        return dataclasses.replace(self, **{section: dataclasses.replace(current, **checked)})


def _sections() -> list[dataclasses.Field]:
    return [f for f in dataclasses.fields(Settings) if f.name != "source"]


def _field_type(cls: type, name: str) -> Any:
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


def settings_from_dict(raw: dict[str, Any], *, source: str | None = None) -> Settings:
    sections = {f.name: f for f in _sections()}
    built: dict[str, Any] = {}
    for name, value in raw.items():
        if name not in sections:
            known = ", ".join(sorted(sections))
            raise ConfigError(name, "unknown section", source=source, hint=f"known sections: {known}")
        if not isinstance(value, dict):
            raise ConfigError(name, "must be a table ([{name}])".format(name=name), source=source)
        built[name] = _build_section(sections[name].default_factory, name, value, source)
    return Settings(**built, source=source)


def _build_section(cls: type, name: str, values: dict[str, Any], source: str | None) -> Any:
    hints = typing.get_type_hints(cls)
    for key, value in values.items():
        if key not in hints:
            known = ", ".join(sorted(hints))
            raise ConfigError(f"{name}.{key}", "unknown key", source=source, hint=f"known keys in [{name}]: {known}")
        values[key] = _check(f"{name}.{key}", value, hints[key], source)
    return cls(**values)


def _check(key: str, value: Any, expected: Any, source: str | None) -> Any:
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
    names = " or ".join("none" if k is type(None) else getattr(typing.get_origin(k) or k, "__name__", str(k)) for k in allowed)
    raise ConfigError(key, f"expected {names}, got {value!r}", source=source)


def describe_settings() -> list[tuple[str, str, str, str]]:
    """(key, type, default, doc) for every setting: the configuration reference."""
    rows = []
    for section in _sections():
        cls = section.default_factory
        hints = typing.get_type_hints(cls)
        for f in dataclasses.fields(cls):
            default = f.default if f.default is not dataclasses.MISSING else f.default_factory()
            rows.append((f"{section.name}.{f.name}", _type_name(hints[f.name]), repr(default), f.metadata.get("doc", "")))
    return rows


def _type_name(annotation: Any) -> str:
    parts = typing.get_args(annotation) if isinstance(annotation, types.UnionType) else (annotation,)
    return " | ".join("none" if p is type(None) else getattr(p, "__name__", str(p)) for p in parts)
