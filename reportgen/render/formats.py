"""The output formats: each rendering module declares what it makes, and this module collects them.

A module in reportgen/render/ sets `OUTPUT_FORMATS = (OutputFormat(...), ...)`:
a name (for `--format`), a line of help, the command that offers it, and a
function from a Rendering to files (path inside the output folder -> bytes).
The CLI's choices, `render_outputs` and the site all read this registry, so
adding a format is one module plus its template (ydata-profiling's "flavours").
`register` adds a format from outside the package (a plugin, a test).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Literal, Mapping, TypeVar

from reportgen.config import Settings
from reportgen.model import Changes, Report
from reportgen.registry import Registry

T = TypeVar("T")
Command = Literal["build", "site"]


@dataclass
class Rendering:
    """One render of one report: what every format reads, and what two formats share, made once."""

    report: Report
    settings: Settings
    changes: Changes | None = None  # the living survey's history; None for `build`
    formats: tuple[str, ...] = ()  # every format this render makes (a document says which one lists every paper)
    _made: dict[str, object] = field(default_factory=dict, repr=False)

    def once(self, key: str, make: Callable[[], T]) -> T:
        """`make()` the first time `key` is asked for (the HTML that survey.html and survey.pdf share)."""
        if key not in self._made:
            self._made[key] = make()
        return self._made[key]  # type: ignore[return-value]  # the key's maker fixes its type


@dataclass(frozen=True)
class OutputFormat:
    name: str  # what `--format` accepts
    help: str  # one line for --help and the docs
    render: Callable[[Rendering], Mapping[str, bytes]]
    command: Command = "build"  # "build" formats are chosen with --format; "site" is what `reportgen site` writes
    files: tuple[str, ...] = ()  # what it always makes: a cached render that lacks one is discarded
    folders: tuple[str, ...] = ()  # folders it writes into ("figures/"): with `files`, what an earlier build of it left


REGISTRY: Registry[OutputFormat] = Registry("reportgen.render", "OUTPUT_FORMATS", lambda f: f.name)
register = REGISTRY.register  # a format from outside the package (a plugin, a test)
unregister = REGISTRY.unregister


def output_formats(command: Command | None = None) -> dict[str, OutputFormat]:
    """Name -> format, in a stable order; only those `command` offers when it is given."""
    return {name: f for name, f in REGISTRY.entries().items() if command is None or f.command == command}
