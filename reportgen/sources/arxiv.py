"""The arXiv API (export.arxiv.org/api/query): Atom feeds, paged by start/max_results.

Results are asked for newest first (sortBy=submittedDate, descending), so a
query with a start date, or a rerun that wants only what is new, stops paging
at the first page that reaches back past that date.  Entries are read by the
same mapping as saved arXiv feeds (reportgen.ingest.atom).
"""

from __future__ import annotations

from typing import Any
from xml.sax import SAXParseException

from reportgen.config import FetchSettings, QuerySource
from reportgen.ingest.atom import record_from_entry
from reportgen.sources.base import FlakyPage, MalformedResponse, Page

DEFAULT_URL = "https://export.arxiv.org/api/query"
MIN_INTERVAL = 3.0  # the API's terms: no more than one request every three seconds
PAGE_SIZE = 200  # the manual allows up to 2,000 per request; smaller pages fail less often


def search_query(query: QuerySource) -> str:
    """The search_query parameter: categories OR-ed together, AND the query."""
    categories = query.param("categories") or ()
    if isinstance(categories, str):
        categories = (categories,)
    parts = []
    if categories:
        cats = " OR ".join(f"cat:{c}" for c in categories)
        parts.append(f"({cats})" if len(categories) > 1 else cats)
    if query.param("query"):
        parts.append(f"({query.param('query')})" if parts else str(query.param("query")))
    return " AND ".join(parts)


def first_params(query: QuerySource, since: str | None, page_size: int, fetch: FetchSettings) -> dict[str, str]:
    return {
        "search_query": search_query(query),
        "sortBy": "submittedDate",
        "sortOrder": "descending",
        "start": "0",
        "max_results": str(page_size),
    }


def headers(fetch: FetchSettings) -> dict[str, str]:
    return {}


def parse_page(body: bytes, params: dict[str, str], since: str | None, label: str) -> Page:
    """One Atom answer -> its records (those submitted on or after `since`) and the next start, if any."""
    import feedparser

    feed = feedparser.parse(body)
    if feed.get("bozo") and isinstance(feed.get("bozo_exception"), SAXParseException):
        # feedparser reads on past broken XML with a looser parser: a page cut short keeps its last, part-read entry
        raise MalformedResponse(f"not whole XML ({feed['bozo_exception']})")
    total = _total(feed)
    for number, entry in enumerate(feed.entries, 1):
        if not (entry.get("id") and entry.get("published") and entry.get("title")):  # arXiv always sends all three
            raise MalformedResponse(f"entry {number} is incomplete (no id, date or title): a part-read answer")
    start = int(params["start"])
    records = tuple(record_from_entry(entry, f"{label} [{_short_id(entry)}]") for entry in feed.entries)
    if not records and start < total:
        raise FlakyPage(f"empty page at start={start} of {total} results")
    kept = tuple(r for r in records if not since or not r.date or r.date >= since)
    reached_back = len(kept) < len(records)
    following = start + len(records)
    more = bool(records) and not reached_back and following < total
    return Page(records=kept, total=total, next={**params, "start": str(following)} if more else None)


def _total(feed: Any) -> int:
    """opensearch:totalResults, which every answer carries; without it the answer is not an arXiv feed."""
    value = feed.feed.get("opensearch_totalresults") if hasattr(feed, "feed") else None
    if value is None or not str(value).strip().isdigit():
        problem = feed.get("bozo_exception") or "no opensearch:totalResults"
        raise MalformedResponse(f"not an arXiv API feed ({problem})")
    return int(value)


def _short_id(entry: Any) -> str:
    entry_id = str(entry.get("id") or "")
    return entry_id.rsplit("/abs/", 1)[-1] or entry_id
