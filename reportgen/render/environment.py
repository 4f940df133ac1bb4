"""The Jinja environment: user templates first, then the built-ins; safe by default.

Every `{{ value }}` that is a plain string is escaped for Markdown *and* HTML
(the same text feeds survey.md and, through markdown-it, survey.html/pdf), so
a title like `<EOS> *bold*` shows as written.  Template-made markup is marked
safe explicitly (`|safe`, or filters that return Markup).
"""

from __future__ import annotations

import re
import traceback
from importlib.resources import files
from pathlib import Path
from typing import Any, Callable
from urllib.parse import quote

from jinja2 import (
    BaseLoader,
    ChoiceLoader,
    Environment,
    FileSystemLoader,
    PrefixLoader,
    StrictUndefined,
    TemplateError,
    TemplateNotFound,
    TemplateSyntaxError,
)
from markupsafe import Markup, escape

from reportgen.errors import OutputError
from reportgen.strings import short_title, third_person


def _builtin_templates() -> Path:
    """templates/ of a source checkout when there is one (editable installs, worktrees), else the wheel's copy."""
    checkout = Path(__file__).resolve().parents[2] / "templates"
    if (checkout / "survey.md.j2").is_file():
        return checkout
    return Path(str(files("reportgen.templates")))


BUILTIN_TEMPLATES = _builtin_templates()
_BLOCK_START = re.compile(r"^(\s*\d+)([.)])(?=\s|$)|^(\s*)([-+])(?=\s|$)")
_SETEXT = re.compile(r"^(\s*)=(?=\s|$)")  # "=" alone would underline a heading; Python-Markdown keeps "\\="
_MD_SPECIAL = re.compile(r"([\\`*_\[\]#|!{}])")


def escape_markdown(value: object) -> Markup:
    """Text -> Markdown that renders as exactly that text, in markdown-it (the survey) and Python-Markdown (the site).

    Backslash escapes cover the characters both engines unescape; `~` (strikethrough
    in some engines) is an entity, since Python-Markdown prints "\\~" as written.
    HTML entities stand for <, >, &.
    """
    if isinstance(value, Markup):
        return value
    text = _MD_SPECIAL.sub(r"\\\1", str(value))
    text = _BLOCK_START.sub(
        lambda m: f"{m.group(1) or m.group(3)}\\{m.group(2) or m.group(4)}", text
    )  # "1. x" / "- x" is not a list
    text = str(escape(text))  # then &, <, >, quotes -> entities (after, so "&#34;" stays whole)
    return Markup(_SETEXT.sub(r"\1&#61;", text.replace("~", "&#126;")))


def user_markdown(value: object) -> Markup:
    """Markdown a user wrote (report.introduction): its formatting kept, any HTML in it shown as text, never run.

    `<` and `&` are the characters that start a tag or an entity; as `&lt;` and
    `&amp;` they read as themselves in every Markdown engine, while `*emphasis*`,
    links and lists (and `>` quotes) still work.
    """
    return Markup(str(value).replace("&", "&amp;").replace("<", "&lt;"))


def escape_table_cell(value: object) -> Markup:
    """Like escape_markdown, and on one line (a newline would end the table row)."""
    return Markup(" ".join(escape_markdown(value).split()))


def web_link(url: object) -> Markup | None:
    """An http(s) URL ready for a Markdown autolink, or None: a `javascript:` or `data:` link is never written.

    Autolinks take their text literally (no backslash escapes), so characters
    that would end or break one (space, <, >, ", backslash) are percent-encoded instead.
    """
    if not url or not isinstance(url, str) or not re.match(r"https?://[^\s/]", url, re.IGNORECASE):
        return None
    return Markup(quote(url, safe=":/?#[]@!$&'()*+,;=%~-._"))


def _finalize(value: object) -> object:
    if isinstance(value, str) and not isinstance(value, Markup):
        return escape_markdown(value)
    return "" if value is None else value


class UserTemplates(FileSystemLoader):
    """The user's templates_dir.  A template that extends its own name ("survey.md.j2" extending
    "survey.md.j2", as docs/templates.md shows) means the built-in, reachable as "builtin/NAME";
    without this the template would extend itself forever."""

    def get_source(self, environment: Environment, template: str) -> tuple[str, str, Callable[[], bool]]:
        source, filename, uptodate = super().get_source(environment, template)
        own = re.compile(r"(\{%-?\s*extends\s+)([\"'])" + re.escape(template) + r"\2")
        return own.sub(lambda m: f"{m.group(1)}{m.group(2)}builtin/{template}{m.group(2)}", source), filename, uptodate


def make_environment(templates_dir: str | Path | None = None) -> Environment:
    builtin = FileSystemLoader(str(BUILTIN_TEMPLATES))
    loaders: list[BaseLoader] = [UserTemplates(str(templates_dir))] if templates_dir else []
    loaders += [PrefixLoader({"builtin": builtin}), builtin]
    env = Environment(
        loader=ChoiceLoader(loaders),
        finalize=_finalize,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,
    )
    env.filters["md"] = escape_markdown
    env.filters["weblink"] = web_link
    env.filters["cell"] = escape_table_cell
    env.filters["third_person"] = third_person
    env.filters["short_title"] = short_title
    env.filters["user_markdown"] = user_markdown
    env.filters["extract"] = lambda key, mapping: mapping[key]
    env.filters["pct"] = lambda x, total: f"{100 * x / total:.0f}%" if total else "–"
    return env


def render_template(env: Environment, name: str, context: dict[str, Any], **extra: Any) -> str:
    """Render one template; a broken template (syntax, an undefined name) is one line naming its file and line."""
    try:
        return env.get_template(name).render(context, **extra)
    except TemplateSyntaxError as exc:
        raise OutputError(
            f"{exc.filename or name}:{exc.lineno}: template syntax error: {exc.message}",
            hint="fix the template (see docs/templates.md)",
        ) from None
    except TemplateNotFound as exc:
        raise OutputError(
            f"{name}: template {exc.name!r} not found",
            hint="check report.templates_dir and the names in {% extends %} / {% include %}",
        ) from None
    except TemplateError as exc:
        where = _template_frame(exc) or name
        raise OutputError(
            f"{where}: template error: {exc.message}",
            hint="fix the template, or remove it from report.templates_dir to use the built-in",
        ) from None
    except (TypeError, ValueError, AttributeError, KeyError, ZeroDivisionError) as exc:
        where = _template_frame(exc) or name
        raise OutputError(
            f"{where}: template error: {type(exc).__name__}: {exc}",
            hint="fix the template, or remove it from report.templates_dir to use the built-in",
        ) from None


def _template_frame(exc: BaseException) -> str | None:
    """file:line of the innermost template frame (Jinja rewrites tracebacks to show template lines)."""
    frames = [
        f
        for f in traceback.extract_tb(exc.__traceback__)
        if f.filename.endswith((".j2", ".html", ".md", ".yml", ".css", ".jinja"))
    ]
    return f"{frames[-1].filename}:{frames[-1].lineno}" if frames else None
