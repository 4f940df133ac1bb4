"""The Jinja environment: user templates first, then the built-ins; safe by default.

Every `{{ value }}` that is a plain string is escaped for Markdown *and* HTML
(the same text feeds survey.md and, through markdown-it, survey.html/pdf), so
a title like `<EOS> *bold*` shows as written.  Template-made markup is marked
safe explicitly (`|safe`, or filters that return Markup).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from importlib.resources import files

from jinja2 import ChoiceLoader, Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup, escape



def _builtin_templates() -> Path:
    """templates/ of a source checkout when there is one (editable installs, worktrees), else the wheel's copy."""
    checkout = Path(__file__).resolve().parents[2] / "templates"
    if (checkout / "survey.md.j2").is_file():
        return checkout
    return Path(str(files("reportgen.templates")))


BUILTIN_TEMPLATES = _builtin_templates()
_BLOCK_START = re.compile(r"^(\s*\d+)([.)])(?=\s|$)|^(\s*)([-+=])(?=\s|$)")
_MD_SPECIAL = re.compile(r"([\\`*_\[\]#|!~{}])")


def escape_markdown(value: Any) -> Markup:
    """Text -> Markdown that renders as exactly that text (HTML entities for <, >, &)."""
    if isinstance(value, Markup):
        return value
    text = _MD_SPECIAL.sub(r"\\\1", str(value))
    text = _BLOCK_START.sub(lambda m: f"{m.group(1) or m.group(3)}\\{m.group(2) or m.group(4)}", text)  # "1. x" / "- x" is not a list
    return Markup(str(escape(text)))  # then &, <, >, quotes -> entities (after, so "&#34;" stays whole)


def escape_table_cell(value: Any) -> Markup:
    """Like escape_markdown, and on one line (a newline would end the table row)."""
    return Markup(" ".join(escape_markdown(value).split()))


def _finalize(value: Any) -> Any:
    if isinstance(value, str) and not isinstance(value, Markup):
        return escape_markdown(value)
    return "" if value is None else value


def make_environment(templates_dir: str | Path | None = None) -> Environment:
    loaders = [FileSystemLoader(str(templates_dir))] if templates_dir else []
    loaders.append(FileSystemLoader(str(BUILTIN_TEMPLATES)))
    env = Environment(loader=ChoiceLoader(loaders), finalize=_finalize, undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True, autoescape=False)
    env.filters["md"] = escape_markdown
    env.filters["cell"] = escape_table_cell
    env.filters["extract"] = lambda key, mapping: mapping[key]
    env.filters["pct"] = lambda x, total: f"{100 * x / total:.0f}%" if total else "–"
    return env
