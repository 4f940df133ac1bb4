"""Fetching against recorded API answers served on 127.0.0.1: paging, retries, errors, the cache, reruns."""

from __future__ import annotations

import dataclasses
import datetime
from pathlib import Path

import pytest

from reportgen.config import FetchSettings, QuerySource, parse_source
from reportgen.errors import SourceError
from reportgen.sources import cache_files, fetch_all
from tests.sources.server import ApiServer, recorded

NOW = datetime.datetime(2024, 7, 1, 6, 0, tzinfo=datetime.UTC)
ARXIV_QUERY = 'cat:cs.LG AND abs:"mixture of experts"'


def settings(api: ApiServer, **changes: object) -> FetchSettings:
    """Fast and pointed at the local server: no pacing, millisecond backoff, pages of two."""
    base = FetchSettings(
        email="survey@example.org",
        retries=2,
        backoff=0.001,
        min_interval=0.0,
        page_size=2,
        overlap_days=0,
        timeout=5.0,
        arxiv_url=f"{api.url}/api/query",
        openalex_url=f"{api.url}/works",
        semanticscholar_url=f"{api.url}/graph/v1/paper/search/bulk",
    )
    return dataclasses.replace(base, **changes)


def query(api_name: str, value: object, **extra: object) -> QuerySource:
    return parse_source({api_name: value, **extra}, "sources[1]")


def store(folder: Path, fetched: tuple) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in cache_files(fetched).items():
        (folder / name).write_bytes(data)


def test_arxiv_pages_to_the_end_newest_first(api: ApiServer) -> None:
    api.add("/api/query", {"start": "0"}, recorded("arxiv-moe-p1.atom"))
    api.add("/api/query", {"start": "2"}, recorded("arxiv-moe-p2.atom"))
    (result,) = fetch_all([query("arxiv", ARXIV_QUERY)], settings(api), None, now=NOW)
    assert [r.arxiv_id for r in result.records] == ["2401.06066", "2404.02258", "2405.04434"]  # kept in date order
    asked = [params for _, params, _ in api.requests]
    assert [p["start"] for p in asked] == ["0", "2"]
    assert asked[0] == {
        "search_query": ARXIV_QUERY,
        "sortBy": "submittedDate",
        "sortOrder": "descending",
        "start": "0",
        "max_results": "2",
    }
    assert "mailto:survey@example.org" in api.requests[0][2]["user-agent"]
    assert result.records[0].source == f"arxiv: {ARXIV_QUERY} [2401.06066v1]"
    assert result.records[0].title.startswith("DeepSeekMoE") and "GShard" in (result.records[0].abstract or "")


def test_arxiv_categories_and_query_combine(api: ApiServer) -> None:
    api.add("/api/query", {}, recorded("arxiv-empty.atom"))
    fetch_all(
        [query("arxiv", {"categories": ["cs.LG", "cs.CL"], "query": 'abs:"mixture of experts"'})],
        settings(api),
        None,
        now=NOW,
    )
    assert api.requests[0][1]["search_query"] == '(cat:cs.LG OR cat:cs.CL) AND (abs:"mixture of experts")'


def test_openalex_follows_the_cursor_and_asks_politely(api: ApiServer) -> None:
    api.add("/works", {"cursor": "*"}, recorded("openalex-moe-p1.json"))
    api.add(
        "/works",
        {"cursor": "IlsxNzA0NjcyMDAwMDAwLCAnaHR0cHM6Ly9vcGVuYWxleC5vcmcvVzQzOTA4NzIzNDUnXSI="},
        recorded("openalex-moe-p2.json"),
    )
    api.add(
        "/works",
        {"cursor": "IlsxNzE1MDQwMDAwMDAwLCAnaHR0cHM6Ly9vcGVuYWxleC5vcmcvVzQzOTY4MTM1MjUnXSI="},
        recorded("openalex-moe-p3.json"),
    )
    (result,) = fetch_all(
        [query("openalex", {"search": "mixture of experts", "filter": "type:article"})], settings(api), None, now=NOW
    )
    assert [r.id for r in result.records] == ["W4390670271", "W4390872345", "W4396813525"]
    assert result.records[0].abstract.startswith("We introduce Mixtral 8x7B")  # rebuilt from the inverted index
    assert len(api.requests) == 3
    first = api.requests[0][1]
    assert (first["search"], first["filter"], first["mailto"], first["per-page"]) == (
        "mixture of experts",
        "type:article",
        "survey@example.org",
        "2",
    )


def test_semantic_scholar_follows_the_token(api: ApiServer, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("S2_API_KEY", "test-key")
    api.add("/graph/v1/paper/search/bulk", {"query": "mixture of experts"}, recorded("s2-moe-p1.json"))
    api.add("/graph/v1/paper/search/bulk", {"token": "PCOA3RZZB2ADADAEYCX2BLJJRDEGL"}, recorded("s2-moe-p2.json"))
    (result,) = fetch_all(
        [
            query(
                "semanticscholar",
                {"query": "mixture of experts", "fieldsOfStudy": "Computer Science"},
                since="2024-01-01",
            )
        ],
        settings(api),
        None,
        now=NOW,
    )
    assert sorted(r.arxiv_id for r in result.records) == ["2401.04088", "2404.02258", "2405.04434"]
    first = api.requests[0]
    assert first[1]["publicationDateOrYear"] == "2024-01-01:" and first[1]["fieldsOfStudy"] == "Computer Science"
    assert first[2]["x-api-key"] == "test-key"
    assert "token" not in first[1] and api.requests[1][1]["token"] == "PCOA3RZZB2ADADAEYCX2BLJJRDEGL"


def test_429_then_success_waits_and_retries(api: ApiServer) -> None:
    api.add(
        "/works",
        {},
        (429, {"Retry-After": "0", "Content-Type": "application/json"}, b'{"error": "Rate limit exceeded"}'),
        recorded("openalex-moe-p3.json"),
    )
    waits: list[float] = []
    (result,) = fetch_all(
        [query("openalex", "mixture of experts")], settings(api, backoff=0.25), None, now=NOW, sleep=waits.append
    )
    assert result.records == () and len(api.requests) == 2
    assert waits == [0.25]  # the backoff, since Retry-After asked for less


def test_retry_after_longer_than_the_backoff_wins(api: ApiServer) -> None:
    api.add("/works", {}, (429, {"Retry-After": "3"}, b""), recorded("openalex-moe-p3.json"))
    waits: list[float] = []
    fetch_all([query("openalex", "moe")], settings(api, backoff=0.5), None, now=NOW, sleep=waits.append)
    assert waits == [3.0]


def test_a_500_that_persists_stops_with_one_line_naming_the_source(api: ApiServer) -> None:
    api.add(
        "/graph/v1/paper/search/bulk",
        {},
        (500, {"Content-Type": "application/json"}, b'{"message": "Internal Server Error"}'),
    )
    waits: list[float] = []
    with pytest.raises(SourceError) as error:
        fetch_all(
            [query("semanticscholar", "mixture of experts")],
            settings(api, retries=3, backoff=1.0),
            None,
            now=NOW,
            sleep=waits.append,
        )
    message = str(error.value)
    assert message.startswith("semanticscholar query 'mixture of experts': HTTP 500 from 127.0.0.1")
    assert "4 attempts" in message and "--keep-going" in message and "\n" not in message
    assert len(api.requests) == 4 and waits == [1.0, 2.0, 4.0]  # doubling backoff


def test_a_refused_query_is_not_retried_and_quotes_the_api(api: ApiServer) -> None:
    api.add("/api/query", {}, recorded("arxiv-error.atom", status=400))
    with pytest.raises(SourceError, match=r"arxiv query 'moe-weekly': HTTP 400 from .*unbalanced parentheses in query"):
        fetch_all([query("arxiv", "cat:cs.LG AND (abs:moe", name="moe-weekly")], settings(api), None, now=NOW)
    assert len(api.requests) == 1


def test_empty_results(api: ApiServer) -> None:
    api.add("/api/query", {}, recorded("arxiv-empty.atom"))
    api.add("/graph/v1/paper/search/bulk", {}, recorded("s2-empty.json"))
    fetched = fetch_all(
        [query("arxiv", 'abs:"no such phrase anywhere"'), query("semanticscholar", "no such phrase anywhere")],
        settings(api),
        None,
        now=NOW,
    )
    assert [f.records for f in fetched] == [(), ()] and len(api.requests) == 2


@pytest.mark.parametrize(
    ("path", "answer"),
    [
        ("/works", "openalex-truncated.json"),
        ("/api/query", "proxy-error.html"),
        ("/graph/v1/paper/search/bulk", "proxy-error.html"),
    ],
)
def test_malformed_answers_stop_the_run(api: ApiServer, path: str, answer: str) -> None:
    api.add(path, {}, recorded(answer))
    name = {"/works": "openalex", "/api/query": "arxiv", "/graph/v1/paper/search/bulk": "semanticscholar"}[path]
    with pytest.raises(SourceError, match=rf"^{name} query 'moe': malformed answer from 127\.0\.0\.1"):
        fetch_all([query(name, "moe")], settings(api), None, now=NOW)


def test_no_network_names_the_source(tmp_path: Path) -> None:
    closed = FetchSettings(
        retries=1, backoff=0.001, min_interval=0.0, arxiv_url="http://127.0.0.1:9/api/query"
    )  # port 9 (discard): nothing listens
    with pytest.raises(SourceError, match=r"^arxiv query 'moe': cannot reach 127\.0\.0\.1:9/api/query \(ConnectError"):
        fetch_all([query("arxiv", "moe")], closed, tmp_path, now=NOW)
    assert list(tmp_path.iterdir()) == []


def test_second_run_asks_only_for_what_is_new(api: ApiServer, tmp_path: Path) -> None:
    moe = query("arxiv", ARXIV_QUERY)
    api.add("/api/query", {"start": "0"}, recorded("arxiv-moe-p1.atom"), recorded("arxiv-moe-new-p1.atom"))
    api.add("/api/query", {"start": "2"}, recorded("arxiv-moe-p2.atom"), recorded("arxiv-moe-new-p2.atom"))
    first = fetch_all([moe], settings(api), tmp_path, now=NOW)
    store(tmp_path, first)
    assert len(first[0].new) == 3
    api.requests.clear()
    (second,) = fetch_all([moe], settings(api), tmp_path, now=NOW + datetime.timedelta(days=7))
    assert second.new == ("2406.18219",)
    assert [r.arxiv_id for r in second.records] == ["2401.06066", "2404.02258", "2405.04434", "2406.18219"]
    # newest first, and paging stopped at the page that reached back past the newest cached record (2024-05-07)
    assert [p["start"] for _, p, _ in api.requests] == ["0", "2"]


def test_second_openalex_run_filters_from_the_newest_record_less_the_overlap(api: ApiServer, tmp_path: Path) -> None:
    moe = query("openalex", {"search": "mixture of experts", "filter": "type:article"})
    api.add("/works", {"cursor": "*"}, recorded("openalex-moe-p1.json"))
    api.add("/works", {}, recorded("openalex-moe-p2.json"))
    api.routes[0].params = {"cursor": "IlsxNzA0NjcyMDAwMDAwLCAnaHR0cHM6Ly9vcGVuYWxleC5vcmcvVzQzOTA4NzIzNDUnXSI="}
    api.add(
        "/works",
        {"cursor": "IlsxNzE1MDQwMDAwMDAwLCAnaHR0cHM6Ly9vcGVuYWxleC5vcmcvVzQzOTY4MTM1MjUnXSI="},
        recorded("openalex-moe-p3.json"),
    )
    store(tmp_path, fetch_all([moe], settings(api), tmp_path, now=NOW))
    api.reset()
    api.add("/works", {"filter": "type:article,from_publication_date:2024-04-30"}, recorded("openalex-moe-since.json"))
    (second,) = fetch_all([moe], settings(api, overlap_days=7), tmp_path, now=NOW)
    assert second.new == ("W4400205163",)  # the re-sent 2024-05-07 work is not new
    assert len(second.records) == 4 and len(api.requests) == 1


def test_keep_going_falls_back_on_the_cache_and_says_how_old(api: ApiServer, tmp_path: Path) -> None:
    moe = query("arxiv", ARXIV_QUERY)
    api.add("/api/query", {"start": "0"}, recorded("arxiv-moe-p1.atom"))
    api.add("/api/query", {"start": "2"}, recorded("arxiv-moe-p2.atom"))
    store(tmp_path, fetch_all([moe], settings(api), tmp_path, now=NOW))
    api.reset()
    api.add("/api/query", {}, (503, {}, b"Service Unavailable"))
    with pytest.raises(SourceError):
        fetch_all([moe], settings(api), tmp_path, now=NOW)
    warnings: list[str] = []
    (result,) = fetch_all(
        [moe],
        settings(api),
        tmp_path,
        keep_going=True,
        warn=warnings.append,
        now=NOW + datetime.timedelta(days=3, hours=2),
    )
    assert result.stale and len(result.records) == 3 and cache_files((result,)) == {}
    assert warnings == [
        f"arxiv query '{ARXIV_QUERY}': HTTP 503 from 127.0.0.1:{api.url.rsplit(':', 1)[1]}/api/query, 3 attempts; going on with the 3 records fetched 3 days ago (2024-07-01T06:00:00Z)"
    ]


def test_a_page_token_that_repeats_stops_instead_of_looping(api: ApiServer) -> None:
    api.add("/graph/v1/paper/search/bulk", {}, recorded("s2-moe-p1.json"))  # always the first page, token and all
    with pytest.raises(SourceError, match="same next page twice"):
        fetch_all([query("semanticscholar", "moe")], settings(api), None, now=NOW)
    assert len(api.requests) == 2


def test_max_records_caps_a_query(api: ApiServer) -> None:
    api.add("/api/query", {"start": "0"}, recorded("arxiv-moe-p1.atom"))
    (result,) = fetch_all([query("arxiv", ARXIV_QUERY, max_records=1)], settings(api), None, now=NOW)
    assert len(result.records) == 1 and len(api.requests) == 1
