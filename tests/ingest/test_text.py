import datetime as dt
from pathlib import Path

from reportgen.config import IngestSettings
from reportgen.ingest import load_corpus
from reportgen.ingest.text import parse_listing_date, read_listing
from tests.conftest import EXAMPLES


def test_seeds_give_182_unique_papers_158_with_titles() -> None:
    corpus = load_corpus([EXAMPLES], IngestSettings())
    assert len(corpus.papers) == 182
    assert sum(1 for p in corpus.papers if p.title) == 158
    assert sum(corpus.counts("merged").values()) == 6  # every merge is accounted for


def test_listing_dates_and_author_counts() -> None:
    corpus = load_corpus([EXAMPLES / "002_156b0ff36dc20a0c.txt"], IngestSettings())
    by_title = {p.title: p for p in corpus.papers}
    paper = by_title["Multi-Granularity Semantic Revision for Large Language Model Distillation"]
    assert paper.date == "2024-07-13"
    assert paper.author_count == 10
    # "Jan 23" has no year: the listing (Oct 31, years up to 2024 printed) is from 2025.
    ost = next(p for t, p in by_title.items() if t.startswith("OstQuant"))
    assert ost.date == "2025-01-23"


def test_year_less_date_after_listing_day_is_previous_year() -> None:
    listing = dt.date(2025, 3, 13)
    assert parse_listing_date("Oct 17", listing) == "2024-10-17"
    assert parse_listing_date("Mar 13", listing) == "2025-03-13"
    assert parse_listing_date("Feb 30", listing) is None
    assert parse_listing_date("Aug 6 2", listing) is None


def test_listing_skips_page_chrome(tmp_path: Path) -> None:
    abstract = " ".join(["word"] * 40) + "."
    text = f"new\n\nSubscribe\n\nMar 13\n\nA Title\n\n{abstract}\n\n  • 3 authors\n·\nMar 1\n"
    records = list(read_listing(tmp_path / "x.txt", text, listing_year=2025))
    assert [(r.title, r.author_count, r.date) for r in records] == [("A Title", 3, "2025-03-01")]
    assert records[0].source.endswith("x.txt:7")
