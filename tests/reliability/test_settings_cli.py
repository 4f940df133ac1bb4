"""Each setting out of range, through the real CLI: exit 2, one line naming the key, the folder untouched, no traceback."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reportgen.config import DEPRECATED
from tests.reliability.conftest import invoke, snapshot
from tests.test_config import OUT_OF_RANGE


@pytest.mark.parametrize(
    ("section", "key", "value", "message"), OUT_OF_RANGE, ids=[f"{s}.{k}={v}" for s, k, v, _ in OUT_OF_RANGE]
)
def test_out_of_range_setting_exits_2_naming_the_key(
    tmp_path: Path, section: str, key: str, value: str, message: str
) -> None:
    config = tmp_path / "reportgen.toml"
    config.write_text(f"[{section}]\n{key} = {value}\n", encoding="utf-8")
    source = tmp_path / "one.jsonl"
    source.write_text(json.dumps({"id": "a", "title": "A title", "abstract": "An abstract."}) + "\n", encoding="utf-8")
    out = tmp_path / "survey"
    out.mkdir()
    (out / "survey.md").write_text("the previous survey")
    result = invoke("build", str(source), "-o", str(out), "--config", str(config), "--no-cache")
    assert result.crash is None, result.crash
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"error: {config}: config key '{section}.{key}': "), result.stderr
    assert message in lines[0]
    assert snapshot(out) == {"survey.md": b"the previous survey"}


def test_an_option_that_would_change_nothing_is_not_offered(tmp_path: Path) -> None:
    """The theme fit has no random step, so `--seed` is gone (and `themes.seed` in a config is ignored, with a warning)."""
    result = invoke("themes", str(tmp_path), "--seed", "1", "--no-cache")
    assert result.crash is None and result.exit_code == 2
    assert "No such option" in result.stderr


def test_a_site_state_that_is_a_json_list_is_a_clear_error(tmp_path: Path) -> None:
    from reportgen.errors import OutputError
    from reportgen.living.lineage import STATE_FILE, read_state

    (tmp_path / STATE_FILE).write_text("[1, 2, 3]", encoding="utf-8")
    with pytest.raises(
        OutputError, match=r"unreadable site state \(expected a JSON object, found a list\).*delete the file"
    ):
        read_state(tmp_path)
    for bad in ['{"latest": [1]}', '{"latest": {"papers": 3}}', "\ufffe\x00", '"text"', "null"]:
        (tmp_path / STATE_FILE).write_text(bad, encoding="utf-8")
        with pytest.raises(OutputError, match="unreadable site state"):
            read_state(tmp_path)


def test_a_deprecated_key_is_warned_about_and_changes_nothing(tmp_path: Path) -> None:
    """An older config's `themes.seed` still loads: the run names the key once, then goes on (here to a missing file)."""
    config = tmp_path / "reportgen.toml"
    config.write_text("[themes]\nseed = 7\n", encoding="utf-8")
    result = invoke("themes", str(tmp_path / "missing.jsonl"), "--config", str(config), "--no-cache")
    assert result.crash is None and result.exit_code == 2
    said = " ".join(result.stderr.split())  # rich wraps long lines
    assert said.count(f"warning: {config}: config key 'themes.seed' is ignored: {DEPRECATED['themes.seed']}") == 1
    assert "missing.jsonl" in result.stderr.strip().splitlines()[-1]
