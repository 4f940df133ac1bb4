"""The second hostile round (issue 25): each case a user met, through the real CLI.

Every test here failed on the main branch before the fix it names; the
numbers are the issue's.  Fast cases run the CLI in this process; the ones that
need a real kill, a real permission or a real full disk run it as a process.
"""

from __future__ import annotations

import json
from pathlib import Path

from tests.reliability.conftest import invoke, snapshot


def _one_error_line(stderr: str) -> str:
    lines = [line for line in stderr.strip().splitlines() if line.startswith("error: ")]
    assert len(lines) == 1, stderr
    return lines[0]


def test_09_json_nested_a_hundred_thousand_deep_is_one_clear_error(tmp_path: Path) -> None:
    array = tmp_path / "deep.json"
    array.write_text("[" * 100_000, encoding="utf-8")
    lines = tmp_path / "deep.jsonl"
    lines.write_text(
        json.dumps({"title": "A", "abstract": "B."}) + "\n" + '{"x": ' + "[" * 100_000 + "\n", encoding="utf-8"
    )
    for source, where in ((array, f"{array}:1"), (lines, f"{lines}:2")):
        result = invoke("build", str(source), "-o", str(tmp_path / "out"), "--no-cache")
        assert result.crash is None and result.exit_code == 2, result.crash
        assert _one_error_line(result.stderr).startswith(f"error: {where}: not valid JSON (nested too deeply")


def test_10_a_five_thousand_digit_number_is_one_clear_error(tmp_path: Path) -> None:
    source = tmp_path / "big.jsonl"
    record = '{"title": "A title", "abstract": "An abstract.", "year": 1' + "0" * 4999 + "}"
    source.write_text(json.dumps({"title": "T", "abstract": "A."}) + "\n" + record + "\n", encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    (out / "survey.md").write_text("the previous survey")
    result = invoke("build", str(source), "-o", str(out), "--no-cache")
    assert result.crash is None and result.exit_code == 2, result.crash
    assert _one_error_line(result.stderr).startswith(f"error: {source}:2: not valid JSON (a number with more digits")
    assert snapshot(out) == {"survey.md": b"the previous survey"}


def test_11_a_stored_fit_of_the_right_syntax_and_the_wrong_shape_is_one_clear_error(tmp_path: Path) -> None:
    state = tmp_path / "state"
    state.mkdir()
    (state / "site-themes.json").write_text('{"key": "k", "papers": [], "themes": {"x": 1}}', encoding="utf-8")
    source = tmp_path / "one.jsonl"
    source.write_text(json.dumps({"title": "A", "abstract": "B."}) + "\n", encoding="utf-8")
    result = invoke("site", str(source), "-o", str(tmp_path / "site"), "--state", str(state))
    assert result.crash is None and result.exit_code == 2, result.crash
    line = _one_error_line(result.stderr)
    assert line.startswith(f"error: {state / 'site-themes.json'}: unreadable theme state") and "delete the file" in line
