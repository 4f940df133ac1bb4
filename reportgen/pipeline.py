"""The one orchestrator: gather everything, then write (like mkdocs' build command).

Stages are called top to bottom; each is timed.  Progress goes to a Reporter,
which the CLI implements with rich and tests leave silent.
"""

from __future__ import annotations

import functools
import time
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterator, Protocol

from reportgen import embed, headlines, ingest, runtime, summarize, vocab
from reportgen.config import Settings
from reportgen.living.lineage import FitState
from reportgen.model import Changes, Corpus, Embeddings, Report, ThemeSet

if TYPE_CHECKING:
    from reportgen.sources import Fetched


# Below this many papers no theme fit is attempted: the fit (BERTopic, Ward's
# clustering cut by silhouette, themes under min_theme_size dissolved) needs
# several themes of several papers each, and the first version crashed outright
# on 1-6 papers.  A smaller corpus gets a survey without themes, every paper
# listed, and a note saying how many papers themes need.
MIN_PAPERS_FOR_THEMES = 20


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


def fetch_queries(settings: Settings, cache_dir: Path | None, *, timer: Timer) -> tuple[Fetched, ...]:
    """Ask each [[sources]] query for what is new since the cached records; writes nothing (see store_queries)."""
    if not settings.sources:
        return ()
    from reportgen import sources as query_sources

    with timer.stage("fetch"):
        folder = cache_dir / query_sources.CACHE_FOLDER if cache_dir else None
        fetched = query_sources.fetch_all(
            settings.sources,
            settings.fetch,
            folder,
            keep_going=settings.ingest.keep_going,
            warn=timer.reporter.warn,
            progress=timer.reporter.advance,
        )
    for item in fetched:
        timer.reporter.info(query_sources.summary_line(item))
    return fetched


def store_queries(fetched: tuple[Fetched, ...], cache_dir: Path | None, warn: Callable[[str], None]) -> None:
    """Keep the fetched records for the next run; called once the outputs are written (a failure costs a refetch)."""
    if not fetched or not cache_dir:
        return
    from reportgen import sources as query_sources
    from reportgen import writer

    try:
        for name, data in query_sources.cache_files(fetched).items():
            writer.write_atomic(cache_dir / query_sources.CACHE_FOLDER / name, data)
    except OSError as exc:
        warn(f"could not keep the fetched records in {cache_dir} ({exc.strerror or exc}); the next run asks again")


@dataclass(frozen=True, eq=False)
class Analysis:
    """What `build` and `themes` share: the corpus, its vectors and themes, and what the queries fetched."""

    corpus: Corpus
    vectors: Embeddings
    themes: ThemeSet
    fetched: tuple[Fetched, ...]  # kept in the cache once the outputs are written (store_queries)
    cache_dir: Path | None  # the cache folder, or None when it cannot be used


def analyse(sources: list[Path], settings: Settings, *, cache_dir: Path | None, timer: Timer) -> Analysis:
    """Fetch the query sources, ingest, embed and find themes."""
    cache_dir = usable_cache_dir(cache_dir, timer.reporter.warn)
    fetched = fetch_queries(settings, cache_dir, timer=timer)
    corpus, vectors = gather(sources, settings, cache_dir=cache_dir, timer=timer, fetched=fetched)
    with timer.stage("themes"):
        themes = _fit(corpus, vectors, settings, cache_dir=cache_dir, warn=timer.reporter.warn)
    return Analysis(corpus, vectors, themes, fetched, cache_dir)


def gather(
    sources: list[Path],
    settings: Settings,
    *,
    cache_dir: Path | None,
    timer: Timer,
    fetched: tuple[Fetched, ...],
) -> tuple[Corpus, Embeddings]:
    """Ingest (files and the fetched query records) and embed; `cache_dir` is usable or None (usable_cache_dir)."""
    with timer.stage("ingest"):
        records = [(item.query.name, item.records) for item in fetched]
        corpus = ingest.load_corpus(sources, settings.ingest, warn=timer.reporter.warn, fetched=records)
    timer.reporter.info(ingest.summary_line(corpus))
    model = functools.cache(lambda: embed.load_model(settings.embedding))  # loaded once, and only if needed
    with timer.stage("embed"):
        cache = embed.EmbeddingCache(cache_dir / "embeddings.sqlite" if cache_dir else None, warn=timer.reporter.warn)
        vectors = embed.embed_corpus(
            corpus, settings.embedding, cache, timer.reporter.advance, loader=model, encoder=_encoder(settings)
        )
    return corpus, vectors


def _fit(
    corpus: Corpus,
    vectors: Embeddings,
    settings: Settings,
    *,
    cache_dir: Path | None,
    warn: Callable[[str], None],
    previous: ThemeSet | None = None,
) -> ThemeSet:
    if len(corpus.papers) < MIN_PAPERS_FOR_THEMES:
        count = len(corpus.papers)
        warn(
            f"only {count} paper{'s' if count != 1 else ''}: themes need at least {MIN_PAPERS_FOR_THEMES}, so the survey lists the papers without themes"
        )
        return no_themes(corpus)
    from reportgen import themes as theme_stage

    if previous is not None:  # depends on the last themes too: not cached
        return theme_stage.fit_themes(corpus, vectors, settings.themes, previous=previous)
    theme_dir = cache_dir / "themes" if cache_dir else None
    return theme_stage.find_themes(corpus, vectors, settings.themes, cache_dir=theme_dir, warn=warn)


def usable_cache_dir(cache_dir: Path | None, warn: Callable[[str], None]) -> Path | None:
    """The cache folder, or None (with a warning) when it cannot be made or written: a cache only ever costs speed."""
    problem = runtime.folder_problem(cache_dir) if cache_dir is not None else None
    if problem:
        warn(f"cache folder {cache_dir} cannot be used ({problem}); building without a cache")
        return None
    return cache_dir


def no_themes(corpus: Corpus) -> ThemeSet:
    """The ThemeSet of a corpus too small for themes: every paper under "Other", and why, for the documents."""
    return ThemeSet(
        themes=(),
        outliers=tuple(p.id for p in corpus.papers),
        coords={},
        min_papers=MIN_PAPERS_FOR_THEMES,
    )


def _encoder(settings: Settings) -> embed.Encoder | None:
    """Where embedding runs: a Dask cluster when embedding.scheduler is set, else this process."""
    if not settings.embedding.scheduler:
        return None
    from reportgen.embed import dask_cluster

    return dask_cluster.dask_encoder(settings.embedding.scheduler, settings.embedding)


def build_report(corpus: Corpus, vectors: Embeddings, themes: ThemeSet, settings: Settings, *, timer: Timer) -> Report:
    """Everything the documents say; the charts are drawn from it in `publish`, unless a cached render is reused."""
    with timer.stage("summarize"):
        found = {p.id: headlines.extract_headlines(p) for p in corpus.papers}
        field = corpus_field(corpus, settings)
        summaries = summarize.summarize(corpus, vectors, themes, found, settings.summary, vocab.field_profile(field))
    dates = sorted(p.date for p in corpus.papers if p.date)
    return Report(
        title=settings.report.title,
        corpus=corpus,
        themes=themes,
        summaries=summaries.themes,
        headlines=found,
        names=summaries.names,
        charts=(),
        model=embed.model_name(settings.embedding),
        precision=embed.precision(settings.embedding),
        date=settings.report.date or (dates[-1] if dates else None),
        overview=summaries.overview,
        field=field,
    )


def corpus_field(corpus: Corpus, settings: Settings) -> str:
    """The field the document's words follow: as set, or the one whose words most abstracts use."""
    if settings.summary.field != "auto":
        return settings.summary.field
    return vocab.detect_field([p.abstract for p in corpus.papers]).key


def publish(
    corpus: Corpus,
    vectors: Embeddings,
    themes: ThemeSet,
    settings: Settings,
    formats: tuple[str, ...],
    out_dir: Path,
    *,
    cache_dir: Path | None,
    timer: Timer,
    changes: Changes | None = None,
    before_swap: Callable[[Path], None] | None = None,
) -> tuple[Report, tuple[Path, ...]]:
    """The tail `build` and `site` share: the report, its charts and files (or a cached render of the same), written.

    The output folder is replaced as one unit (writer.write_outputs); `before_swap`
    checks the new folder (mkdocs for the site) before it replaces the old one.
    """
    from reportgen import render, writer
    from reportgen.render import cache as outputs_cache
    from reportgen.render import charts

    report = build_report(corpus, vectors, themes, settings, timer=timer)
    key = outputs_cache.cache_key(report, formats, settings, changes) if cache_dir else None
    expected = render.expected_files(formats)
    files = (
        outputs_cache.load(cache_dir / "outputs", key, expected, warn=timer.reporter.warn)
        if cache_dir and key
        else None
    )
    if files is None:
        with timer.stage("charts"):
            report = replace(
                report, charts=charts.make_charts(report.corpus, report.themes, report.summaries, report.headlines)
            )
        with timer.stage("render"):
            files = render.render_outputs(report, formats, settings, changes=changes)
        if cache_dir and key:
            outputs_cache.store(cache_dir / "outputs", key, files, warn=timer.reporter.warn)
    else:
        timer.reporter.info("same input, settings and templates as a cached build: reusing its charts and documents")
    owned = render.owned_paths("site" if "site" in formats else "build")
    with timer.stage("write"):
        written = writer.write_outputs(out_dir, files, before_swap=before_swap, owned=owned)
    return report, tuple(written)


def run_build(
    sources: list[Path],
    settings: Settings,
    out_dir: Path,
    formats: tuple[str, ...],
    *,
    cache_dir: Path | None,
    reporter: Reporter | None = None,
) -> BuildResult:
    """Build the survey into out_dir, holding the folder's lock so that concurrent builds queue."""
    from reportgen import writer

    writer.check_output_folder(out_dir)  # before any work: the folder must be one the build can replace
    timer = Timer(reporter or SilentReporter())
    with writer.output_lock(out_dir, on_wait=timer.reporter.info):
        found = analyse(sources, settings, cache_dir=cache_dir, timer=timer)
        report, written = publish(
            found.corpus,
            found.vectors,
            found.themes,
            settings,
            formats,
            out_dir,
            cache_dir=found.cache_dir,
            timer=timer,
        )
        store_queries(found.fetched, found.cache_dir, timer.reporter.warn)
    return BuildResult(report=report, written=written, timings=timer.timings, embedded=found.vectors.computed)


def run_site(
    sources: list[Path],
    settings: Settings,
    out_dir: Path,
    *,
    state_dir: Path,
    build: bool = False,
    refit: bool = False,
    fresh: bool = False,
    reporter: Reporter | None = None,
) -> BuildResult:
    """The living survey: a function of (corpus, state folder), written as an mkdocs project plus the next state.

    Themes come from the state when it holds a compatible fit and the corpus
    has not drifted (lineage.refit_reason, lineage.unplaced_reason): new papers
    are placed in them (assign.extend_themes), with no refit.  Otherwise, or
    with refit=True, the themes are refitted starting from the stored ones; with
    an empty state, changed settings or fresh=True, fitted from scratch.  Either
    way they are matched to the last run's ids.  "What changed" compares with the last
    *different* corpus and says whether this run refitted, so a rerun on an
    unchanged corpus writes byte-identical pages.  The state folder is the
    cache for embeddings and themes; rendered pages are not cached there.
    """
    from reportgen import writer
    from reportgen.living import lineage
    from reportgen.render import site

    writer.check_output_folder(out_dir)
    timer = Timer(reporter or SilentReporter())
    with writer.output_lock(out_dir, on_wait=timer.reporter.info):
        stored = lineage.read_fit(state_dir)  # before any work: an unreadable state stops the run at once
        cache_dir = usable_cache_dir(state_dir, timer.reporter.warn)  # the state folder is the cache, too
        fetched = fetch_queries(settings, cache_dir, timer=timer)
        corpus, vectors = gather(sources, settings, cache_dir=cache_dir, timer=timer, fetched=fetched)
        with timer.stage("themes"):
            themes, fit = _site_themes(
                corpus,
                vectors,
                settings,
                stored,
                state_dir=state_dir,
                forced=refit,
                fresh=fresh,
                warn=timer.reporter.warn,
            )
        note = fit.note
        assert note is not None  # _site_themes always says why it kept or refitted the themes
        timer.reporter.info(("refitted the themes: " if note.refitted else "kept the themes: ") + note.reason)
        themes, changes, state = lineage.advance(themes, tuple(p.id for p in corpus.papers), state_dir)
        changes = replace(changes, refitted=note.refitted, refit_reason=note.reason)
        check = (
            (lambda staged: site.mkdocs_build(staged, shown=out_dir)) if build else None
        )  # before the new folder replaces the old
        report, written = publish(
            corpus,
            vectors,
            themes,
            settings,
            ("site",),
            out_dir,
            cache_dir=None,
            timer=timer,
            changes=changes,
            before_swap=check,
        )
        published = replace(fit, themes=themes)  # ids after matching: the next run places papers in these
        writer.write_file(state_dir / lineage.FIT_FILE, lineage.fit_bytes(published))
        writer.write_file(state_dir / lineage.STATE_FILE, state)
        store_queries(fetched, cache_dir, timer.reporter.warn)
    return BuildResult(report=report, written=written, timings=timer.timings, embedded=vectors.computed)


def fit_key(settings: Settings, model: str) -> str:
    """Names what a stored fit depends on: the embedding model and every theme setting."""
    import hashlib
    import json

    return hashlib.sha256(json.dumps([model, settings.as_dict()["themes"]], sort_keys=True).encode()).hexdigest()[:16]


def _site_themes(
    corpus: Corpus,
    vectors: Embeddings,
    settings: Settings,
    fit: FitState | None,
    *,
    state_dir: Path,
    forced: bool,
    fresh: bool = False,
    warn: Callable[[str], None],
) -> tuple[ThemeSet, FitState]:
    """Placed in the stored themes when the drift rule allows it, else refitted; with the fit state to keep.

    A refit starts from the stored themes when they are compatible (same model
    and theme settings); a first build, changed settings or `fresh` fit from scratch.
    """
    from reportgen import themes as theme_stage
    from reportgen.living import assign, lineage
    from reportgen.themes.features import space_threshold

    key = fit_key(settings, vectors.model)
    ids = {p.id for p in corpus.papers}
    reason = "asked for (--refit-from-scratch)" if fresh else lineage.refit_reason(fit, key, ids, forced=forced)
    if reason is None and fit is not None:
        space = theme_stage.theme_vectors(corpus, vectors, settings.themes)
        extended = assign.extend_themes(fit.themes, space, space_threshold(settings.themes.outlier_threshold))
        reason = lineage.unplaced_reason(fit, set(extended.themes.outliers), ids)
        if reason is None:
            if not extended.added and not extended.removed and fit.note is not None:
                return extended.themes, fit  # the same corpus as the last run: the same pages
            placed = len(extended.added) - len(extended.unplaced)
            why = f"{len(extended.added)} new papers placed in the existing themes ({placed} by nearest theme centre, {len(extended.unplaced)} to Other), {len(extended.removed)} removed; {len(ids - set(fit.papers))} papers added since the last fit on {len(fit.papers)}"
            return extended.themes, replace(fit, note=lineage.FitNote(refitted=False, reason=why))
    previous = fit.themes if fit is not None and fit.key == key and not fresh else None
    if previous is not None and previous.themes:  # a refit starts from the last themes (cluster.warm_partition)
        themes = _fit(corpus, vectors, settings, cache_dir=None, warn=warn, previous=previous)
        reason = f"{reason} (the fit started from the last themes)"
    else:
        themes = _fit(corpus, vectors, settings, cache_dir=state_dir, warn=warn)
    note = lineage.FitNote(refitted=True, reason=reason or "asked for")
    return themes, lineage.FitState(key=key, papers=tuple(sorted(ids)), themes=themes, note=note)
