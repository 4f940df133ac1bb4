"""Semantic Scholar's bulk search (api.semanticscholar.org/graph/v1/paper/search/bulk): JSON, paged with a token.

Bulk search returns up to 1,000 papers per call and a continuation token;
it has no page-size parameter.  A start date becomes publicationDateOrYear
"YYYY-MM-DD:".  An API key, if you have one, comes from $S2_API_KEY and is
sent as x-api-key.  Papers are read by the same mapping as saved Semantic
Scholar exports (reportgen.ingest.jsonl).
"""

from __future__ import annotations

import os

from reportgen.codec import parse_json
from reportgen.config import FetchSettings, QuerySource
from reportgen.ingest.jsonl import record_from_mapping
from reportgen.sources.base import MalformedResponse, Page, map_records

DEFAULT_URL = "https://api.semanticscholar.org/graph/v1/paper/search/bulk"
MIN_INTERVAL = 1.0  # an API key's limit is one request per second; the keyless pool is shared, so no faster
PAGE_SIZE = 1000  # fixed by the API
FIELDS = "paperId,externalIds,url,title,abstract,year,publicationDate,authors,fieldsOfStudy"


def first_params(query: QuerySource, since: str | None, page_size: int, fetch: FetchSettings) -> dict[str, str]:
    params = {key: ",".join(value) if isinstance(value, tuple) else str(value) for key, value in query.params}
    params["fields"] = FIELDS
    if since:
        params["publicationDateOrYear"] = f"{since}:"
    return params


def headers(fetch: FetchSettings) -> dict[str, str]:
    key = os.environ.get("S2_API_KEY")
    return {"x-api-key": key} if key else {}


def parse_page(body: bytes, params: dict[str, str], since: str | None, label: str) -> Page:
    """One JSON answer -> its papers and the next token (none when the token is missing or null)."""
    try:
        data = parse_json(body)
    except ValueError as exc:
        raise MalformedResponse(f"not JSON ({exc})") from None
    if not isinstance(data, dict) or not isinstance(data.get("data", []), list) or "total" not in data:
        raise MalformedResponse("expected an object with 'total' and 'data' (a list of papers)")
    papers = data.get("data") or []
    if not all(isinstance(p, dict) and p.get("paperId") for p in papers):
        raise MalformedResponse("a paper in 'data' has no paperId")
    records = map_records(papers, lambda paper: f"{label} [{paper['paperId']}]", record_from_mapping)
    token = data.get("token")
    return Page(
        records=records,
        total=data.get("total") if isinstance(data.get("total"), int) else None,
        next={**params, "token": str(token)} if token and papers else None,
    )
