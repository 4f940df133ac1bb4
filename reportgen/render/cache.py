"""Rendered outputs kept on disk, keyed by everything they are made from.

Charts and the PDF are most of a rebuild when nothing changed (~15 s of ~18 s
on the example).  Outputs are deterministic, so bytes made from the same report,
formats, settings, templates, code and library versions can be reused as they
are.  Each entry is one uncompressed zip (PNG and PDF are compressed already);
only the newest few are kept.
"""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
import zlib
from dataclasses import replace
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Callable, Iterable

from reportgen import codec
from reportgen.config import ReportSettings, Settings
from reportgen.model import Changes, Report
from reportgen.render.environment import BUILTIN_TEMPLATES
from reportgen.writer import write_atomic

KEEP = 4
DIGESTS = ".sha256.json"  # inside each entry: what store() wrote, so load() serves exactly that or nothing
_PACKAGE = Path(__file__).resolve().parents[1]  # all of reportgen/
_LIBRARIES = ("weasyprint", "pydyf", "fonttools", "matplotlib", "markdown-it-py", "jinja2", "numpy")


def cache_key(report: Report, formats: tuple[str, ...], settings: Settings, changes: Changes | None = None) -> str:
    """Digest of everything a render reads: the report's content (charts are made from it), the settings,
    the formats, the site's history, and every file and library that shapes the bytes."""
    digest = hashlib.sha256()
    digest.update(codec.digest(replace(report, charts=())).encode())  # the data, not its repr
    digest.update(json.dumps(settings.as_dict(), sort_keys=True, default=str).encode())
    digest.update(json.dumps(sorted(formats)).encode())
    digest.update(codec.digest(changes).encode())
    for name in _LIBRARIES:
        digest.update(f"{name}={_version(name)};".encode())
    for path in _shaping_files(settings.report):
        digest.update(str(path).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def load(
    cache_dir: Path, key: str, expected: Iterable[str] = (), *, warn: Callable[[str], None] = lambda _: None
) -> dict[str, bytes] | None:
    """The outputs stored under `key`, or None: absent, or unreadable, or lacking an `expected` file.

    A bad entry is deleted with a warning and the outputs are rendered afresh;
    an empty or partial entry must never stand in for a survey (the writer
    would replace the folder with it).
    """
    path = cache_dir / f"{key}.zip"
    if not path.is_file():
        return None
    try:
        with zipfile.ZipFile(path) as archive:
            files = {name: archive.read(name) for name in archive.namelist()}
        digests = files.pop(DIGESTS, b"")
        problem = _problem(files, set(expected)) or _altered(files, digests)
    except (
        OSError,
        EOFError,
        ValueError,
        RuntimeError,
        NotImplementedError,
        zlib.error,
        zipfile.BadZipFile,
        KeyError,
    ) as exc:
        problem = f"unreadable ({exc})"
    if problem:
        warn(f"discarded a broken entry of the outputs cache ({path.name}: {problem}); rendering afresh")
        path.unlink(missing_ok=True)
        return None
    path.touch()  # most recently used survives pruning
    return files


def _problem(files: dict[str, bytes], expected: set[str]) -> str | None:
    if not files:
        return "empty"
    if missing := sorted(expected - files.keys()):
        return "lacks " + ", ".join(missing)
    if bad := sorted(n for n in files if n.startswith("/") or ".." in Path(n).parts or n.endswith("/")):
        return "holds bad names: " + ", ".join(bad[:3])
    return None


def _sha256s(files: dict[str, bytes]) -> bytes:
    return json.dumps({name: hashlib.sha256(files[name]).hexdigest() for name in sorted(files)}).encode()


def _altered(files: dict[str, bytes], digests: bytes) -> str | None:
    """Whether the entry holds exactly what `store` put in it: a zip edited, truncated or emptied since is not a survey."""
    return None if digests == _sha256s(files) else "its files differ from what was stored"


def store(cache_dir: Path, key: str, files: dict[str, bytes], *, warn: Callable[[str], None] = lambda _: None) -> None:
    """Keep `files` under `key`, with their digests, and prune old entries; a cache that cannot be written only costs speed."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_STORED) as archive:
        for name, data in sorted({**files, DIGESTS: _sha256s(files)}.items()):
            archive.writestr(zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0)), data)
    try:
        write_atomic(cache_dir / f"{key}.zip", buffer.getvalue())
        entries = sorted(cache_dir.glob("*.zip"), key=lambda p: p.stat().st_mtime, reverse=True)
        for stale in entries[KEEP:]:
            stale.unlink(missing_ok=True)
    except OSError as exc:
        warn(
            f"could not save the rendered outputs to the cache {cache_dir} ({exc.strerror or exc}); the next build renders them again"
        )


def _version(name: str) -> str:
    try:
        return version(name)
    except PackageNotFoundError:
        return "-"


def _shaping_files(settings: ReportSettings) -> list[Path]:
    """reportgen's own code and vocabularies, the built-in and user templates, the logo and extra CSS."""
    own = sorted(p for p in _PACKAGE.rglob("*") if p.suffix in (".py", ".toml"))  # the code and its word lists
    files = own + sorted(p for p in BUILTIN_TEMPLATES.rglob("*") if p.is_file())
    if settings.templates_dir and Path(settings.templates_dir).is_dir():
        files += sorted(p for p in Path(settings.templates_dir).rglob("*") if p.is_file())
    files += [Path(p) for p in (settings.logo, settings.css) if p and Path(p).is_file()]
    return files
