"""All file output.  Atomic: every file is written beside its target and renamed into place.

The pipeline renders everything in memory first, so a failed build never gets
here and leaves the previous output as it was.  A manifest lists what reportgen
wrote, so files a previous build made and this one does not are removed, and
nothing else in the folder is touched.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from reportgen.errors import OutputError

MANIFEST = ".reportgen-manifest.json"


def write_atomic(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_outputs(out_dir: Path, files: dict[str, bytes]) -> list[Path]:
    """Write `files` (relative path -> bytes) under out_dir; returns the paths written."""
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        previous = _read_manifest(out_dir)
        written = []
        for name in sorted(files):
            target = out_dir / name
            write_atomic(target, files[name])
            written.append(target)
        for stale in sorted(previous - set(files)):
            (out_dir / stale).unlink(missing_ok=True)
        write_atomic(out_dir / MANIFEST, (json.dumps(sorted(files), indent=1) + "\n").encode())
        return written
    except OSError as exc:
        raise OutputError(f"{exc.filename or out_dir}: cannot write: {exc.strerror}", hint="check the output folder's permissions and free space") from None


def _read_manifest(out_dir: Path) -> set[str]:
    try:
        names = json.loads((out_dir / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return set()
    return {n for n in names if isinstance(n, str) and ".." not in Path(n).parts}
