"""The options the commands share, declared once and handed to each command as one typed value per group.

`@inputs`, `@cache` and `@console` each add their click options and pass the
command a frozen value (InputOptions, CacheOptions, ConsoleOptions) instead
of five loose parameters, so a command's signature names what it does.
"""

from __future__ import annotations

import dataclasses
import functools
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, TypeVar

import click

from reportgen.config import Settings

if TYPE_CHECKING:  # rich is imported only when a command runs
    from reportgen.cli.console import ConsoleReporter

Command = TypeVar("Command", bound=Callable[..., None])
EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def default_cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "reportgen"


@dataclass(frozen=True)
class InputOptions:
    """Where the papers come from and how they are read: the settings file and the flags that override it."""

    config: Path | None
    input_format: str | None
    keep_going: bool
    queries: tuple[str, ...]
    since: str | None
    scheduler: str | None

    def settings(self) -> Settings:
        """The settings file (or ./reportgen.toml, or defaults) with these flags applied: flags win."""
        from reportgen.config import load_settings, parse_cli_queries

        settings = load_settings(self.config)
        settings = settings.override("ingest", input_format=self.input_format, keep_going=self.keep_going or None)
        settings = settings.override("embedding", scheduler=self.scheduler)
        if self.queries or self.since:
            settings = dataclasses.replace(
                settings, sources=parse_cli_queries(self.queries, self.since, settings.sources)
            )
        return settings


def sources_or_example(sources: tuple[Path, ...], settings: Settings) -> list[Path]:
    """The files and folders to read; none when query sources alone define the survey; else the bundled example."""
    if sources or settings.sources:
        return list(sources)
    if not EXAMPLES.is_dir():
        raise click.UsageError("no SOURCES given and the bundled example is not installed; pass files or folders")
    return [EXAMPLES]


@dataclass(frozen=True)
class CacheOptions:
    cache_dir: Path | None
    no_cache: bool

    def folder(self) -> Path | None:
        """The cache folder to use, or None with --no-cache."""
        return None if self.no_cache else (self.cache_dir or default_cache_dir())


@dataclass(frozen=True)
class ConsoleOptions:
    verbose: bool
    quiet: bool

    def reporter(self, settings: Settings) -> ConsoleReporter:
        """Progress and warnings on the terminal; it opens with what the settings file asks to warn about."""
        from reportgen.cli.console import ConsoleReporter

        return ConsoleReporter(quiet=self.quiet, verbose=self.verbose, notices=settings.notices)


def out_folder(default: str, help: str) -> Callable[[Command], Command]:
    """-o/--out: the folder a command writes, replaced as one unit."""
    return click.option(
        "-o",
        "--out",
        "out_dir",
        type=click.Path(path_type=Path, file_okay=False),
        default=Path(default),
        show_default=True,
        help=help,
    )


def _group(kind: type[Any], name: str, options: list[Callable[[Any], Any]]) -> Callable[[Command], Command]:
    """A decorator adding `options` to a command and passing their values as one `kind` value, keyword `name`."""
    keys = [f.name for f in dataclasses.fields(kind)]

    def decorate(func: Command) -> Command:
        @functools.wraps(func)
        def command(**values: Any) -> None:
            grouped = kind(**{key: values.pop(key) for key in keys})
            func(**values, **{name: grouped})

        for option in reversed(options):
            command = option(command)
        return command  # type: ignore[return-value]  # same call as func, but for the grouped keywords

    return decorate


inputs = _group(
    InputOptions,
    "inputs",
    [
        click.option(
            "--config",
            "config",
            type=click.Path(path_type=Path, dir_okay=False),
            help="Settings file (TOML). Default: ./reportgen.toml if present.",
        ),
        click.option(
            "--input-format", help="Read every source with this reader instead of detecting it (text, jsonl, ...)."
        ),
        click.option(
            "--keep-going",
            is_flag=True,
            help="Skip unreadable records (and unreadable files) with a warning, rename a second paper that reuses an id, and build from earlier fetched records when a query API fails, instead of stopping; every skip is counted.",
        ),
        click.option(
            "--query",
            "queries",
            multiple=True,
            metavar="API:QUERY",
            help="A query source instead of [[sources]] (repeatable): arxiv:QUERY, openalex:SEARCH or semanticscholar:QUERY.",
        ),
        click.option("--since", metavar="YYYY-MM-DD", help="Only records from this date on, for every query source."),
        click.option(
            "--scheduler",
            metavar="ADDRESS",
            help="Embed on a Dask cluster: the scheduler's address, e.g. tcp://10.0.0.5:8786 (embedding.scheduler; see docs/scale.md).",
        ),
    ],
)
# Only for commands that use the cache: `site` keeps everything in its state folder instead.
cache = _group(
    CacheOptions,
    "cache",
    [
        click.option(
            "--cache-dir",
            type=click.Path(path_type=Path, file_okay=False),
            help="Where embeddings, fitted themes, rendered outputs and compiled kernels are cached. Default: ~/.cache/reportgen.",
        ),
        click.option("--no-cache", is_flag=True, help="Neither read nor write the cache; nothing outlives the run."),
    ],
)
console = _group(
    ConsoleOptions,
    "console",
    [
        click.option("-v", "--verbose", is_flag=True, help="Show stage timings, and a traceback on errors."),
        click.option("-q", "--quiet", is_flag=True, help="No progress output, only errors and the summary line."),
    ],
)
