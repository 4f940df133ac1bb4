"""survey.json: the machine-readable result other tools read.  Fields may be added, never renamed.

The keys are the contract, not the model's field names: a field renamed in the code keeps its key here.
"""

from __future__ import annotations

import dataclasses
import json

from reportgen.config import Settings
from reportgen.model import BestResult, Headline, Report, Statement, Synthesis
from reportgen.render.context import query_rows, too_small_note
from reportgen.render.formats import OutputFormat, Rendering

SCHEMA_VERSION = 1


def _headline(h: Headline) -> dict[str, object]:
    return dataclasses.asdict(h)


def statement_to_dict(s: Statement) -> dict[str, object]:
    return {
        "part": s.part,
        "text": s.text,
        "cites": list(s.cites),
        "spans": [dataclasses.asdict(span) for span in s.spans],
    }


def _result(r: BestResult) -> dict[str, object]:
    """A state-of-the-art row; its dataset keeps the contract's name, "benchmark"."""
    return {
        "benchmark": r.dataset,
        "metric": r.metric,
        "headline": _headline(r.headline),
        "reporting": list(r.reporting),
        "excerpt": r.excerpt,
    }


def _synthesis(s: Synthesis) -> dict[str, object]:
    out = dataclasses.asdict(s)
    out["results"] = [_result(r) for r in s.results]
    out["statements"] = [statement_to_dict(st) for st in s.statements]
    return out


def report_to_dict(report: Report, settings: Settings) -> dict[str, object]:
    theme_of = report.themes.theme_of()
    papers = [
        {
            "id": p.id,
            "title": p.title,
            "name": report.names[p.id],
            "abstract": p.abstract,
            "authors": list(p.authors),
            "author_count": p.n_authors,
            "date": p.date,
            "categories": list(p.categories),
            "doi": p.doi,
            "dois": list(p.dois or ((p.doi,) if p.doi else ())),
            "arxiv_id": p.arxiv_id,
            "url": p.url,
            "sources": list(p.sources),
            "theme": theme_of.get(p.id),
            "coords": list(report.themes.coords.get(p.id, ())),
            "headlines": [_headline(h) for h in report.headlines.get(p.id, ())],
        }
        for p in report.corpus.papers
    ]
    themes = [
        {
            "id": t.id,
            "label": t.label,
            "slug": t.slug,
            "keywords": list(t.keywords),
            "size": t.size,
            "parent": t.parent,
            "papers": list(t.paper_ids),
            "representatives": list(report.summary_of(t.id).representatives),
            "headlines": [_headline(h) for h in report.summary_of(t.id).headlines],
            "summary": [dataclasses.asdict(c) for c in report.summary_of(t.id).summary],
            "synthesis": _synthesis(report.summary_of(t.id).synthesis),
        }
        for t in report.themes.themes
    ]
    note = too_small_note(report)
    return {
        "schema_version": SCHEMA_VERSION,
        **({"note": note} if note else {}),
        "title": report.title,
        "date": report.date,
        "field": report.field,
        "papers": papers,
        "themes": themes,
        "overview": [statement_to_dict(st) for st in report.overview],
        "outliers": list(report.themes.outliers),
        "groups": [dataclasses.asdict(g) for g in report.themes.groups],
        "ingest": {
            "sources": list(report.corpus.sources),
            "queries": query_rows(report, settings),
            "merged": report.corpus.counts("merged"),
            "skipped": report.corpus.counts("skipped"),
            "events": [dataclasses.asdict(e) for e in report.corpus.events],
        },
        "settings": settings.as_dict(),
    }


def render_json(report: Report, settings: Settings) -> str:
    return (
        json.dumps(report_to_dict(report, settings), indent=2, ensure_ascii=False, sort_keys=False, default=str) + "\n"
    )


def json_files(job: Rendering) -> dict[str, bytes]:
    return {"survey.json": render_json(job.report, job.settings).encode()}


OUTPUT_FORMATS = (OutputFormat("json", "survey.json, the machine-readable result", json_files, files=("survey.json",)),)
