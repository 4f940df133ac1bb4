"""One exception tree for every error a user can cause.

The CLI catches ReportgenError, prints `str(error)` on one line and exits with
`error.exit_code`; anything else is a bug and shows a traceback with --verbose.
Messages say what went wrong, where (file:line or config key) and what to do.
"""

from __future__ import annotations


class ReportgenError(Exception):
    """Base of all user-facing errors."""

    exit_code = 2

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        self.message = message
        self.hint = hint
        super().__init__(f"{message} ({hint})" if hint else message)


class InputError(ReportgenError):
    """A source file cannot be read or parsed."""

    def __init__(self, path: object, message: str, *, line: int | None = None, hint: str | None = None) -> None:
        where = f"{path}:{line}" if line is not None else f"{path}"
        self.path = str(path)
        self.line = line
        self.reason = message  # without the place, for messages that name it themselves
        super().__init__(f"{where}: {message}", hint=hint)


class EmptyCorpusError(ReportgenError):
    """Nothing usable was found in the sources."""


class ConfigError(ReportgenError):
    """A setting is missing, unknown or of the wrong type."""

    def __init__(self, key: str, message: str, *, source: str | None = None, hint: str | None = None) -> None:
        self.key = key
        prefix = f"{source}: " if source else ""
        super().__init__(f"{prefix}config key '{key}': {message}", hint=hint)


class ModelError(ReportgenError):
    """The embedding model or the theme model cannot run."""


class OutputError(ReportgenError):
    """An output cannot be rendered or written."""


class SourceError(ReportgenError):
    """A query source (arXiv, OpenAlex, Semantic Scholar) could not be fetched: network, HTTP or a malformed answer."""

    def __init__(self, source: str, message: str, *, hint: str | None = None) -> None:
        self.source = source
        super().__init__(f"{source}: {message}", hint=hint)
