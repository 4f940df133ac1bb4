"""Render a Report into files (name -> bytes); nothing is written here.

survey.md is the one source of the document's text: survey.html is that
Markdown through markdown-it-py inside an HTML shell, and survey.pdf is the
HTML through WeasyPrint.  survey.json is the machine-readable contract.
"""

from __future__ import annotations

import base64
import datetime as dt
import os
from pathlib import Path
from typing import Callable

from markdown_it import MarkdownIt

from reportgen.config import PAPER_SIZES, ReportSettings
from reportgen.errors import OutputError
from reportgen.model import Chart, Report
from reportgen.render.context import build_context
from reportgen.render.environment import make_environment, render_template
from reportgen.render.jsonout import render_json

FORMATS = ("md", "html", "pdf", "json")
FIGURES = "figures"
_IMAGE_TYPES = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".svg": "image/svg+xml"}


def _markdown(report: Report, settings: ReportSettings, image_src: Callable[[Chart], str], logo_src: str | None) -> str:
    env = make_environment(settings.templates_dir)
    return render_template(env, "survey.md.j2", build_context(report, image_src, logo_src, papers_per_theme=settings.papers_per_theme))


def read_logo(settings: ReportSettings) -> tuple[str, bytes] | None:
    """The logo file named by report.logo, as (file name in figures/, bytes)."""
    if not settings.logo:
        return None
    path = Path(settings.logo).expanduser()
    if path.suffix.lower() not in _IMAGE_TYPES:
        raise OutputError(f"config key 'report.logo': {path} is not a PNG, JPEG or SVG image", hint="use a .png, .jpg or .svg file")
    try:
        return f"logo{path.suffix.lower()}", path.read_bytes()
    except OSError as exc:
        raise OutputError(f"config key 'report.logo': cannot read {path}: {exc.strerror}", hint="fix the path") from None


def _logo_uri(logo: tuple[str, bytes] | None) -> str | None:
    if logo is None:
        return None
    name, data = logo
    return f"data:{_IMAGE_TYPES[Path(name).suffix]};base64," + base64.b64encode(data).decode("ascii")


def _data_uri(chart: Chart) -> str:
    return "data:image/png;base64," + base64.b64encode(chart.png).decode("ascii")


def markdown_to_html(markdown: str) -> str:
    """GitHub-flavoured enough: tables, autolinks; raw HTML passes (only template-made HTML reaches it)."""
    return MarkdownIt("commonmark", {"html": True, "linkify": False}).enable("table").render(markdown)


def _stylesheet(settings: ReportSettings) -> str:
    env = make_environment(settings.templates_dir)
    css = env.loader.get_source(env, "style.css")[0]
    css = css.replace("size: A4;", f"size: {PAPER_SIZES.get(settings.paper_size, 'A4')};")  # a fixed list: never user text in CSS
    if settings.css:
        try:
            css += "\n" + Path(settings.css).read_text(encoding="utf-8")
        except OSError as exc:
            raise OutputError(f"config key 'report.css': cannot read {settings.css}: {exc.strerror}", hint="fix the path") from None
    return css


def render_html(report: Report, settings: ReportSettings, logo: tuple[str, bytes] | None = None) -> str:
    """One self-contained page: CSS and images inline."""
    body = markdown_to_html(_markdown(report, settings, _data_uri, _logo_uri(logo)))
    env = make_environment(settings.templates_dir)
    context = build_context(report, _data_uri, _logo_uri(logo), papers_per_theme=settings.papers_per_theme)
    return render_template(env, "survey.html.j2", context, body=body, css=_stylesheet(settings))


def render_pdf(html: str, date: str | None) -> bytes:
    """PDF via WeasyPrint, byte-stable: fontTools stamps subset fonts with SOURCE_DATE_EPOCH when set."""
    import logging

    from weasyprint import HTML

    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    previous = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = previous or str(_epoch(date))
    try:
        return HTML(string=html, base_url=".").write_pdf()
    finally:
        if previous is None:
            del os.environ["SOURCE_DATE_EPOCH"]


def _epoch(date: str | None) -> int:
    """Seconds since 1970 of the report's date (or 0): a fixed stamp for fonts in the PDF."""
    try:
        return int(dt.datetime.fromisoformat((date or "1970-01-01")[:10]).replace(tzinfo=dt.timezone.utc).timestamp())
    except ValueError:
        return 0


def render_outputs(report: Report, formats: tuple[str, ...], settings: ReportSettings) -> dict[str, bytes]:
    """Every requested output as bytes, keyed by its path inside the output folder."""
    files: dict[str, bytes] = {}
    logo = read_logo(settings)
    if "md" in formats:
        files["survey.md"] = _markdown(report, settings, lambda c: f"{FIGURES}/{c.id}.png", f"{FIGURES}/{logo[0]}" if logo else None).encode()
        files.update({f"{FIGURES}/{c.id}.png": c.png for c in report.charts})
        if logo:
            files[f"{FIGURES}/{logo[0]}"] = logo[1]
    if "html" in formats or "pdf" in formats:
        html = render_html(report, settings, logo)
        if "html" in formats:
            files["survey.html"] = html.encode()
        if "pdf" in formats:
            files["survey.pdf"] = render_pdf(html, report.date)
    if "json" in formats:
        files["survey.json"] = render_json(report).encode()
    return files
