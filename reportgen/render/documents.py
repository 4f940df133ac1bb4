"""The survey as a document: survey.md, survey.html and survey.pdf (name -> bytes); nothing is written here.

survey.md is the one source of the document's text: survey.html is that
Markdown through markdown-it-py inside an HTML shell, and survey.pdf is the
HTML through WeasyPrint (the only module that imports it).
"""

from __future__ import annotations

import base64
import datetime as dt
import os
import re
from pathlib import Path
from typing import Any, Callable, Mapping

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token
from markupsafe import Markup

from reportgen.config import PAPER_SIZES, ReportSettings
from reportgen.errors import OutputError
from reportgen.model import Chart
from reportgen.render.context import build_context, listing_cap
from reportgen.render.environment import make_environment, render_template
from reportgen.render.formats import OutputFormat, Rendering
from reportgen.render.papermap import map_fragment, paper_href, report_points

FIGURES = "figures"
_IMAGE_TYPES = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".svg": "image/svg+xml"}


def _context(
    job: Rendering, image_src: Callable[[Chart], str], logo_src: str | None, *, full_lists: bool, live_map: bool = False
) -> dict[str, Any]:
    """What the templates see; full_lists: every paper whatever the size (the HTML), else listing_cap's lists
    (Markdown, PDF); live_map: the map figure carries the interactive map (the HTML)."""
    report, settings = job.report, job.settings
    cap = None if full_lists else listing_cap(settings, len(report.corpus.papers))

    def interactive_map(refs: Mapping[str, int]) -> Markup:
        return map_fragment(*report_points(report, paper_href(report, refs, "#ref-")))

    return build_context(
        report,
        settings,
        image_src,
        logo_src,
        papers_per_theme=cap,
        full_lists_in=_full_lists_in(job),
        live_map=interactive_map if live_map and report.themes.coords else None,
    )


def _full_lists_in(job: Rendering) -> str:
    """Where a capped document sends its reader for every paper: the HTML when this build makes it."""
    if "html" in job.formats or not job.formats:
        return "the HTML version of this survey (survey.html)"
    if "json" in job.formats:
        return "survey.json"
    return "the HTML version of this survey (reportgen build --format html)"


def read_logo(settings: ReportSettings) -> tuple[str, bytes] | None:
    """The logo file named by report.logo, as (file name in figures/, bytes)."""
    if not settings.logo:
        return None
    path = Path(settings.logo).expanduser()
    if path.suffix.lower() not in _IMAGE_TYPES:
        raise OutputError(
            f"config key 'report.logo': {path} is not a PNG, JPEG or SVG image", hint="use a .png, .jpg or .svg file"
        )
    try:
        return f"logo{path.suffix.lower()}", path.read_bytes()
    except OSError as exc:
        raise OutputError(
            f"config key 'report.logo': cannot read {path}: {exc.strerror}", hint="fix the path"
        ) from None


def _logo_uri(logo: tuple[str, bytes] | None) -> str | None:
    if logo is None:
        return None
    name, data = logo
    return f"data:{_IMAGE_TYPES[Path(name).suffix]};base64," + base64.b64encode(data).decode("ascii")


def _data_uri(chart: Chart) -> str:
    return "data:image/png;base64," + base64.b64encode(chart.png).decode("ascii")


def markdown_to_html(markdown: str) -> str:
    """GitHub-flavoured enough: tables, autolinks; raw HTML passes (only template-made HTML reaches it)."""
    parser = MarkdownIt("commonmark", {"html": True, "linkify": False}).enable("table")
    parser.core.ruler.push("long_word_breaks", _long_word_breaks)
    html: str = parser.render(markdown)
    return html


# Words wrap only where a line may break, at spaces and hyphens (overflow-wrap: break-word),
# so a table column is never narrower than its longest word: never "accu|racy".  A run of
# LONG_WORD characters or more without a break (a URL, a 5,000-character token) gets a
# <wbr> every WORD_PIECE characters instead, so it still wraps inside its column and the
# page.  (overflow-wrap: anywhere did both jobs but let every word count as one letter
# wide, which squeezed table columns and cost WeasyPrint half its layout time.)
LONG_WORD, WORD_PIECE = 25, 12
_LONG_RUN = re.compile(rf"\S{{{LONG_WORD},}}")


def _long_word_breaks(state: StateCore) -> None:
    """Split every text token holding a long unbroken run into text pieces with <wbr> between them."""
    for block in state.tokens:
        if block.type != "inline" or not block.children:
            continue
        children: list[Token] = []
        for token in block.children:
            if token.type == "text" and _LONG_RUN.search(token.content):
                children.extend(_with_breaks(token))
            else:
                children.append(token)
        block.children = children


def _with_breaks(token: Token) -> list[Token]:
    pieces: list[Token] = []
    text = token.content
    last = 0
    for run in _LONG_RUN.finditer(text):
        for cut in range(run.start() + WORD_PIECE, run.end(), WORD_PIECE):
            pieces += [_text(text[last:cut], token), _wbr(token)]
            last = cut
    pieces.append(_text(text[last:], token))
    return pieces


def _text(content: str, like: Token) -> Token:
    return Token("text", "", 0, content=content, level=like.level)


def _wbr(like: Token) -> Token:
    return Token("html_inline", "", 0, content="<wbr>", level=like.level)


def _stylesheet(settings: ReportSettings) -> str:
    env = make_environment(settings.templates_dir)
    assert env.loader is not None  # make_environment always sets one
    css = env.loader.get_source(env, "style.css")[0]
    css = css.replace(
        "size: A4;", f"size: {PAPER_SIZES.get(settings.paper_size, 'A4')};"
    )  # a fixed list: never user text in CSS
    if settings.css:
        try:
            css += "\n" + Path(settings.css).read_text(encoding="utf-8")
        except OSError as exc:
            raise OutputError(
                f"config key 'report.css': cannot read {settings.css}: {exc.strerror}", hint="fix the path"
            ) from None
    return css


def render_html(job: Rendering, *, full_lists: bool = True) -> str:
    """One self-contained page: CSS and images inline; every paper listed unless it is the PDF's (full_lists=False)."""
    context = _context(job, _data_uri, _logo_uri(_logo(job)), full_lists=full_lists, live_map=full_lists)
    env = make_environment(job.settings.report.templates_dir)
    body = markdown_to_html(render_template(env, "survey.md.j2", context))
    return render_template(env, "survey.html.j2", context, body=body, css=_stylesheet(job.settings.report))


def render_pdf(html: str, date: str | None) -> bytes:
    """PDF via WeasyPrint, byte-stable: fontTools stamps subset fonts with SOURCE_DATE_EPOCH when set."""
    from weasyprint import HTML

    previous = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = previous or str(_epoch(date))
    try:
        pdf: bytes = HTML(string=html, base_url=".").write_pdf()
        return pdf
    finally:
        if previous is None:
            del os.environ["SOURCE_DATE_EPOCH"]


def _epoch(date: str | None) -> int:
    """Seconds since 1970 of the report's date (or 0): a fixed stamp for fonts in the PDF."""
    try:
        return int(dt.datetime.fromisoformat((date or "1970-01-01")[:10]).replace(tzinfo=dt.UTC).timestamp())
    except ValueError:
        return 0


def _logo(job: Rendering) -> tuple[str, bytes] | None:
    return job.once("logo", lambda: read_logo(job.settings.report))


def _html(job: Rendering, *, full_lists: bool = True) -> str:
    """The HTML, made once per list length: the PDF prints the same page as survey.html while nothing is capped."""
    capped = not full_lists and listing_cap(job.settings, len(job.report.corpus.papers)) is not None
    return job.once(f"html-capped={capped}", lambda: render_html(job, full_lists=not capped))


def markdown_files(job: Rendering) -> dict[str, bytes]:
    """survey.md, with its figures (and the logo) as files beside it."""
    logo = _logo(job)
    context = _context(
        job, lambda c: f"{FIGURES}/{c.id}.png", f"{FIGURES}/{logo[0]}" if logo else None, full_lists=False
    )
    text = render_template(make_environment(job.settings.report.templates_dir), "survey.md.j2", context)
    files = {"survey.md": text.encode()}
    files.update({f"{FIGURES}/{c.id}.png": c.png for c in job.report.charts})
    if logo:
        files[f"{FIGURES}/{logo[0]}"] = logo[1]
    return files


def pdf_files(job: Rendering) -> dict[str, bytes]:
    return {"survey.pdf": render_pdf(_html(job, full_lists=False), job.report.date)}


OUTPUT_FORMATS = (
    OutputFormat(
        "md", "survey.md, with its figures in figures/", markdown_files, files=("survey.md",), folders=(f"{FIGURES}/",)
    ),
    OutputFormat(
        "html",
        "survey.html, one self-contained page",
        lambda job: {"survey.html": _html(job).encode()},
        files=("survey.html",),
    ),
    OutputFormat("pdf", "survey.pdf, printed from the HTML", pdf_files, files=("survey.pdf",)),
)
