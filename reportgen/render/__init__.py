"""Render a Report into files (path inside the output folder -> bytes); nothing is written here.

Which files a format makes is the format's business (reportgen.render.formats):
documents.py makes survey.md/.html/.pdf, jsonout.py survey.json, site.py the
living survey's mkdocs project.
"""

from __future__ import annotations

from reportgen.config import Settings
from reportgen.errors import OutputError
from reportgen.model import Changes, Report
from reportgen.render.formats import Command, OutputFormat, Rendering, output_formats, register, unregister

__all__ = [
    "Command",
    "OutputFormat",
    "Rendering",
    "expected_files",
    "output_formats",
    "owned_paths",
    "register",
    "render_outputs",
    "unregister",
]


def expected_files(formats: tuple[str, ...]) -> set[str]:
    """The files these formats always make (a cached render must hold them all)."""
    known = output_formats()
    return {name for f in formats if f in known for name in known[f].files}


def owned_paths(command: Command) -> tuple[str, ...]:
    """Every file and folder the command's formats write: what a build may take as an earlier build's own."""
    formats = output_formats(command).values()
    return tuple(sorted({path for f in formats for path in (*f.files, *f.folders)}))


def render_outputs(
    report: Report, formats: tuple[str, ...], settings: Settings, *, changes: Changes | None = None
) -> dict[str, bytes]:
    """Every requested format's files, keyed by path inside the output folder."""
    known = output_formats()
    unknown = [name for name in formats if name not in known]
    if unknown:
        raise OutputError(f"unknown output format {', '.join(unknown)}", hint=f"use one of: {', '.join(known)}")
    job = Rendering(report, settings, changes, formats)
    files: dict[str, bytes] = {}
    for name in formats:
        files.update(known[name].render(job))
    return files
