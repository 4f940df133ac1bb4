"""Fetched records kept between runs: one JSON file per query, named by what the API is asked.

Pure except `read`: encoding, merging and the date a rerun asks from are
plain functions.  Records are kept sorted (date, then id), so a survey built
from one big fetch and one built from many weekly ones see the same order.
"""

from __future__ import annotations

import dataclasses
import datetime
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterable

from reportgen.codec import parse_json
from reportgen.config import QuerySource
from reportgen.ingest.records import RawRecord
from reportgen.sources.base import record_key

VERSION = 1


@dataclass(frozen=True)
class Cached:
    fetched_at: str  # ISO 8601 UTC of the last successful fetch
    records: tuple[RawRecord, ...]


def file_name(query: QuerySource) -> str:
    return f"{query.api}-{query.key}.json"


def read(folder: Path | None, query: QuerySource, warn: Callable[[str], None]) -> Cached | None:
    """The query's cached records; an unreadable file is reported and treated as absent (the query is fetched whole)."""
    path = folder / file_name(query) if folder else None
    if path is None or not path.is_file():
        return None
    try:
        return decode(path.read_bytes())
    except (OSError, ValueError, KeyError, TypeError) as exc:
        warn(f"{path}: unreadable cached records ({exc}); fetching '{query.name}' from the start")
        return None


def decode(data: bytes) -> Cached:
    raw = parse_json(data)
    if raw.get("version") != VERSION:
        raise ValueError(f"cache version {raw.get('version')!r}, expected {VERSION}")
    fields = {f.name for f in dataclasses.fields(RawRecord)}
    rows: list[dict[str, Any]] = [
        {k: tuple(v) if isinstance(v, list) else v for k, v in r.items() if k in fields} for r in raw["records"]
    ]
    records = tuple(RawRecord(**row) for row in rows)
    return Cached(fetched_at=str(raw["fetched_at"]), records=records)


def encode(query: QuerySource, cached: Cached) -> bytes:
    data = {
        "version": VERSION,
        "query": query.to_dict(),
        "fetched_at": cached.fetched_at,
        "records": [dataclasses.asdict(r) for r in cached.records],
    }
    return (json.dumps(data, indent=1, ensure_ascii=False, sort_keys=True) + "\n").encode()


def merge(old: Iterable[RawRecord], fetched: Iterable[RawRecord]) -> tuple[tuple[RawRecord, ...], tuple[str, ...]]:
    """All records (a fetched one updates the cached one with its id) and the ids of those not cached before.

    A fetched record never makes a cached one poorer: a field the new answer
    lacks (an abstract, the authors, the date) keeps its cached value.
    """
    by_key = {record_key(r): r for r in old}
    before = set(by_key)
    for record in fetched:
        key = record_key(record)
        by_key[key] = _updated(by_key[key], record) if key in by_key else record
    ordered = tuple(sorted(by_key.values(), key=lambda r: (r.date or "", record_key(r))))
    return ordered, tuple(sorted(set(by_key) - before))


def _updated(cached: RawRecord, fetched: RawRecord) -> RawRecord:
    """The fetched record, with each field it leaves empty taken from the cached one."""
    kept = {
        f.name: getattr(cached, f.name)
        for f in dataclasses.fields(RawRecord)
        if not getattr(fetched, f.name) and getattr(cached, f.name)
    }
    return dataclasses.replace(fetched, **kept)


def window_start(query: QuerySource, cached: Cached | None, overlap_days: int) -> str | None:
    """The date to ask from: the newest cached record's, less the overlap for late-indexed records; never before `since`."""
    dates = [r.date for r in (cached.records if cached else ()) if r.date]
    if not dates:
        return query.since
    newest = max(dates)
    day = datetime.date.fromisoformat((newest + "-01-01")[:10] if len(newest) < 10 else newest[:10])
    start = (day - datetime.timedelta(days=max(overlap_days, 0))).isoformat()
    return max(start, query.since) if query.since else start


def age(fetched_at: str, now: datetime.datetime) -> str:
    """'3 days', '5 hours', '12 minutes': how old cached records are, for the --keep-going warning."""
    try:
        then = datetime.datetime.fromisoformat(fetched_at.replace("Z", "+00:00"))
    except ValueError:
        return "an unknown time"
    seconds = max(0, int((now - then).total_seconds()))
    for unit, size in (("day", 86400), ("hour", 3600), ("minute", 60)):
        if seconds >= size:
            n = seconds // size
            return f"{n} {unit}{'s' if n != 1 else ''}"
    return "less than a minute"
