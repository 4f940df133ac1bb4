"""Terminal output with rich: stage progress, warnings, the closing summary and the theme preview."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table

from reportgen.model import Corpus, ThemeSet

STAGE_NAMES = {
    "fetch": "Fetching query sources",
    "ingest": "Reading sources",
    "embed": "Embedding abstracts",
    "themes": "Finding themes",
    "summarize": "Summarizing themes",
    "charts": "Drawing charts",
    "render": "Rendering documents",
    "write": "Writing files",
    "mkdocs": "Building the site (mkdocs)",
}


class ConsoleReporter:
    """Progress on stderr; silent when quiet or when stderr is not a terminal (CI logs stay clean)."""

    def __init__(self, *, quiet: bool = False, verbose: bool = False, notices: tuple[str, ...] = ()) -> None:
        self.console = Console(stderr=True)
        self.quiet = quiet
        self.verbose = verbose
        self.progress = Progress(
            SpinnerColumn(),
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            TextColumn("[dim]eta[/]"),
            TimeRemainingColumn(),  # from the rate so far: at 54,000 abstracts, embedding is the hour a user wants to plan around
            console=self.console,
            transient=True,
            disable=quiet,
        )
        self.task: TaskID | None = None
        self.notices = notices  # warned as the run starts: deprecated settings it ignores

    def __enter__(self) -> ConsoleReporter:
        self.progress.start()
        for notice in self.notices:
            self.warn(notice)
        return self

    def __exit__(self, *exc: object) -> None:
        self.progress.stop()

    def start(self, stage: str, total: int | None = None) -> None:
        self.task = self.progress.add_task(STAGE_NAMES.get(stage, stage), total=total)

    def advance(self, done: int, total: int) -> None:
        if self.task is not None:
            self.progress.update(self.task, completed=done, total=total)

    def finish(self, stage: str, seconds: float) -> None:
        if self.task is not None:
            self.progress.remove_task(self.task)
            self.task = None
        if not self.quiet:
            self.console.print(
                f"[green]✓[/] {STAGE_NAMES.get(stage, stage)} [dim]{seconds:.1f}s[/]"
                if self.verbose or seconds >= 1
                else f"[green]✓[/] {STAGE_NAMES.get(stage, stage)}",
                highlight=False,
            )

    def warn(self, message: str) -> None:
        self.console.print(f"[yellow]warning:[/] {message}", highlight=False)

    def info(self, message: str) -> None:
        if not self.quiet:
            self.console.print(f"  [dim]{message}[/]", highlight=False)


def print_summary(result: Any, out_dir: Path, seconds: float) -> None:
    report = result.report
    names = ", ".join(sorted({p.name for p in result.written if p.parent == out_dir}))
    console = Console()
    count = len(report.corpus.papers)
    papers = f"{count} paper{'s' if count != 1 else ''}"
    if not report.themes.too_small:
        found = f"{papers}, {len(report.themes.themes)} themes, {len(report.themes.outliers)} other"
    else:
        found = f"{papers}, too few for themes (they need {report.themes.min_papers})"
    console.print(f"Built survey: {found} → {out_dir}/ ({names}) in {seconds:.1f}s", highlight=False)


def print_themes(corpus: Corpus, themes: ThemeSet) -> None:
    console = Console()
    if themes.too_small:
        count = len(corpus.papers)
        Console().print(
            f"{count} paper{'s' if count != 1 else ''}: too few for themes, which need at least {themes.min_papers} papers",
            highlight=False,
        )
        return
    table = Table(title=f"{len(themes.themes)} themes in {len(corpus.papers)} papers", title_justify="left")
    table.add_column("#", justify="right")
    table.add_column("Papers", justify="right")
    table.add_column("Theme")
    table.add_column("Keywords", overflow="fold")
    if themes.groups:
        table.add_column("Group")
    group = {g.id: g.label for g in themes.groups}
    for theme in themes.themes:
        row = [str(theme.id), str(theme.size), theme.label, ", ".join(theme.keywords[:6])]
        parent = group.get(theme.parent, "") if theme.parent is not None else ""
        table.add_row(*row, *([parent] if themes.groups else []))
    if themes.outliers:
        table.add_row("", str(len(themes.outliers)), "[dim]Other[/]", "")
    console.print(table)
