"""The one orchestrator: gather everything, then write (like mkdocs' build command).

Stages are called top to bottom; each is timed.  Progress goes to a Reporter,
which the CLI implements with rich and tests leave silent.
"""

from __future__ import annotations

import functools
import os
import time
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Iterator, Protocol

from reportgen import embed, headlines, ingest, summarize
from reportgen import names as names_stage
from reportgen.config import Settings
from reportgen.model import Corpus, Embeddings, Report, ThemeSet

if TYPE_CHECKING:
    from reportgen.sources import Fetched


class Reporter(Protocol):
    def start(self, stage: str, total: int | None = None) -> None: ...
    def advance(self, done: int, total: int) -> None: ...
    def finish(self, stage: str, seconds: float) -> None: ...
    def warn(self, message: str) -> None: ...
    def info(self, message: str) -> None: ...


class SilentReporter:
    def start(self, stage: str, total: int | None = None) -> None:
        pass

    def advance(self, done: int, total: int) -> None:
        pass

    def finish(self, stage: str, seconds: float) -> None:
        pass

    def warn(self, message: str) -> None:
        pass

    def info(self, message: str) -> None:
        pass


@dataclass
class Timer:
    reporter: Reporter
    timings: dict[str, float] = field(default_factory=dict)

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        self.reporter.start(name)
        began = time.perf_counter()
        yield
        self.timings[name] = round(time.perf_counter() - began, 3)
        self.reporter.finish(name, self.timings[name])


@dataclass(frozen=True)
class BuildResult:
    report: Report
    written: tuple[Path, ...]
    timings: dict[str, float]
    embedded: int  # papers embedded in this run (the rest came from the cache)


def default_cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "reportgen"


def fetch_queries(settings: Settings, cache_dir: Path | None, *, timer: Timer) -> "tuple[Fetched, ...]":
    """Ask each [[sources]] query for what is new since the cached records; writes nothing (see store_queries)."""
    if not settings.sources:
        return ()
    from reportgen import sources as query_sources

    with timer.stage("fetch"):
        folder = cache_dir / query_sources.CACHE_FOLDER if cache_dir else None
        fetched = query_sources.fetch_all(settings.sources, settings.fetch, folder, keep_going=settings.ingest.keep_going, warn=timer.reporter.warn, progress=timer.reporter.advance)
    for item in fetched:
        timer.reporter.info(query_sources.summary_line(item))
    return fetched


def store_queries(fetched: "tuple[Fetched, ...]", cache_dir: Path | None) -> None:
    """Keep the fetched records for the next run; called once the outputs are written."""
    if not fetched or not cache_dir:
        return
    from reportgen import sources as query_sources
    from reportgen import writer

    for name, data in query_sources.cache_files(fetched).items():
        writer.write_atomic(cache_dir / query_sources.CACHE_FOLDER / name, data)


def analyse(sources: list[Path], settings: Settings, *, cache_dir: Path | None, timer: Timer, fetched: "tuple[Fetched, ...] | None" = None) -> tuple[Corpus, Embeddings, ThemeSet]:
    """Ingest, embed and find themes: the part `build`, `themes` and `site` share."""
    if cache_dir:  # compiled UMAP kernels live beside the other caches (and travel with a CI state folder)
        os.environ.setdefault("NUMBA_CACHE_DIR", str(cache_dir / "numba"))
    from reportgen import themes as theme_stage

    if fetched is None:
        fetched = fetch_queries(settings, cache_dir, timer=timer)
    with timer.stage("ingest"):
        records = [(item.query.name, item.records) for item in fetched]
        corpus = ingest.load_corpus(sources, settings.ingest, warn=timer.reporter.warn, fetched=records)
    timer.reporter.info(ingest.summary_line(corpus))
    model = functools.cache(lambda: embed.load_model(settings.embedding))  # loaded once, and only if needed
    with timer.stage("embed"):
        cache = embed.EmbeddingCache(cache_dir / "embeddings.sqlite" if cache_dir else None)
        vectors = embed.embed_corpus(corpus, settings.embedding, cache, timer.reporter.advance, loader=model, encoder=_encoder(settings))
    with timer.stage("themes"):
        theme_dir = cache_dir / "themes" if cache_dir else None
        themes = theme_stage.find_themes(corpus, vectors, settings.themes, cache_dir=theme_dir, warn=timer.reporter.warn)
    return corpus, vectors, themes


def _encoder(settings: Settings) -> embed.Encoder | None:
    """Where embedding runs: a Dask cluster when embedding.scheduler is set, else this process."""
    if not settings.embedding.scheduler:
        return None
    from reportgen import cluster

    return cluster.dask_encoder(settings.embedding.scheduler, settings.embedding)


def build_report(corpus: Corpus, vectors: Embeddings, themes: ThemeSet, settings: Settings, *, timer: Timer) -> Report:
    """Everything the documents say; the charts are drawn from it by `with_charts`."""
    with timer.stage("summarize"):
        found = {p.id: headlines.extract_headlines(p) for p in corpus.papers}
        papers = corpus.by_id()
        by_id = dict(zip(vectors.ids, vectors.vectors))
        summaries = tuple(summarize.summarize_theme(t, papers, by_id, found, settings.summary) for t in themes.themes)
        names = {p.id: names_stage.display_name(p) for p in corpus.papers}
    dates = sorted(p.date for p in corpus.papers if p.date)
    return Report(
        title=settings.report.title,
        corpus=corpus,
        themes=themes,
        summaries=summaries,
        headlines=found,
        names=names,
        charts=(),
        settings=settings.as_dict(),
        date=settings.report.date or (dates[-1] if dates else None),
        extras={"model": vectors.model},
    )


def with_charts(report: Report, *, timer: Timer) -> Report:
    from reportgen import charts

    with timer.stage("charts"):
        return replace(report, charts=charts.make_charts(report.corpus, report.themes, report.summaries, report.headlines))


def run_build(sources: list[Path], settings: Settings, out_dir: Path, formats: tuple[str, ...], *, cache_dir: Path | None, reporter: Reporter | None = None) -> BuildResult:
    from reportgen import outputs_cache, render, writer

    timer = Timer(reporter or SilentReporter())
    fetched = fetch_queries(settings, cache_dir, timer=timer)
    corpus, vectors, themes = analyse(sources, settings, cache_dir=cache_dir, timer=timer, fetched=fetched)
    report = build_report(corpus, vectors, themes, settings, timer=timer)
    key = outputs_cache.cache_key(report, formats, settings.report) if cache_dir else None
    files = outputs_cache.load(cache_dir / "outputs", key) if key else None
    if files is None:
        report = with_charts(report, timer=timer)
        with timer.stage("render"):
            files = render.render_outputs(report, formats, settings.report)
        if key:
            outputs_cache.store(cache_dir / "outputs", key, files)
    else:
        timer.reporter.info("same input, settings and templates as a cached build: reusing its charts and documents")
    with timer.stage("write"):
        written = writer.write_outputs(out_dir, files)
        store_queries(fetched, cache_dir)
    return BuildResult(report=report, written=tuple(written), timings=timer.timings, embedded=vectors.computed)


def run_site(sources: list[Path], settings: Settings, out_dir: Path, *, state_dir: Path, build: bool = False, reporter: Reporter | None = None) -> BuildResult:
    """The living survey: same analysis, themes matched to the last run's, an mkdocs project, the state for next time.

    "What changed" compares with the last *different* corpus, so a rerun on an
    unchanged corpus writes byte-identical pages.
    """
    from reportgen import lineage, site, writer

    timer = Timer(reporter or SilentReporter())
    fetched = fetch_queries(settings, state_dir, timer=timer)
    corpus, vectors, themes = analyse(sources, settings, cache_dir=state_dir, timer=timer, fetched=fetched)
    baseline, latest = site.read_state(state_dir)
    themes, next_id = lineage.match_themes(themes, latest)
    report = with_charts(build_report(corpus, vectors, themes, settings, timer=timer), timer=timer)
    current = lineage.snapshot(themes, tuple(p.id for p in corpus.papers), next_id)
    if latest is not None and current != latest:
        baseline = latest
    changes = lineage.diff(baseline, current)
    with timer.stage("render"):
        files = site.render_site(report, changes, settings.report)
    with timer.stage("write"):
        written = writer.write_outputs(out_dir, files)
        writer.write_atomic(state_dir / site.STATE_FILE, site.state_bytes(baseline, current))
        store_queries(fetched, state_dir)
    if build:
        with timer.stage("mkdocs"):
            site.mkdocs_build(out_dir)
    return BuildResult(report=report, written=tuple(written), timings=timer.timings, embedded=vectors.computed)
