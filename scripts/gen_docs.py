"""Write the generated reference pages: docs/cli.md (from click's help) and docs/configuration.md.

python scripts/gen_docs.py          # rewrite them
python scripts/gen_docs.py --check  # exit 1 if they are out of date (tests run this)
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from reportgen.cli import main as cli  # noqa: E402
from reportgen.config import QUERY_APIS, describe_settings  # noqa: E402


def cli_page() -> str:
    lines = ["# Command line", "", "Generated from `reportgen --help` by `scripts/gen_docs.py`.", ""]
    context = click.Context(cli, info_name="reportgen", max_content_width=100, terminal_width=100)
    lines += ["## reportgen", "", "```text", cli.get_help(context).rstrip(), "```", ""]
    for name in sorted(cli.commands):
        command = cli.commands[name]
        sub = click.Context(command, info_name=name, parent=context, max_content_width=100, terminal_width=100)
        lines += [f"## reportgen {name}", "", "```text", command.get_help(sub).rstrip(), "```", ""]
    return "\n".join(lines)


def config_page() -> str:
    lines = [
        "# Configuration",
        "",
        "Settings are read from `reportgen.toml` in the working directory, or the file given with `--config`.",
        "Command-line flags win over the file. Every key is checked: a misspelt key or a wrong type stops the",
        "build with an error that names the key. Generated from `reportgen/config.py` by `scripts/gen_docs.py`.",
        "",
        "```toml",
        "[report]",
        'title = "Efficient LLMs: a survey"',
        "",
        "[themes]",
        "max_themes = 20",
        "min_theme_size = 5",
        "```",
        "",
        "| Key | Type | Default | Meaning |",
        "|---|---|---|---|",
    ]
    for key, kind, default, doc in describe_settings():
        lines.append(f"| `{key}` | {kind} | `{default}` | {doc.replace('|', '/')} |")
    return "\n".join(lines + sources_section()) + "\n"


def sources_section() -> list[str]:
    """[[sources]] is a list of tables, not a section of keys: its own short reference."""
    lines = [
        "",
        "## Query sources: `[[sources]]`",
        "",
        "Each `[[sources]]` table is one query, sent again on every run (see [The living survey](living-survey.md)).",
        "It holds exactly one API key, whose value is the query string or a table of that API's parameters,",
        "and optionally `name` (the label in the survey and in messages), `since` (a date, YYYY-MM-DD) and",
        "`max_records` (a cap per run). Errors name the table by its position, from 1: `sources[2].since`.",
        "",
        "| API key | A string stands for | A table may hold |",
        "|---|---|---|",
    ]
    for api, (main, allowed) in QUERY_APIS.items():
        lines.append(f"| `{api}` | `{main}` | {', '.join(f'`{k}`' for k in allowed)} |")
    return lines


def main() -> int:
    pages = {ROOT / "docs" / "cli.md": cli_page(), ROOT / "docs" / "configuration.md": config_page()}
    if "--check" in sys.argv:
        stale = [str(p) for p, text in pages.items() if not p.is_file() or p.read_text(encoding="utf-8") != text]
        if stale:
            print("out of date (run python scripts/gen_docs.py):", ", ".join(stale))
            return 1
        return 0
    for path, text in pages.items():
        path.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
