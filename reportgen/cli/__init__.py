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
from reportgen.cli import options
from reportgen.errors import ReportgenError

if TYPE_CHECKING:  # the pipeline and render import numpy, Jinja, ...: only when a command runs
    from reportgen.pipeline import BuildResult
    from reportgen.render import OutputFormat

T = TypeVar("T")


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
@options.out_folder("survey", "Output folder.")
@click.option("--format", "formats", cls=_FormatOption, default=None)
@click.option(
    "--timings",
    type=click.Path(path_type=Path, dir_okay=False),
    hidden=True,
    help="Write stage timings as JSON (for benchmarks).",
)
@options.inputs
@options.cache
@options.console
def build(
    sources: tuple[Path, ...],
    out_dir: Path,
    formats: str | None,
    timings: Path | None,
    inputs: options.InputOptions,
    cache: options.CacheOptions,
    console: options.ConsoleOptions,
) -> None:
    """Build a survey (Markdown, HTML, PDF, JSON) from SOURCES.

    SOURCES are files or folders of paper records; folders are walked. Queries
    (--query, or [[sources]] in reportgen.toml) add papers from arXiv, OpenAlex
    and Semantic Scholar. With neither, the bundled example corpus (examples/) is
    used. Outputs are written atomically: a failed build leaves the previous
    survey as it was.
    """
    from reportgen import runtime
    from reportgen.pipeline import run_build

    chosen = _formats(formats)
    began = time.perf_counter()
    folder = cache.folder()
    runtime.configure(folder)

    def action() -> BuildResult:
        settings = inputs.settings()
        with console.reporter(settings) as reporter:
            papers = options.sources_or_example(sources, settings)
            return run_build(papers, settings, out_dir, chosen, cache_dir=folder, reporter=reporter)

    _finish(_run(console.verbose, action), out_dir, began, timings)


@main.command()
@click.argument("sources", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--json",
    "as_json",
    is_flag=True,
    help="Print the themes as JSON (id, label, size, keywords, papers) instead of a table.",
)
@options.inputs
@options.cache
@options.console
def themes(
    sources: tuple[Path, ...],
    as_json: bool,
    inputs: options.InputOptions,
    cache: options.CacheOptions,
    console: options.ConsoleOptions,
) -> None:
    """Preview the themes of SOURCES in the terminal: sizes, labels, keywords.

    Much faster than a full build when the embeddings are cached; use it to try
    theme settings ([themes] in the config) before building.
    """
    from reportgen import runtime
    from reportgen.cli.console import print_themes
    from reportgen.pipeline import Analysis, Timer, analyse

    folder = cache.folder()
    runtime.configure(folder)

    def action() -> Analysis:
        settings = inputs.settings()
        with console.reporter(settings) as reporter:
            papers = options.sources_or_example(sources, settings)
            return analyse(papers, settings, cache_dir=folder, timer=Timer(reporter))

    found = _run(console.verbose, action)
    if as_json:
        rows = [
            {"id": t.id, "label": t.label, "size": t.size, "keywords": list(t.keywords), "papers": list(t.paper_ids)}
            for t in found.themes.themes
        ]
        click.echo(json.dumps({"themes": rows, "outliers": list(found.themes.outliers)}, indent=1))
    else:
        print_themes(found.corpus, found.themes)


@main.command()
@click.argument("sources", nargs=-1, type=click.Path(path_type=Path))
@options.out_folder("survey-site", "The mkdocs project folder to write (mkdocs.yml, docs/).")
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
@options.inputs
@options.console
def site(
    sources: tuple[Path, ...],
    out_dir: Path,
    state_dir: Path | None,
    run_mkdocs: bool,
    refit: bool,
    fresh: bool,
    timings: Path | None,
    inputs: options.InputOptions,
    console: options.ConsoleOptions,
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
    from reportgen.pipeline import run_site

    began = time.perf_counter()
    state = state_dir or out_dir / ".reportgen-state"
    runtime.configure(state)

    def action() -> BuildResult:
        settings = inputs.settings()
        with console.reporter(settings) as reporter:
            return run_site(
                options.sources_or_example(sources, settings),
                settings,
                out_dir,
                state_dir=state,
                build=run_mkdocs,
                refit=refit,
                fresh=fresh,
                reporter=reporter,
            )

    _finish(_run(console.verbose, action), out_dir, began, timings)
