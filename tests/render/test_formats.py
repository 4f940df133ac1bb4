"""The output-format registry: built-ins are found, a throwaway format plugs in, unknown names are refused."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from reportgen import cli, render
from reportgen.config import Settings
from reportgen.errors import OutputError
from reportgen.model import Corpus, Paper, Report, Theme, ThemeSet, ThemeSummary


def small_report() -> Report:
    """Two papers, one theme and one 'Other': enough for any format to have something to say."""
    papers = (
        Paper(id="a", abstract="We make attention sparse.", title="Sparse attention"),
        Paper(id="b", abstract="An untitled abstract."),
    )
    theme = Theme(id=1, label="Attention", slug="attention", keywords=("attention",), paper_ids=("a",))
    return Report(
        title="Survey",
        corpus=Corpus(papers=papers),
        themes=ThemeSet(themes=(theme,), outliers=("b",), coords={"a": (0.0, 0.0), "b": (1.0, 1.0)}),
        summaries=(ThemeSummary(theme_id=1, representatives=("a",), headlines=(), summary=()),),
        headlines={"a": (), "b": ()},
        names={"a": "Sparse attention", "b": "An untitled abstract"},
        charts=(),
    )


def test_builtin_formats_are_found_by_command() -> None:
    assert list(render.output_formats("build")) == ["md", "html", "pdf", "json"]
    assert list(render.output_formats("site")) == ["site"]


def test_a_throwaway_format_plugs_into_render_and_the_cli() -> None:
    def outline(job: render.Rendering) -> dict[str, bytes]:
        lines = [
            f"{t.id} {t.label}: {', '.join(job.report.names[p] for p in t.paper_ids)}" for t in job.report.themes.themes
        ]
        return {"outline.txt": ("\n".join(lines) + "\n").encode()}

    render.register(render.OutputFormat("outline", "outline.txt, themes and their papers", outline))
    try:
        files = render.render_outputs(small_report(), ("outline", "json"), Settings())
        assert files["outline.txt"] == b"1 Attention: Sparse attention\n"
        assert b'"schema_version"' in files["survey.json"]
        assert cli._formats("md,outline") == ("md", "outline")
        help_text = CliRunner().invoke(cli.main, ["build", "--help"]).output
        assert "outline: outline.txt, themes and their papers" in " ".join(help_text.split())
    finally:
        render.unregister("outline")
    assert "outline" not in render.output_formats()


def test_unknown_and_site_only_formats_are_refused_by_build() -> None:
    import click

    with pytest.raises(click.BadParameter, match="unknown format site"):
        cli._formats("md,site")
    with pytest.raises(OutputError, match="unknown output format nope"):
        render.render_outputs(small_report(), ("nope",), Settings())
    with pytest.raises(OutputError, match="needs the living survey's history"):
        render.render_outputs(small_report(), ("site",), Settings())
