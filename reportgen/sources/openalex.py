"""OpenAlex works (api.openalex.org/works): JSON, paged with a cursor.

A start date becomes the documented filter from_publication_date, added to the
user's own filter.  The contact email goes in `mailto` (the polite pool), an
API key (required since February 2026 beyond a tiny daily allowance) comes
from $OPENALEX_API_KEY, never from a file in the repository.  Works are read
by the same mapping as saved OpenAlex exports (reportgen.ingest.jsonl).
"""

from __future__ import annotations

import os

from reportgen.codec import parse_json
from reportgen.config import FetchSettings, QuerySource
from reportgen.ingest.jsonl import record_from_mapping
from reportgen.sources.base import MalformedResponse, Page, map_records

DEFAULT_URL = "https://api.openalex.org/works"
MIN_INTERVAL = 0.1  # the API allows 100 requests per second; ten is plenty and polite
PAGE_SIZE = 200  # per-page maximum
FIELDS = "id,doi,title,display_name,publication_date,publication_year,ids,authorships,abstract_inverted_index,primary_location,primary_topic"


def first_params(query: QuerySource, since: str | None, page_size: int, fetch: FetchSettings) -> dict[str, str]:
    filters = [f for f in [query.param("filter"), f"from_publication_date:{since}" if since else None] if f]
    params = {"per-page": str(page_size), "cursor": "*", "select": FIELDS}
    if query.param("search"):
        params["search"] = str(query.param("search"))
    if filters:
        params["filter"] = ",".join(filters)
    if fetch.email:
        params["mailto"] = fetch.email
    if os.environ.get("OPENALEX_API_KEY"):
        params["api_key"] = os.environ["OPENALEX_API_KEY"]
    return params


def headers(fetch: FetchSettings) -> dict[str, str]:
    return {}


def parse_page(body: bytes, params: dict[str, str], since: str | None, label: str) -> Page:
    """One JSON answer -> its works and the next cursor (none when the page is empty or the cursor is null)."""
    try:
        data = parse_json(body)
    except ValueError as exc:
        raise MalformedResponse(f"not JSON ({exc})") from None
    results, meta = (data.get("results"), data.get("meta")) if isinstance(data, dict) else (None, None)
    if not isinstance(results, list) or not isinstance(meta, dict) or not all(isinstance(r, dict) for r in results):
        raise MalformedResponse("expected an object with 'results' (a list of works) and 'meta'")
    records = map_records(
        results, lambda work: f"{label} [{str(work.get('id', '')).rsplit('/', 1)[-1]}]", record_from_mapping
    )
    cursor = meta.get("next_cursor")
    total = meta.get("count") if isinstance(meta.get("count"), int) else None
    return Page(records=records, total=total, next={**params, "cursor": str(cursor)} if cursor and results else None)
