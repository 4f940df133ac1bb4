"""The living survey: an mkdocs project (Material theme) rendered from a Report.

render_site is pure (Report + Changes -> files); mkdocs_build is the edge.
Pages carry no timestamps, so an unchanged corpus gives byte-identical files.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

from reportgen.errors import OutputError
from reportgen.render.context import build_context
from reportgen.render.environment import make_environment, render_template
from reportgen.render.formats import OutputFormat, Rendering
from reportgen.render.papermap import map_fragment, paper_href, report_points


def render_site(job: Rendering) -> dict[str, bytes]:
    """mkdocs.yml and docs/ (overview, a page per theme, the map, papers, what changed, figures)."""
    report, changes = job.report, job.changes
    if changes is None:
        raise OutputError(
            "the site format needs the living survey's history",
            hint="run `reportgen site`, not `reportgen build --format site`",
        )
    env = make_environment(job.settings.report.templates_dir)

    def context(prefix: str) -> dict[str, Any]:
        ctx = build_context(report, job.settings, lambda c: f"{prefix}figures/{c.id}.png")
        theme_of = report.themes.theme_of()
        ctx.update(
            changes=changes,
            theme_of=theme_of,
            theme_label={t.id: t.label for t in report.themes.themes},
            theme_slug={t.id: t.slug for t in report.themes.themes},
        )
        return ctx

    root = context("")
    files = {
        "mkdocs.yml": render_template(env, "site/mkdocs.yml.j2", root),
        "docs/index.md": render_template(env, "site/index.md.j2", root),
        "docs/papers.md": render_template(env, "site/papers.md.j2", root),
        "docs/changes.md": render_template(env, "site/changes.md.j2", root),
    }
    if report.themes.coords:
        points = report_points(report, paper_href(report, root["refs"], "../papers/#ref-"))
        files["docs/map.md"] = render_template(env, "site/map.md.j2", root, live_map=map_fragment(*points))
    nested = context("../")
    for view in nested["themes"]:
        files[f"docs/themes/{view.theme.slug}.md"] = render_template(env, "site/theme.md.j2", nested, view=view)
    out: dict[str, bytes] = {name: text.encode() for name, text in files.items()}
    out.update({f"docs/figures/{c.id}.png": c.png for c in report.charts})
    return out


def mkdocs_build(project: Path, *, shown: Path | None = None) -> None:
    """`mkdocs build --strict` on the written project; a warning fails the build.

    The pipeline runs it on the new folder before that replaces the old one,
    so messages name `shown` (the output folder), not the staging path.
    """
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "-f", str(project / "mkdocs.yml")],
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        detail = (result.stderr or result.stdout).strip().splitlines()
        raise OutputError(
            f"mkdocs build --strict failed in {shown or project}: {detail[-1] if detail else 'no output'}; the previous site is unchanged",
            hint="run it by hand to see every warning",
        )


OUTPUT_FORMATS = (
    OutputFormat(
        "site",
        "an mkdocs project: mkdocs.yml and docs/",
        render_site,
        command="site",
        files=("mkdocs.yml", "docs/index.md"),
        folders=("docs/", "site/"),
    ),
)
