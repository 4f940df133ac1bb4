"""All file output.  The survey folder is replaced as one unit; single files atomically.

The pipeline renders everything in memory first, so a failed build never gets
here.  The writer then builds the *new* folder beside the old one (a sibling
`.NAME.reportgen-new-*`): the new files, plus hard links to everything in the
old folder that reportgen did not write (a manifest lists what it wrote).  Then
it swaps the two folders in one step (Linux `renameat2(RENAME_EXCHANGE)`), so
a reader, or a `kill -9` at any moment, sees exactly the old survey or exactly
the new one, never a mix.  Where the exchange is not supported, two renames
are used and a build interrupted between them is repaired by the next one.

A lock file beside the folder (`.NAME.reportgen-lock`, flock, removed when
the build ends) makes a second build into the same folder wait for the first.  Leftovers of killed builds
(staging folders, `*.tmp` files) are removed by the next build, under the lock.
"""

from __future__ import annotations

import ctypes
import errno
import json
import os
import re
import shutil
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator, Mapping

from reportgen.codec import parse_json
from reportgen.errors import OutputError

MANIFEST = ".reportgen-manifest.json"
LOCK_WAIT = 600.0  # seconds a build waits for another build into the same folder
_STAGING = ".reportgen-new-"
_RETIRED = ".reportgen-old-"
_TEMP_FILE = re.compile(r"^\..+\.[A-Za-z0-9_]{8}\.tmp$")  # what write_atomic's mkstemp names look like
_HINT = "check the output folder's permissions and free space"


def write_atomic(path: Path, data: bytes) -> None:
    """One file, written beside its target and renamed into place: never seen half-written."""
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


def write_file(path: Path, data: bytes) -> None:
    """write_atomic for a file a user asked for (the site's state): failures are OutputErrors, not tracebacks."""
    try:
        write_atomic(path, data)
    except OSError as exc:
        raise OutputError(f"{exc.filename or path}: cannot write: {exc.strerror}", hint=_HINT) from None


def lock_path(out_dir: Path) -> Path:
    folder = Path(os.path.realpath(out_dir))
    return folder.parent / f".{folder.name}.reportgen-lock"


@contextmanager
def output_lock(
    out_dir: Path, *, wait: float = LOCK_WAIT, on_wait: Callable[[str], None] | None = None
) -> Iterator[None]:
    """Hold the folder's lock for a whole build; a second build waits (and says so), then gives up clearly.

    The holder removes the lock file when it is done; a waiter that locked a
    file already removed (its inode is no longer at the path) tries again.
    """
    try:
        import fcntl
    except ImportError:  # not POSIX: no lock, the swap still keeps each build whole
        yield
        return
    path = lock_path(out_dir)
    deadline = time.monotonic() + wait
    told = False
    while True:
        fd = _open_lock(path, out_dir)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = _lock_holder(fd)
            os.close(fd)
            if time.monotonic() >= deadline:
                raise OutputError(
                    f"{out_dir}: another reportgen build{holder} is still writing this folder",
                    hint="wait for it to finish, or build into another --out folder",
                ) from None
            if not told and on_wait:
                on_wait(f"waiting for another reportgen build{holder} writing {out_dir}")
                told = True
            time.sleep(0.2)
            continue
        if _same_file(fd, path):
            break
        os.close(fd)
    try:
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        yield
    finally:
        Path(path).unlink(missing_ok=True)
        os.close(fd)


def _open_lock(path: Path, out_dir: Path) -> int:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        return os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        raise OutputError(f"{out_dir}: cannot create the lock file {path}: {exc.strerror}", hint=_HINT) from None


def _same_file(fd: int, path: Path) -> bool:
    try:
        return os.path.samestat(os.fstat(fd), os.stat(path))
    except OSError:
        return False


def _lock_holder(fd: int) -> str:
    text = os.pread(fd, 32, 0).decode("ascii", errors="replace").strip()
    return f" (pid {text})" if text.isdigit() else ""


def write_outputs(
    out_dir: Path,
    files: Mapping[str, bytes],
    *,
    unlisted: Mapping[str, bytes] | None = None,
    before_swap: Callable[[Path], None] | None = None,
    owned: tuple[str, ...] = (),
) -> list[Path]:
    """Replace the survey in out_dir by `files` (relative path -> bytes), all at once; returns the paths written.

    `unlisted` files are written too but not recorded as outputs (the site's
    state); `before_swap` runs on the finished new folder before it goes live
    (mkdocs), so its failure changes nothing either.  What an earlier build
    wrote is named by its manifest; where the manifest is gone, the paths in
    `owned` (names, or folders ending in "/") are taken as an earlier build's,
    so a build of some formats never leaves another survey's files beside its own.
    """
    try:
        clean_leftovers(out_dir)
        if out_dir.exists() and not out_dir.is_dir():
            raise OutputError(f"{out_dir}: is a file, not a folder", hint="choose another --out")
        if out_dir.exists() and _read_only(out_dir):
            raise OutputError(
                f"{out_dir}: the output folder is read-only; nothing was written",
                hint="make it writable or choose another --out",
            )
        check_output_folder(out_dir)
        return _write_swapped(out_dir, files, unlisted or {}, before_swap, owned)
    except OSError as exc:
        raise OutputError(
            f"{exc.filename or out_dir}: cannot write: {exc.strerror}; the previous survey is unchanged", hint=_HINT
        ) from None


def check_output_folder(out_dir: Path) -> None:
    """A survey replaces its whole folder in one step; the folder a shell is in (or one holding it) cannot be replaced.

    Writing such a folder file by file is what left a mix of two surveys when
    a build was killed midway (`cd out; reportgen build ../c.jsonl -o .`).
    """
    if _holds_working_dir(out_dir):
        raise OutputError(
            f"{out_dir}: this is the folder you are in (or holds it); a survey replaces its whole folder in one step, which cannot be done to the working folder",
            hint="write the survey to a folder of its own, e.g. `-o survey`, or run the command from the folder above",
        )


def _write_swapped(
    out_dir: Path,
    files: Mapping[str, bytes],
    unlisted: Mapping[str, bytes],
    before_swap: Callable[[Path], None] | None,
    owned: tuple[str, ...],
) -> list[Path]:
    folder = Path(os.path.realpath(out_dir))
    folder.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{folder.name}{_STAGING}", dir=folder.parent))
    try:
        if folder.is_dir():
            earlier = _read_manifest(folder) if (folder / MANIFEST).is_file() else _matching(folder, owned)
            _carry_forward(folder, staging, earlier | {MANIFEST} | set(files) | set(unlisted))
            os.chmod(staging, folder.stat().st_mode & 0o7777)
        else:
            os.chmod(staging, 0o777 & ~_umask())
        _fill(staging, files, unlisted)
        if before_swap:
            before_swap(staging)
        _swap(staging, folder)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    shutil.rmtree(staging, ignore_errors=True)  # now the old survey
    return [out_dir / name for name in sorted(files)]


def _matching(folder: Path, owned: tuple[str, ...]) -> set[str]:
    """The files of `folder` an earlier build would have written: those named in `owned`, or under a folder it names."""
    found = set()
    for path in folder.rglob("*"):
        rel = path.relative_to(folder).as_posix()
        if path.is_file() and any(rel == o or (o.endswith("/") and rel.startswith(o)) for o in owned):
            found.add(rel)
    return found


def _fill(folder: Path, files: Mapping[str, bytes], unlisted: Mapping[str, bytes]) -> None:
    for name, data in sorted({**unlisted, **files}.items()):
        write_atomic(_inside(folder, name), data)
    write_atomic(folder / MANIFEST, (json.dumps(sorted(files), indent=1) + "\n").encode())


def _inside(folder: Path, name: str) -> Path:
    if Path(name).is_absolute() or ".." in Path(name).parts:
        raise OutputError(f"{name}: output path outside the output folder")
    return folder / name


def _carry_forward(old: Path, new: Path, skip: set[str]) -> None:
    """Hard-link (else copy) every file reportgen did not write into the new folder, so the swap keeps the user's files."""
    for root, dirs, names in os.walk(old):
        rel_root = Path(root).relative_to(old)
        for name in dirs:
            source = Path(root) / name
            if os.path.ismount(source):
                raise OutputError(
                    f"{source}: the output folder contains a mount point", hint="build into a folder of its own"
                )
            target = new / rel_root / name
            if source.is_symlink():
                os.symlink(os.readlink(source), target)
            else:
                target.mkdir()
                shutil.copymode(source, target)
        dirs[:] = [d for d in dirs if not (Path(root) / d).is_symlink()]
        for name in names:
            rel = (rel_root / name).as_posix()
            if rel in skip or _TEMP_FILE.match(name):
                continue
            source, target = Path(root) / name, new / rel_root / name
            if source.is_symlink():
                os.symlink(os.readlink(source), target)
                continue
            try:
                os.link(source, target)
            except OSError:
                shutil.copy2(source, target)


def _swap(staging: Path, folder: Path) -> None:
    """Put staging where folder is, in one step where the kernel can; staging then holds the old folder."""
    if not folder.exists():
        os.rename(staging, folder)
        os.mkdir(staging)  # keep the caller's clean-up uniform
        return
    if _exchange(staging, folder):
        return
    retired = folder.parent / f".{folder.name}{_RETIRED}{os.getpid()}"
    os.rename(folder, retired)  # a kill between these two renames is repaired by clean_leftovers
    os.rename(staging, folder)
    os.rename(retired, staging)


def _exchange(a: Path, b: Path) -> bool:
    """renameat2(RENAME_EXCHANGE): swap two paths atomically (Linux 3.15+, most local filesystems)."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    if renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code), str(b))


def clean_leftovers(out_dir: Path) -> None:
    """Remove what killed builds left: staging folders, a retired old folder (restored if the new one never arrived), temp files."""
    folder = Path(os.path.realpath(out_dir))
    if not folder.parent.is_dir():
        return
    for retired in sorted(folder.parent.glob(f".{glob_escape(folder.name)}{_RETIRED}*")):
        if not folder.exists():
            os.rename(retired, folder)
        else:
            shutil.rmtree(retired, ignore_errors=True)
    for staging in sorted(folder.parent.glob(f".{glob_escape(folder.name)}{_STAGING}*")):
        shutil.rmtree(staging, ignore_errors=True)
    if folder.is_dir():
        managed = {Path(name).parent for name in _read_manifest(folder)} | {Path(".")}
        for sub in managed:
            for tmp in (folder / sub).glob(".*.tmp") if (folder / sub).is_dir() else ():
                if _TEMP_FILE.match(tmp.name):
                    tmp.unlink(missing_ok=True)


def _read_only(folder: Path) -> bool:
    """Not writable by us, or marked read-only for everyone (honoured even for root, who could write anyway)."""
    return not os.access(folder, os.W_OK) or folder.stat().st_mode & 0o222 == 0


def glob_escape(name: str) -> str:
    return re.sub(r"([*?\[])", r"[\1]", name)


def _holds_working_dir(out_dir: Path) -> bool:
    folder, cwd = Path(os.path.realpath(out_dir)), Path.cwd()
    return folder == cwd or folder in cwd.parents


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def _read_manifest(out_dir: Path) -> set[str]:
    try:
        names = parse_json((out_dir / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return set()
    if not isinstance(names, list):
        return set()
    return {n for n in names if isinstance(n, str) and ".." not in Path(n).parts and not Path(n).is_absolute()}
