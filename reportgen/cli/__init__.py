"""The `reportgen` command.  Maps ReportgenError to one line on stderr and exit code 2.

Heavy libraries are imported inside commands, so `reportgen --help` is instant.
Every command calls runtime.configure first: process-wide settings are made
in one place, before any library that reads them is imported.
"""

from __future__ import annotations

import json
import sys
import time
import traceback
from pathlib import Path
from typing import TYPE_CHECKING, Callable, NoReturn, TypeVar

import click

from reportgen import __version__
from reportgen.config import Settings
from reportgen.errors import ReportgenError

if TYPE_CHECKING:  # the pipeline and render import numpy, Jinja, ...: only when a command runs
    from reportgen.model import Corpus, Embeddings, ThemeSet
    from reportgen.pipeline import BuildResult
    from reportgen.render import OutputFormat

T = TypeVar("T")
Command = TypeVar("Command", bound=Callable[..., None])

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def _fail(error: ReportgenError, verbose: bool) -> NoReturn:
    if verbose:
        traceback.print_exc()
    click.secho(f"error: {error}", fg="red", err=True)
    sys.exit(error.exit_code)


def _run(verbose: bool, action: Callable[[], T]) -> T:
    try:
        return action()
    except ReportgenError as error:
        _fail(error, verbose)
    except KeyboardInterrupt:
        click.secho("interrupted; previous outputs are unchanged", fg="yellow", err=True)
        sys.exit(130)


def _sources(sources: tuple[Path, ...], settings: Settings | None = None) -> list[Path]:
    """The files and folders to read; none when query sources alone define the survey."""
    if sources or (settings is not None and settings.sources):
        return list(sources)
    if not EXAMPLES.is_dir():
        raise click.UsageError("no SOURCES given and the bundled example is not installed; pass files or folders")
    return [EXAMPLES]


def _build_formats() -> dict[str, OutputFormat]:
    from reportgen.render import output_formats

    return output_formats("build")


def _formats(value: str | None) -> tuple[str, ...]:
    """The --format list, checked against the output-format registry (all of `build`'s formats by default)."""
    choices = _build_formats()
    if value is None:
        return tuple(choices)
    formats = tuple(dict.fromkeys(f.strip().lower() for f in value.split(",") if f.strip()))
    unknown = [f for f in formats if f not in choices]
    if unknown or not formats:
        raise click.BadParameter(
            f"unknown format {', '.join(unknown) or '(none)'}; choose from {','.join(choices)}", param_hint="--format"
        )
    return formats


class _FormatOption(click.Option):
    """--format, whose help lists the registered formats: read only when help is shown, so startup stays fast."""

    def get_help_record(self, ctx: click.Context) -> tuple[str, str] | None:
        listed = "; ".join(f"{name}: {f.help}" for name, f in _build_formats().items())
        self.help = f"Comma-separated outputs (default: all). {listed}."
        return super().get_help_record(ctx)


def _settings(
    config: Path | None,
    input_format: str | None,
    keep_going: bool,
    queries: tuple[str, ...] = (),
    since: str | None = None,
    scheduler: str | None = None,
) -> Settings:
    import dataclasses

    from reportgen.config import load_settings, parse_cli_queries

    settings = load_settings(config)
    settings = settings.override("ingest", input_format=input_format, keep_going=keep_going or None)
    settings = settings.override("embedding", scheduler=scheduler)
    if queries or since:
        settings = dataclasses.replace(settings, sources=parse_cli_queries(queries, since, settings.sources))
    return settings


common_options = [
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
]
console_options = [
    click.option("-v", "--verbose", is_flag=True, help="Show stage timings, and a traceback on errors."),
    click.option("-q", "--quiet", is_flag=True, help="No progress output, only errors and the summary line."),
]
# Only for commands that use the cache: `site` keeps everything in its state folder instead.
cache_options = [
    click.option(
        "--cache-dir",
        type=click.Path(path_type=Path, file_okay=False),
        help="Where embeddings, fitted themes, rendered outputs and compiled kernels are cached. Default: ~/.cache/reportgen.",
    ),
    click.option("--no-cache", is_flag=True, help="Neither read nor write the cache; nothing outlives the run."),
]


def with_options(*groups: list[Callable[[Command], Command]]) -> Callable[[Command], Command]:
    def decorate(func: Command) -> Command:
        for option in reversed([o for group in groups for o in group]):
            func = option(func)
        return func

    return decorate


def _finish(result: BuildResult, out_dir: Path, began: float, timings: Path | None) -> None:
    """The summary line; with --timings, the stage timings as JSON for the benchmarks."""
    from reportgen.cli.console import print_summary
    from reportgen.writer import write_atomic

    seconds = time.perf_counter() - began
    if timings:
        write_atomic(
            timings,
            json.dumps({**result.timings, "total": round(seconds, 3), "embedded": result.embedded}, indent=1).encode(),
        )
    print_summary(result, out_dir, seconds)


def _cache_dir(cache_dir: Path | None, no_cache: bool) -> Path | None:
    from reportgen.pipeline import default_cache_dir

    return None if no_cache else (cache_dir or default_cache_dir())


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="reportgen")
def main() -> None:
    """Turn a pile of paper abstracts into a literature survey.

    \b
    Quick start:
      reportgen build                 # the bundled example -> ./survey/
      reportgen build exports/ -o out # your files (.txt, .jsonl, ...)
      reportgen themes exports/       # preview the themes in the terminal
    """


@main.command()
@click.argument("sources", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "-o",
    "--out",
    "out_dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("survey"),
    show_default=True,
    help="Output folder.",
)
@click.option("--format", "formats", cls=_FormatOption, default=None)
@click.option(
    "--timings",
    type=click.Path(path_type=Path, dir_okay=False),
    hidden=True,
    help="Write stage timings as JSON (for benchmarks).",
)
@with_options(common_options, cache_options, console_options)
def build(
    sources: tuple[Path, ...],
    out_dir: Path,
    formats: str | None,
    timings: Path | None,
    config: Path | None,
    input_format: str | None,
    keep_going: bool,
    queries: tuple[str, ...],
    since: str | None,
    scheduler: str | None,
    cache_dir: Path | None,
    no_cache: bool,
    verbose: bool,
    quiet: bool,
) -> None:
    """Build a survey (Markdown, HTML, PDF, JSON) from SOURCES.

    SOURCES are files or folders of paper records; folders are walked. Queries
    (--query, or [[sources]] in reportgen.toml) add papers from arXiv, OpenAlex
    and Semantic Scholar. With neither, the bundled example corpus (examples/) is
    used. Outputs are written atomically: a failed build leaves the previous
    survey as it was.
    """
    from reportgen import runtime
    from reportgen.cli.console import ConsoleReporter
    from reportgen.pipeline import run_build

    chosen = _formats(formats)
    began = time.perf_counter()
    cache = _cache_dir(cache_dir, no_cache)
    runtime.configure(cache)

    def action() -> BuildResult:
        settings = _settings(config, input_format, keep_going, queries, since, scheduler)
        with ConsoleReporter(quiet=quiet, verbose=verbose) as reporter:
            return run_build(_sources(sources, settings), settings, out_dir, chosen, cache_dir=cache, reporter=reporter)

    _finish(_run(verbose, action), out_dir, began, timings)


@main.command()
@click.argument("sources", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--json",
    "as_json",
    is_flag=True,
    help="Print the themes as JSON (id, label, size, keywords, papers) instead of a table.",
)
@with_options(common_options, cache_options, console_options)
def themes(
    sources: tuple[Path, ...],
    as_json: bool,
    config: Path | None,
    input_format: str | None,
    keep_going: bool,
    queries: tuple[str, ...],
    since: str | None,
    scheduler: str | None,
    cache_dir: Path | None,
    no_cache: bool,
    verbose: bool,
    quiet: bool,
) -> None:
    """Preview the themes of SOURCES in the terminal: sizes, labels, keywords.

    Much faster than a full build when the embeddings are cached; use it to try
    theme settings ([themes] in the config) before building.
    """
    from reportgen import runtime
    from reportgen.cli.console import ConsoleReporter, print_themes
    from reportgen.pipeline import Timer, analyse

    cache = _cache_dir(cache_dir, no_cache)
    runtime.configure(cache)

    def action() -> tuple[Corpus, Embeddings, ThemeSet]:
        settings = _settings(config, input_format, keep_going, queries, since, scheduler)
        with ConsoleReporter(quiet=quiet, verbose=verbose) as reporter:
            return analyse(_sources(sources, settings), settings, cache_dir=cache, timer=Timer(reporter))

    corpus, _, found = _run(verbose, action)
    if as_json:
        rows = [
            {"id": t.id, "label": t.label, "size": t.size, "keywords": list(t.keywords), "papers": list(t.paper_ids)}
            for t in found.themes
        ]
        click.echo(json.dumps({"themes": rows, "outliers": list(found.outliers)}, indent=1))
    else:
        print_themes(corpus, found)


@main.command()
@click.argument("sources", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "-o",
    "--out",
    "out_dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("survey-site"),
    show_default=True,
    help="The mkdocs project folder to write (mkdocs.yml, docs/).",
)
@click.option(
    "--state",
    "state_dir",
    type=click.Path(path_type=Path, file_okay=False),
    help="State kept between runs (embeddings, themes, the last run's snapshot). Default: OUT/.reportgen-state. Keep it in CI's cache.",
)
@click.option("--build", "run_mkdocs", is_flag=True, help="Also run `mkdocs build --strict` (output in OUT/site).")
@click.option(
    "--refit",
    is_flag=True,
    help="Refit the themes even if the corpus has not drifted, starting from the existing ones (default: new papers join the existing themes; see docs/living-survey.md).",
)
@click.option(
    "--refit-from-scratch",
    "fresh",
    is_flag=True,
    help="Fit the themes from scratch, ignoring the existing ones: chapters reshuffle (a third of the papers may change theme).",
)
@click.option("--timings", type=click.Path(path_type=Path, dir_okay=False), hidden=True)
@with_options(common_options, console_options)
def site(
    sources: tuple[Path, ...],
    out_dir: Path,
    state_dir: Path | None,
    run_mkdocs: bool,
    refit: bool,
    fresh: bool,
    timings: Path | None,
    config: Path | None,
    input_format: str | None,
    keep_going: bool,
    queries: tuple[str, ...],
    since: str | None,
    scheduler: str | None,
    verbose: bool,
    quiet: bool,
) -> None:
    """Write (and with --build, build) an mkdocs site of the survey: the living survey.

    Run it on a schedule as the corpus grows: only new papers are embedded,
    themes keep their ids and page addresses, and a "What changed" page lists
    new papers and new, grown and shrunk themes. Query sources are asked only
    for what is new since the last run. An unchanged corpus gives
    byte-identical files. The state folder is also the cache (embeddings,
    fitted themes, compiled kernels), so there is no --cache-dir here.
    """
    from reportgen import runtime
    from reportgen.cli.console import ConsoleReporter
    from reportgen.pipeline import run_site

    began = time.perf_counter()
    state = state_dir or out_dir / ".reportgen-state"
    runtime.configure(state)

    def action() -> BuildResult:
        settings = _settings(config, input_format, keep_going, queries, since, scheduler)
        with ConsoleReporter(quiet=quiet, verbose=verbose) as reporter:
            return run_site(
                _sources(sources, settings),
                settings,
                out_dir,
                state_dir=state,
                build=run_mkdocs,
                refit=refit,
                fresh=fresh,
                reporter=reporter,
            )

    _finish(_run(verbose, action), out_dir, began, timings)
