"""The pure half of each API module: parameters asked for and answers parsed, without a network."""

from __future__ import annotations

import contextlib
import json

from hypothesis import given, settings
from hypothesis import strategies as st

from reportgen.config import FetchSettings, parse_source
from reportgen.sources import APIS, arxiv, openalex, semanticscholar
from reportgen.sources.base import MalformedResponse, Page
from tests.sources.server import RECORDED, arxiv_feed

JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=20,
)
KEYS = st.sampled_from(
    [
        "results",
        "meta",
        "next_cursor",
        "count",
        "data",
        "token",
        "total",
        "paperId",
        "id",
        "title",
        "abstract_inverted_index",
        "authorships",
        "authors",
        "externalIds",
        "ids",
        "primary_location",
    ]
)
SHAPED = st.recursive(
    JSON, lambda inner: st.dictionaries(KEYS, inner, max_size=5), max_leaves=30
)  # answers near the documented shape


@settings(max_examples=300, deadline=None)
@given(SHAPED)
def test_json_answers_parse_or_are_malformed_never_crash(answer: object) -> None:
    body = json.dumps(answer).encode()
    for module, params in ((openalex, {"cursor": "*"}), (semanticscholar, {"query": "q"})):
        try:
            page = module.parse_page(body, params, None, "q")
        except MalformedResponse:
            continue
        assert isinstance(page, Page) and (page.next is None or page.next != params)


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=300))
def test_arxiv_answers_parse_or_are_malformed_never_crash(body: bytes) -> None:
    with contextlib.suppress(MalformedResponse):
        arxiv.parse_page(body, {"start": "0"}, None, "q")


def test_arxiv_stops_at_the_page_that_reaches_back_past_since() -> None:
    entries = [
        {"id": "2406.00001", "date": "2024-06-03", "title": "A", "abstract": "a"},
        {"id": "2405.00001", "date": "2024-05-01", "title": "B", "abstract": "b"},
    ]
    page = arxiv.parse_page(arxiv_feed(entries, total=500, start=0), {"start": "0"}, "2024-06-01", "q")
    assert [r.arxiv_id for r in page.records] == ["2406.00001"] and page.next is None
    page = arxiv.parse_page(arxiv_feed(entries, total=500, start=0), {"start": "0"}, "2024-01-01", "q")
    assert len(page.records) == 2 and page.next == {"start": "2"}


def test_openalex_since_is_added_to_the_users_filter() -> None:
    query = parse_source({"openalex": {"search": "moe", "filter": "type:article,is_oa:true"}}, "sources[1]")
    params = openalex.first_params(query, "2024-05-01", 200, FetchSettings(email="a@b.org"))
    assert params["filter"] == "type:article,is_oa:true,from_publication_date:2024-05-01"
    assert (params["mailto"], params["cursor"], params["per-page"]) == ("a@b.org", "*", "200")


def test_recorded_answers_parse_with_the_documented_fields() -> None:
    page = semanticscholar.parse_page((RECORDED / "s2-moe-p1.json").read_bytes(), {"query": "moe"}, None, "moe")
    assert page.total == 3 and page.next == {"query": "moe", "token": "PCOA3RZZB2ADADAEYCX2BLJJRDEGL"}
    mixtral = page.records[0]
    assert (mixtral.arxiv_id, mixtral.doi, mixtral.date) == ("2401.04088", "10.48550/arxiv.2401.04088", "2024-01-08")


def test_every_api_module_declares_the_same_interface() -> None:
    for name, module in APIS.items():
        for attribute in ("DEFAULT_URL", "MIN_INTERVAL", "PAGE_SIZE", "first_params", "parse_page", "headers"):
            assert hasattr(module, attribute), (name, attribute)
        assert module.DEFAULT_URL.startswith("https://")


def test_a_work_of_the_wrong_shape_makes_the_answer_malformed() -> None:
    body = json.dumps(
        {
            "meta": {"next_cursor": None},
            "results": [{"id": "https://openalex.org/W1", "title": "T", "authorships": ["not an object"]}],
        }
    ).encode()
    try:
        openalex.parse_page(body, {"cursor": "*"}, None, "q")
    except MalformedResponse as exc:
        assert "item 1" in str(exc)
    else:
        raise AssertionError("a string where an authorship object belongs was accepted")
