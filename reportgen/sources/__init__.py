"""Query sources: papers gathered from arXiv, OpenAlex and Semantic Scholar by the queries in [[sources]].

A registry of API modules (each: address, pace, page size, `first_params`,
`parse_page`, `headers`), one paging loop, and a per-query cache in the state
folder so that a weekly run asks only for what is new.  Everything is fetched
before anything is written: an API failure stops the run with one line naming
the source (exit 2), unless --keep-going, which falls back on the records
fetched before and says how old they are.  Records leave here as RawRecords
and go through the same normalisation and dedupe as file records.
"""

from __future__ import annotations

import dataclasses
import datetime
import os
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any, Callable, Sequence

from reportgen.config import FetchSettings, QuerySource
from reportgen.errors import SourceError
from reportgen.ingest.records import RawRecord
from reportgen.sources import arxiv, cache, openalex, semanticscholar
from reportgen.sources.base import FlakyPage, MalformedResponse, Page
from reportgen.sources.http import GIVE_UP_HINT, PoliteClient, user_agent

APIS: dict[str, ModuleType] = {"arxiv": arxiv, "openalex": openalex, "semanticscholar": semanticscholar}
CACHE_FOLDER = "queries"  # inside the state folder (site) or the cache folder (build)


@dataclass(frozen=True)
class Fetched:
    """A query's records after this run: the cached ones plus what was new."""

    query: QuerySource
    records: tuple[RawRecord, ...]
    new: tuple[str, ...]  # keys of the records this run added
    fetched_at: str  # when these records were last fetched ("" when never)
    stale: bool = False  # the fetch failed and --keep-going fell back on the cache
    requests: int = 0


def label(query: QuerySource) -> str:
    """How messages name a query: its API and its name."""
    shown = query.text if query.name == f"{query.api}: {query.text}" else query.name
    return f"{query.api} query '{shown}'"


def fetch_all(
    queries: Sequence[QuerySource],
    fetch: FetchSettings,
    folder: Path | None,
    *,
    keep_going: bool = False,
    warn: Callable[[str], None] = lambda _: None,
    progress: Callable[[int, int], None] = lambda done, total: None,
    now: datetime.datetime | None = None,
    sleep: Callable[[float], None] | None = None,
) -> tuple[Fetched, ...]:
    """Fetch every query (new records only, where a cache exists); writes nothing."""
    now = now or datetime.datetime.now(datetime.UTC)
    fetch = dataclasses.replace(
        fetch, email=fetch.email or os.environ.get("REPORTGEN_EMAIL") or None
    )  # CI keeps it in a secret
    clients: dict[str, PoliteClient] = {}
    try:
        return tuple(
            _fetch_one(q, fetch, folder, _client(clients, q.api, fetch, sleep), keep_going, warn, progress, now)
            for q in queries
        )
    finally:
        for client in clients.values():
            client.close()


def _client(
    clients: dict[str, PoliteClient], api: str, fetch: FetchSettings, sleep: Callable[[float], None] | None
) -> PoliteClient:
    """One client per API, so its pace holds across queries."""
    if api not in clients:
        module = APIS[api]
        interval = module.MIN_INTERVAL if fetch.min_interval is None else fetch.min_interval
        extra: dict[str, Any] = {"sleep": sleep} if sleep else {}
        headers = {"User-Agent": user_agent(fetch.email), **module.headers(fetch)}
        clients[api] = PoliteClient(
            min_interval=interval,
            retries=fetch.retries,
            backoff=fetch.backoff,
            timeout=fetch.timeout,
            headers=headers,
            **extra,
        )
    return clients[api]


def _fetch_one(
    query: QuerySource,
    fetch: FetchSettings,
    folder: Path | None,
    client: PoliteClient,
    keep_going: bool,
    warn: Callable[[str], None],
    progress: Callable[[int, int], None],
    now: datetime.datetime,
) -> Fetched:
    cached = cache.read(folder, query, warn)
    since = cache.window_start(query, cached, fetch.overlap_days)
    before = client.requests
    try:
        records = fetch_records(query, since, fetch, client, progress)
    except SourceError as exc:
        if not keep_going:
            raise
        if cached is None:
            warn(f"{exc.message}; no records of this query were fetched before, going on without it")
            return Fetched(query, (), (), "", stale=True, requests=client.requests - before)
        warn(
            f"{exc.message}; going on with the {len(cached.records)} records fetched {cache.age(cached.fetched_at, now)} ago ({cached.fetched_at})"
        )
        return Fetched(query, cached.records, (), cached.fetched_at, stale=True, requests=client.requests - before)
    merged, new = cache.merge(cached.records if cached else (), records)
    stamp = now.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return Fetched(query, merged, new, stamp, requests=client.requests - before)


def fetch_records(
    query: QuerySource,
    since: str | None,
    fetch: FetchSettings,
    client: PoliteClient,
    progress: Callable[[int, int], None] = lambda done, total: None,
) -> list[RawRecord]:
    """Page to the end (or to `max_records`): every record the query returns from `since` on."""
    api = APIS[query.api]
    url = getattr(fetch, f"{query.api}_url") or api.DEFAULT_URL
    params: dict[str, str] | None = api.first_params(query, since, fetch.page_size or api.PAGE_SIZE, fetch)
    records: list[RawRecord] = []
    asked: set[tuple[tuple[str, str], ...]] = set()
    while params is not None:
        asked.add(tuple(sorted(params.items())))
        page = _page(api, client, query, url, params, since, fetch)
        records.extend(page.records)
        progress(len(records), max(page.total or 0, len(records)))
        if query.max_records and len(records) >= query.max_records:
            return records[: query.max_records]
        params = page.next
        if params is not None and tuple(sorted(params.items())) in asked:
            raise SourceError(
                label(query),
                "the API pointed to the same next page twice (a cursor or token that does not advance)",
                hint="try again later; the API is misbehaving",
            )
    return records


def _page(
    api: ModuleType,
    client: PoliteClient,
    query: QuerySource,
    url: str,
    params: dict[str, str],
    since: str | None,
    fetch: FetchSettings,
) -> Page:
    """One page, asked again (with backoff) when the API documents the answer as transient."""
    for attempt in range(fetch.retries + 1):
        response = client.get(label(query), url, params)
        try:
            page: Page = api.parse_page(response.content, params, since, query.name)
            return page
        except MalformedResponse as exc:
            raise SourceError(
                label(query),
                f"malformed answer from {response.url.host}: {exc}",
                hint="a proxy may have answered, or the API changed; try again later",
            ) from None
        except FlakyPage as exc:
            if attempt == fetch.retries:
                raise SourceError(label(query), f"{exc}, {fetch.retries + 1} attempts", hint=GIVE_UP_HINT) from None
            client.pause(fetch.backoff * 2**attempt)
    raise AssertionError("unreachable")


def cache_files(fetched: Sequence[Fetched]) -> dict[str, bytes]:
    """The cache files to write after a successful run (file name -> bytes); stale queries keep their old file."""
    return {
        cache.file_name(f.query): cache.encode(f.query, cache.Cached(f.fetched_at, f.records))
        for f in fetched
        if not f.stale
    }


def summary_line(fetched: Fetched) -> str:
    if fetched.stale:
        return f"{fetched.query.name}: {len(fetched.records)} records from the cache (fetch failed)"
    return f"{fetched.query.name}: {len(fetched.new)} new records, {len(fetched.records)} in all ({fetched.requests} request{'s' if fetched.requests != 1 else ''})"
