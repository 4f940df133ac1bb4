"""The writer replaces the survey folder as one unit, keeps the user's files, cleans up after killed builds, and locks."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from reportgen import writer
from reportgen.errors import OutputError
from reportgen.writer import write_outputs


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_writes_files_and_removes_only_its_own_stale_files(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "notes.txt").write_text("mine")
    (out / "sub").mkdir()
    (out / "sub" / "keep.bin").write_bytes(b"k")
    write_outputs(out, {"a.md": b"1", "figures/x.png": b"2"})
    write_outputs(out, {"a.md": b"3"})
    assert (out / "a.md").read_bytes() == b"3"
    assert not (out / "figures" / "x.png").exists()
    assert (out / "notes.txt").read_text() == "mine"
    assert (out / "sub" / "keep.bin").read_bytes() == b"k"
    assert not list(tmp_path.glob("**/*.tmp"))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]  # no staging folder, no lock file left


def test_a_new_folder_is_created_whole(tmp_path: Path) -> None:
    written = write_outputs(tmp_path / "a" / "b", {"survey.md": b"x"})
    assert written == [tmp_path / "a" / "b" / "survey.md"]
    assert tree(tmp_path / "a" / "b") == {".reportgen-manifest.json": b'[\n "survey.md"\n]\n', "survey.md": b"x"}


def test_a_failure_before_the_swap_changes_nothing(tmp_path: Path) -> None:
    out = tmp_path / "out"
    write_outputs(out, {"survey.md": b"old", "figures/a.png": b"A"})
    before = tree(out)

    def fail(staged: Path) -> None:
        assert (staged / "survey.md").read_bytes() == b"new"
        raise OutputError("mkdocs failed")

    with pytest.raises(OutputError):
        write_outputs(out, {"survey.md": b"new"}, before_swap=fail)
    assert tree(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_a_read_only_folder_is_refused_before_anything_changes(tmp_path: Path) -> None:
    out = tmp_path / "out"
    write_outputs(out, {"survey.md": b"old"})
    out.chmod(0o555)
    try:
        with pytest.raises(OutputError, match="read-only"):
            write_outputs(out, {"survey.md": b"new"})
        assert (out / "survey.md").read_bytes() == b"old"
    finally:
        out.chmod(0o755)


def test_a_read_only_parent_changes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "out"
    write_outputs(out, {"survey.md": b"old"})

    def refuse(*args: object, **kwargs: object) -> str:
        raise PermissionError(13, "Permission denied", str(tmp_path))

    monkeypatch.setattr(writer.tempfile, "mkdtemp", refuse)
    with pytest.raises(OutputError, match="previous survey is unchanged"):
        write_outputs(out, {"survey.md": b"new"})
    assert tree(out) == {".reportgen-manifest.json": b'[\n "survey.md"\n]\n', "survey.md": b"old"}


def test_leftovers_of_killed_builds_are_removed(tmp_path: Path) -> None:
    out = tmp_path / "out"
    write_outputs(out, {"survey.md": b"old", "figures/a.png": b"A"})
    (tmp_path / ".out.reportgen-new-abc123").mkdir()
    (tmp_path / ".out.reportgen-new-abc123" / "survey.md").write_bytes(b"half")
    (out / "figures" / ".top-terms.png.k2j4h5g6.tmp").write_bytes(b"partial")
    write_outputs(out, {"survey.md": b"new", "figures/a.png": b"B"})
    assert tree(out) == {
        ".reportgen-manifest.json": b'[\n "figures/a.png",\n "survey.md"\n]\n',
        "figures/a.png": b"B",
        "survey.md": b"new",
    }
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_a_build_killed_between_two_renames_is_repaired(tmp_path: Path) -> None:
    """Without RENAME_EXCHANGE the swap is two renames; the old folder, parked aside, comes back."""
    out = tmp_path / "out"
    write_outputs(out, {"survey.md": b"old"})
    out.rename(tmp_path / ".out.reportgen-old-12345")
    writer.clean_leftovers(out)
    assert (out / "survey.md").read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_the_two_rename_fallback_swaps_whole_folders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(writer, "_exchange", lambda a, b: False)
    out = tmp_path / "out"
    write_outputs(out, {"survey.md": b"old", "x.png": b"1"})
    (out / "mine.txt").write_text("mine")
    write_outputs(out, {"survey.md": b"new"})
    assert tree(out) == {".reportgen-manifest.json": b'[\n "survey.md"\n]\n', "mine.txt": b"mine", "survey.md": b"new"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_the_old_folder_is_never_modified_through_shared_links(tmp_path: Path) -> None:
    """Carried-forward files are hard links; new outputs replace them instead of writing into them."""
    out = tmp_path / "out"
    out.mkdir()
    (out / "survey.md").write_bytes(b"the user's own")  # no manifest: not reportgen's
    held = (out / "survey.md").open("rb")
    write_outputs(out, {"survey.md": b"new"})
    assert held.read() == b"the user's own"
    held.close()


def test_unlisted_files_are_written_but_not_managed(tmp_path: Path) -> None:
    out = tmp_path / "out"
    write_outputs(out, {"docs/index.md": b"1"}, unlisted={".state/site-state.json": b"{}"})
    write_outputs(out, {"docs/index.md": b"2"})
    assert (out / ".state" / "site-state.json").read_bytes() == b"{}"


def test_paths_outside_the_folder_are_refused(tmp_path: Path) -> None:
    with pytest.raises(OutputError, match="outside"):
        write_outputs(tmp_path / "out", {"../evil.md": b"x"})
    assert not (tmp_path / "evil.md").exists()


HOLD = """
import sys, time
from pathlib import Path
from reportgen.writer import output_lock
with output_lock(Path(sys.argv[1])):
    print("locked", flush=True)
    time.sleep(float(sys.argv[2]))
"""


def test_a_second_build_waits_for_the_lock_then_gives_up_clearly(tmp_path: Path) -> None:
    out = tmp_path / "out"
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(out), "30"],
        stdout=subprocess.PIPE,
        text=True,
        cwd=Path(__file__).resolve().parent.parent,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        told: list[str] = []
        began = time.monotonic()
        with (
            pytest.raises(OutputError, match=rf"another reportgen build \(pid {holder.pid}\) is still writing"),
            writer.output_lock(out, wait=0.6, on_wait=told.append),
        ):
            pass
        assert time.monotonic() - began >= 0.6
        assert told and "waiting for another reportgen build" in told[0]
    finally:
        holder.kill()
        holder.wait()
    with writer.output_lock(out, wait=5):  # a killed holder's lock is released by the kernel
        pass
    assert not writer.lock_path(out).exists()


def test_waiters_get_the_lock_in_turn(tmp_path: Path) -> None:
    out = tmp_path / "out"
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(out), "1"],
        stdout=subprocess.PIPE,
        text=True,
        cwd=Path(__file__).resolve().parent.parent,
    )
    assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
    began = time.monotonic()
    with writer.output_lock(out, wait=30):
        assert time.monotonic() - began > 0.7  # we only got in after its second of holding
    holder.wait()


def test_a_symlinked_output_folder_is_replaced_where_it_points(tmp_path: Path) -> None:
    real = tmp_path / "real"
    write_outputs(real, {"survey.md": b"old"})
    link = tmp_path / "link"
    link.symlink_to(real, target_is_directory=True)
    write_outputs(link, {"survey.md": b"new"})
    assert link.is_symlink() and (real / "survey.md").read_bytes() == b"new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link", "real"]
