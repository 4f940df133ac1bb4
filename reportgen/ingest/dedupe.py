"""Merge records that describe the same paper; every merge is recorded as an event."""

from __future__ import annotations

import dataclasses
import hashlib

from reportgen.ingest.normalize import fingerprint
from reportgen.model import IngestEvent, Paper


def stable_id(title: str | None, abstract: str) -> str:
    """An id derived from content, for records that bring none: the same text gives the same id."""
    basis = fingerprint(abstract) or fingerprint(title or "")
    return "p" + hashlib.sha256(basis.encode()).hexdigest()[:10]


def _keys(paper: Paper) -> list[tuple[str, str]]:
    keys = []
    if paper.doi:
        keys.append(("same DOI", paper.doi.lower()))
    if paper.arxiv_id:
        keys.append(("same arXiv id", paper.arxiv_id.lower()))
    if paper.abstract:
        keys.append(("same abstract", fingerprint(paper.abstract)))
    elif paper.title:
        keys.append(("same title", fingerprint(paper.title)))
    return keys


def merge(kept: Paper, extra: Paper) -> Paper:
    """Keep the richer value of every field and the provenance of both."""
    richer = {}
    for field in dataclasses.fields(Paper):
        if field.name in ("id", "sources"):
            continue
        a, b = getattr(kept, field.name), getattr(extra, field.name)
        if not a and b:
            richer[field.name] = b
        elif isinstance(a, str) and isinstance(b, str) and len(b) > len(a) and field.name in ("abstract", "title"):
            richer[field.name] = b
    sources = kept.sources + tuple(s for s in extra.sources if s not in kept.sources)
    return dataclasses.replace(kept, **richer, sources=sources)


def dedupe(papers: list[Paper]) -> tuple[list[Paper], list[IngestEvent]]:
    """First occurrence wins the id; later duplicates merge into it."""
    kept: list[Paper] = []
    index: dict[tuple[str, str], int] = {}
    events: list[IngestEvent] = []
    for paper in papers:
        keys = _keys(paper)
        hit = next(((reason, index[(reason, key)]) for reason, key in keys if (reason, key) in index), None)
        if hit is None:
            index.update({(reason, key): len(kept) for reason, key in keys})
            kept.append(paper)
            continue
        reason, position = hit
        kept[position] = merge(kept[position], paper)
        index.update({k: position for k in _keys(kept[position]) if k not in index})
        events.append(IngestEvent("merged", reason, paper.sources[0], into=kept[position].id))
    return kept, events
