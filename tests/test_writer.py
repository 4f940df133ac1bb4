from pathlib import Path

from reportgen.writer import write_outputs


def test_writes_files_and_removes_only_its_own_stale_files(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine")
    write_outputs(tmp_path, {"a.md": b"1", "figures/x.png": b"2"})
    write_outputs(tmp_path, {"a.md": b"3"})
    assert (tmp_path / "a.md").read_bytes() == b"3"
    assert not (tmp_path / "figures" / "x.png").exists()
    assert (tmp_path / "notes.txt").read_text() == "mine"
    assert not list(tmp_path.glob("**/*.tmp"))
