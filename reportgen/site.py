"""The living survey: an mkdocs project (Material theme) rendered from a Report.

render_site is pure (Report + Changes -> files); read_state and mkdocs_build
are the edges.  Pages carry no timestamps, so an unchanged corpus gives
byte-identical files.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

from reportgen.config import ReportSettings
from reportgen.errors import OutputError
from reportgen.lineage import Changes, FitState, Snapshot
from reportgen.model import Report
from reportgen.render.context import build_context
from reportgen.render.environment import make_environment, render_template

STATE_FILE = "site-state.json"
FIT_FILE = "site-themes.json"  # the themes carried between runs (lineage.FitState)


def read_state(state_dir: Path) -> tuple[Snapshot | None, Snapshot | None]:
    """(baseline, latest): the snapshot "What changed" compares with, and the last run's."""
    path = state_dir / STATE_FILE
    if not path.is_file():
        return None, None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict):
            raise TypeError(f"expected a JSON object, found a {type(data).__name__}")
        return (Snapshot.from_json(data["baseline"]) if data.get("baseline") else None, Snapshot.from_json(data["latest"]))
    except (ValueError, KeyError, TypeError, AttributeError, UnicodeDecodeError) as exc:
        raise OutputError(f"{path}: unreadable site state ({exc})", hint="delete the file to start the change history afresh") from None


def read_fit(state_dir: Path) -> FitState | None:
    """The themes of the last run, or None (no file, or one from an older reportgen: the next run refits)."""
    path = state_dir / FIT_FILE
    if not path.is_file():
        return None
    try:
        return FitState.from_json(json.loads(path.read_text(encoding="utf-8")))
    except (ValueError, KeyError, TypeError) as exc:
        raise OutputError(f"{path}: unreadable theme state ({exc})", hint="delete the file: the next run refits the themes") from None


def fit_bytes(fit: FitState) -> bytes:
    return (json.dumps(fit.to_json(), sort_keys=True, separators=(",", ":")) + "\n").encode()


def state_bytes(baseline: Snapshot | None, latest: Snapshot) -> bytes:
    data = {"baseline": baseline.to_json() if baseline else None, "latest": latest.to_json()}
    return (json.dumps(data, indent=1, sort_keys=True) + "\n").encode()


def render_site(report: Report, changes: Changes, settings: ReportSettings) -> dict[str, bytes]:
    """mkdocs.yml and docs/ (overview, a page per theme, papers, what changed, figures)."""
    env = make_environment(settings.templates_dir)

    def context(prefix: str) -> dict[str, Any]:
        ctx = build_context(report, lambda c: f"{prefix}figures/{c.id}.png")
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
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "-f", str(project / "mkdocs.yml")], capture_output=True, text=True)
    if result.returncode != 0:
        detail = (result.stderr or result.stdout).strip().splitlines()
        raise OutputError(f"mkdocs build --strict failed in {shown or project}: {detail[-1] if detail else 'no output'}; the previous site is unchanged", hint="run it by hand to see every warning")
