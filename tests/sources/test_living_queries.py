"""The living survey defined by a query alone, end to end: real model, real BERTopic, `mkdocs build --strict`.

A local stand-in for the arXiv API serves the bundled example's real abstracts
and titles (158 titled papers; arXiv ids and submission dates are assigned,
two days apart, since the scraped listings lack them) in the API's documented
Atom format, newest first, paged by start/max_results.  The site is built twice; the second time the API has 8
newer papers, and "What changed" must list exactly them.
"""

from __future__ import annotations

import datetime
import json
import os
import re

import pytest

from reportgen.config import IngestSettings
from reportgen.ingest import load_corpus
from tests.conftest import EXAMPLES, run_cli
from tests.sources.server import Answer, ApiServer, arxiv_feed

pytestmark = pytest.mark.slow
NEW = 8


def _papers() -> list[dict]:
    """The example's titled papers as arXiv records, oldest first."""
    titled = [p for p in load_corpus([EXAMPLES], IngestSettings()).papers if p.title]
    day = datetime.date(2025, 1, 6)
    return [
        {
            "id": f"2501.{10001 + n:05d}",
            "date": (day + datetime.timedelta(days=2 * n)).isoformat(),
            "title": p.title,
            "abstract": p.abstract,
            "authors": list(p.authors),
            "categories": ["cs.LG", "cs.CL"],
        }
        for n, p in enumerate(titled)
    ]


class FakeArxiv:
    """Answers like export.arxiv.org/api/query for the records it currently holds."""

    def __init__(self, records: list[dict]) -> None:
        self.records = records

    def __call__(self, params: dict[str, str]) -> Answer:
        assert (params["sortBy"], params["sortOrder"], params["search_query"]) == (
            "submittedDate",
            "descending",
            "cat:cs.LG OR cat:cs.CL",
        )
        newest_first = sorted(self.records, key=lambda r: (r["date"], r["id"]), reverse=True)
        start, size = int(params["start"]), int(params["max_results"])
        return (
            200,
            {"Content-Type": "application/atom+xml"},
            arxiv_feed(newest_first[start : start + size], len(newest_first), start, params["search_query"]),
        )


def _numba_cache() -> dict[str, str]:
    """UMAP's compiled kernels from REPORTGEN_TEST_CACHE when set (local reruns); else the fresh state folder compiles them."""
    cache = os.environ.get("REPORTGEN_TEST_CACHE")
    return {"NUMBA_CACHE_DIR": str(os.path.join(cache, "numba"))} if cache else {}


@pytest.fixture(scope="module")
def two_runs(tmp_path_factory: pytest.TempPathFactory, _server: ApiServer) -> dict:
    papers = _papers()
    old, new = papers[:-NEW], papers[-NEW:]
    assert max(r["date"] for r in old) < min(r["date"] for r in new)
    base = tmp_path_factory.mktemp("living-queries")
    config = base / "reportgen.toml"
    config.write_text(
        f'[report]\ntitle = "Machine learning and language, as arXiv lists them"\n\n'
        f'[[sources]]\narxiv = "cat:cs.LG OR cat:cs.CL"\nname = "arXiv cs.LG + cs.CL"\n\n'
        f'[fetch]\nemail = "survey@example.org"\nmin_interval = 0.0\nbackoff = 0.01\npage_size = 50\narxiv_url = "{_server.url}/api/query"\n',
        encoding="utf-8",
    )
    _server.reset()
    fake = FakeArxiv(old)
    _server.add_handler("/api/query", fake)
    runs: dict = {"old": old, "new": new}
    for name in ("first", "second"):
        if name == "second":
            fake.records = papers
        _server.requests.clear()
        result = run_cli(
            "site",
            "--config",
            str(config),
            "-o",
            str(base / "site"),
            "--state",
            str(base / "state"),
            "--build",
            env=_numba_cache(),
        )
        assert result.returncode == 0, result.stderr
        runs[f"{name}-requests"] = [params["start"] for _, params, _ in _server.requests]
        runs[f"{name}-changes"] = (base / "site" / "docs" / "changes.md").read_text(encoding="utf-8")
        runs[f"{name}-index"] = (base / "site" / "docs" / "index.md").read_text(encoding="utf-8")
        runs[f"{name}-papers"] = (base / "site" / "docs" / "papers.md").read_text(encoding="utf-8")
    runs["base"] = base
    return runs


def test_the_first_run_pages_to_the_end_the_second_asks_only_for_the_newest(two_runs: dict) -> None:
    assert two_runs["first-requests"] == ["0", "50", "100"]  # 150 records, pages of 50
    assert len(two_runs["old"]) == 150
    assert two_runs["second-requests"] == ["0"]  # the first page already reaches back past the newest cached record


def test_what_changed_lists_exactly_the_new_papers(two_runs: dict) -> None:
    changes = two_runs["second-changes"]
    assert f"{NEW} new papers" in changes
    listed = [int(n) for n in re.findall(r"\]\(papers\.md#ref-(\d+)\)", changes.split("## New papers", 1)[1])]
    arxiv_of = {
        int(n): arxiv_id
        for n, arxiv_id in re.findall(
            r'<a id="ref-(\d+)"></a>.*?<https://arxiv\.org/abs/([\d.]+)>', two_runs["second-papers"]
        )
    }
    assert len(listed) == NEW and sorted(arxiv_of[n] for n in listed) == sorted(p["id"] for p in two_runs["new"])


def test_the_survey_says_where_its_papers_come_from(two_runs: dict) -> None:
    old, total = len(two_runs["old"]), len(two_runs["old"]) + NEW
    assert f"| arXiv cs.LG + cs.CL | arxiv |  | {old} | {old} | {old} |" in two_runs["first-index"]
    assert f"| arXiv cs.LG + cs.CL | arxiv |  | {total} | {total} | {total} |" in two_runs["second-index"]
    assert (two_runs["base"] / "site" / "site" / "index.html").is_file()


def test_the_cache_holds_every_record_and_when_it_was_fetched(two_runs: dict) -> None:
    (cached,) = list((two_runs["base"] / "state" / "queries").glob("arxiv-*.json"))
    data = json.loads(cached.read_text(encoding="utf-8"))
    assert len(data["records"]) == len(two_runs["old"]) + NEW
    assert data["query"]["name"] == "arXiv cs.LG + cs.CL" and re.fullmatch(
        r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", data["fetched_at"]
    )
