"""The rendered-outputs cache: a key that changes with anything that shapes the bytes; safe reads; bounded size.

That a real unchanged rebuild reuses the outputs, and that rendering afresh
gives the same bytes, is tested end to end in tests/test_e2e.py.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from reportgen.config import ReportSettings, Settings
from reportgen.model import Chart, Corpus, Paper, Report, ThemeSet
from reportgen.render import cache as outputs_cache

REPORT = Report(
    title="Survey",
    corpus=Corpus(papers=(Paper(id="a", abstract="An abstract.", title="A title"),)),
    themes=ThemeSet(themes=(), outliers=("a",), coords={"a": (0.0, 1.0)}),
    summaries=(),
    headlines={"a": ()},
    names={"a": "A title"},
    charts=(),
)
SETTINGS = Settings()
FORMATS = ("md", "pdf")


def test_key_is_stable_and_ignores_the_charts_drawn_from_the_report() -> None:
    key = outputs_cache.cache_key(REPORT, FORMATS, SETTINGS)
    charted = replace(REPORT, charts=(Chart(id="c", title="t", caption="c", alt="a", png=b"png"),))
    assert outputs_cache.cache_key(charted, FORMATS, SETTINGS) == key


def test_key_changes_with_content_formats_settings_and_user_templates(tmp_path: Path) -> None:
    key = outputs_cache.cache_key(REPORT, FORMATS, SETTINGS)
    renamed = replace(REPORT, corpus=Corpus(papers=(Paper(id="a", abstract="An abstract.", title="Another title"),)))
    assert outputs_cache.cache_key(renamed, FORMATS, SETTINGS) != key
    assert outputs_cache.cache_key(REPORT, ("md",), SETTINGS) != key
    assert outputs_cache.cache_key(REPORT, FORMATS, SETTINGS.override("summary", sentences=2)) != key
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "survey.md.j2").write_text("one")
    user = Settings(report=ReportSettings(templates_dir=str(templates)))
    before = outputs_cache.cache_key(REPORT, FORMATS, user)
    assert before != key
    (templates / "survey.md.j2").write_text("two")
    assert outputs_cache.cache_key(REPORT, FORMATS, user) != before


def test_round_trip_prune_and_unreadable_entries(tmp_path: Path) -> None:
    files = {"survey.md": b"# Survey\n", "figures/c.png": b"\x89PNG"}
    for n in range(outputs_cache.KEEP + 2):
        outputs_cache.store(tmp_path, f"k{n}", files)
    assert outputs_cache.load(tmp_path, f"k{outputs_cache.KEEP + 1}") == files
    assert len(list(tmp_path.glob("*.zip"))) == outputs_cache.KEEP
    assert outputs_cache.load(tmp_path, "missing") is None
    (tmp_path / "broken.zip").write_bytes(b"not a zip")
    assert outputs_cache.load(tmp_path, "broken") is None


def test_an_empty_or_partial_entry_is_discarded_with_a_warning(tmp_path: Path) -> None:
    """An empty zip used to stand in for a survey and the writer deleted every output; now it is rendered afresh."""
    import zipfile

    with zipfile.ZipFile(tmp_path / "empty.zip", "w"):
        pass
    warnings: list[str] = []
    assert outputs_cache.load(tmp_path, "empty", {"survey.md"}, warn=warnings.append) is None
    assert not (tmp_path / "empty.zip").exists()
    outputs_cache.store(tmp_path, "partial", {"survey.md": b"x"})
    assert outputs_cache.load(tmp_path, "partial", {"survey.md", "survey.pdf"}, warn=warnings.append) is None
    (tmp_path / "garbage.zip").write_bytes(b"PK\x03\x04" + b"\xff" * 64)
    assert outputs_cache.load(tmp_path, "garbage", {"survey.md"}, warn=warnings.append) is None
    assert len(warnings) == 3 and all("discarded a broken entry" in w for w in warnings)
    assert "empty" in warnings[0] and "lacks survey.pdf" in warnings[1]


def test_a_cache_that_cannot_be_written_only_warns(tmp_path: Path) -> None:
    blocker = tmp_path / "outputs"
    blocker.write_text("a file where the cache folder should be")
    warnings: list[str] = []
    outputs_cache.store(blocker, "k", {"survey.md": b"x"}, warn=warnings.append)
    assert warnings and "could not save" in warnings[0]
