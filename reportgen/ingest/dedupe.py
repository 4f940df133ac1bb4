"""Merge records that describe the same paper; every merge is recorded as an event."""

from __future__ import annotations

import dataclasses
import hashlib
import re
from typing import Any

from reportgen.ingest.normalize import fingerprint
from reportgen.model import IngestEvent, Paper


def stable_id(title: str | None, abstract: str) -> str:
    """An id derived from content, for records that bring none: the same text gives the same id."""
    basis = fingerprint(abstract) or fingerprint(title or "")
    return "p" + hashlib.sha256(basis.encode()).hexdigest()[:10]


def _keys(paper: Paper) -> list[tuple[str, str]]:
    keys = [("same DOI", doi.lower()) for doi in dict.fromkeys((paper.doi, *paper.dois)) if doi]
    if paper.arxiv_id:
        keys.append(("same arXiv id", paper.arxiv_id.lower()))
    if paper.abstract:
        keys.append(("same abstract", fingerprint(paper.abstract)))
    elif paper.title:
        keys.append(("same title", fingerprint(paper.title)))
    return keys


def merge(kept: Paper, extra: Paper) -> Paper:
    """Keep the richer value of every field and the provenance of both."""
    richer: dict[str, Any] = {}
    for field in dataclasses.fields(Paper):
        if field.name in ("id", "sources", "doi", "dois"):
            continue
        a, b = getattr(kept, field.name), getattr(extra, field.name)
        if (
            not a
            and b
            or isinstance(a, str)
            and isinstance(b, str)
            and len(b) > len(a)
            and field.name in ("abstract", "title")
        ):
            richer[field.name] = b
    sources = kept.sources + tuple(s for s in extra.sources if s not in kept.sources)
    dois = tuple(dict.fromkeys(d for d in (kept.doi, *kept.dois, extra.doi, *extra.dois) if d))
    published = [d for d in dois if not d.startswith(PREPRINT_DOIS)] or list(dois)
    doi = published[0] if published else None
    ordered = (doi, *(d for d in dois if d != doi)) if doi else ()
    return dataclasses.replace(kept, **richer, sources=sources, doi=doi, dois=ordered if len(ordered) > 1 else ())


# DOI prefixes of preprint servers (SSRN, arXiv, bioRxiv/medRxiv, Research Square, Preprints.org): a merged
# record links to the published version's DOI when it has one, and keeps every DOI in `dois`.
PREPRINT_DOIS = ("10.2139/ssrn", "10.48550/arxiv", "10.1101/", "10.21203/rs", "10.20944/preprints")
DIFFERENT = 60  # rapidfuzz ratio below which two titles, or two abstracts, are different texts


def different_papers(a: Paper, b: Paper) -> bool:
    """Records that share an id or a title but whose titles and abstracts (those both carry) all differ: two papers.

    A revised version keeps most of its abstract or its title; three unrelated
    papers under one arXiv id, or 25 under one title, must not become one entry
    with the title of one and the authors of another.
    """
    pairs = [(x, y) for x, y in ((a.title, b.title), (a.abstract, b.abstract)) if x and y]
    return bool(pairs) and all(_differ(x, y) for x, y in pairs)


def _differ(x: str, y: str) -> bool:
    """Two texts, not two versions of one (rapidfuzz ratio of their fingerprints under DIFFERENT)."""
    from rapidfuzz import fuzz

    return fuzz.ratio(fingerprint(x), fingerprint(y)) < DIFFERENT


_DISTINGUISHING = re.compile(r"\b(?:\w*\d\w*|[ivx]+|part)\b")  # 3d / 4d, gpt4, v2, ii
TITLE_SIMILARITY = 93  # rapidfuzz ratio; typos and punctuation differ, different papers rarely come this close


def _title_key(title: str) -> tuple[str, tuple[str, ...]]:
    """Block key (first two words) and the tokens that tell papers apart: numbers ("3D" / "4D"), roman numerals."""
    words = fingerprint(title).split()
    return " ".join(words[:2]), tuple(_DISTINGUISHING.findall(" ".join(words)))


def merge_similar_titles(papers: list[Paper]) -> tuple[list[Paper], list[IngestEvent]]:
    """Merge near-identical titles ("Attention is all you need" / "Attention Is All You Need.").

    Compared only within blocks that share their first two words, so 50,000
    papers cost thousands of comparisons, not billions; "Part I" never merges
    with "Part II" because the distinguishing tokens must agree.
    """
    from rapidfuzz import fuzz

    blocks: dict[str, list[int]] = {}
    for index, paper in enumerate(papers):
        if paper.title and len(paper.title) >= 20:
            blocks.setdefault(_title_key(paper.title)[0], []).append(index)
    into: dict[int, int] = {}
    for members in blocks.values():
        for position, i in enumerate(members):
            if i in into:
                continue
            key_i = _title_key(papers[i].title or "")[1]
            for j in members[position + 1 :]:
                if (
                    j not in into
                    and _title_key(papers[j].title or "")[1] == key_i
                    and fuzz.ratio(fingerprint(papers[i].title or ""), fingerprint(papers[j].title or ""))
                    >= TITLE_SIMILARITY
                    and not _different_abstracts(papers[i], papers[j])
                ):
                    into[j] = i
    merged = list(papers)
    events = []
    for j, i in sorted(into.items()):
        merged[i] = merge(merged[i], papers[j])
        events.append(IngestEvent("merged", "similar title", papers[j].sources[0], into=papers[i].id))
    return [p for k, p in enumerate(merged) if k not in into], events


def dedupe(papers: list[Paper]) -> tuple[list[Paper], list[IngestEvent]]:
    """First occurrence wins the id; later duplicates (same DOI, arXiv id, abstract, or near-same title) merge into it."""
    exact, events = _dedupe_exact(papers)
    fuzzy, more = merge_similar_titles(exact)
    return fuzzy, events + more


def _dedupe_exact(papers: list[Paper]) -> tuple[list[Paper], list[IngestEvent]]:
    kept: list[Paper] = []
    index: dict[tuple[str, str], int] = {}
    events: list[IngestEvent] = []
    for paper in papers:
        keys = _keys(paper)
        hit = next(
            (
                (reason, index[(reason, key)])
                for reason, key in keys
                if (reason, key) in index and not _conflicting(reason, kept[index[(reason, key)]], paper)
            ),
            None,
        )
        if hit is None:
            index.update({(reason, key): len(kept) for reason, key in keys if (reason, key) not in index})
            kept.append(paper)
            continue
        reason, position = hit
        kept[position] = merge(kept[position], paper)
        index.update({k: position for k in _keys(kept[position]) if k not in index})
        events.append(IngestEvent("merged", reason, paper.sources[0], into=kept[position].id))
    return kept, events


def _different_abstracts(a: Paper, b: Paper) -> bool:
    """One title over two different abstracts ("Editorial", "Reply", or 25 records of an export): not one paper."""
    return bool(a.abstract and b.abstract) and _differ(a.abstract or "", b.abstract or "")


def _conflicting(reason: str, kept: Paper, paper: Paper) -> bool:
    """Whether a shared key joins two different papers.

    The same abstract under two unrelated titles is a data error (one export
    pasted the wrong abstract), not one paper; a shared DOI or arXiv id over
    different titles and abstracts is two papers (or, when their ids collide,
    an error), never a chimera.
    """
    if reason == "same abstract":
        return bool(kept.title and paper.title) and _differ(kept.title or "", paper.title or "")
    return reason in ("same DOI", "same arXiv id") and different_papers(kept, paper)
