"""The command line with query sources, against the local server: failures are one line, exit 2, and write nothing.

Run from the repository root (so `python -m reportgen` is this checkout), with --config.
"""

from __future__ import annotations

from pathlib import Path

from tests.conftest import run_cli
from tests.sources.server import ApiServer


def _config(tmp_path: Path, api: ApiServer, extra: str = "") -> Path:
    path = tmp_path / "reportgen.toml"
    path.write_text(
        f'[fetch]\nretries = 2\nbackoff = 0.01\nmin_interval = 0.0\narxiv_url = "{api.url}/api/query"\nopenalex_url = "{api.url}/works"\n{extra}',
        encoding="utf-8",
    )
    return path


def test_an_api_that_keeps_failing_stops_the_build_with_one_line_and_writes_nothing(
    api: ApiServer, tmp_path: Path
) -> None:
    api.add("/api/query", {}, (500, {"Content-Type": "text/plain"}, b"Internal Server Error"))
    result = run_cli(
        "build",
        "--config",
        str(_config(tmp_path, api)),
        "--query",
        "arxiv:abs:moe",
        "-o",
        str(tmp_path / "out"),
        "--cache-dir",
        str(tmp_path / "cache"),
    )
    assert result.returncode == 2, result.stderr
    lines = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(lines) == 1 and lines[0].startswith("error: arxiv query 'abs:moe': HTTP 500 from 127.0.0.1:"), (
        result.stderr
    )
    assert "3 attempts" in lines[0] and len(api.requests) == 3
    assert not (tmp_path / "out").exists() and not (tmp_path / "cache" / "queries").exists()


def test_no_network_in_site_names_the_source_and_leaves_the_state_alone(tmp_path: Path, api: ApiServer) -> None:
    config = tmp_path / "reportgen.toml"
    config.write_text(
        '[fetch]\nretries = 1\nbackoff = 0.01\nopenalex_url = "http://127.0.0.1:9/works"\n\n[[sources]]\nopenalex = "mixture of experts"\nname = "moe"\n',
        encoding="utf-8",
    )
    result = run_cli("site", "--config", str(config), "-o", str(tmp_path / "site"), "--state", str(tmp_path / "state"))
    assert result.returncode == 2
    assert "error: openalex query 'moe': cannot reach 127.0.0.1:9/works (ConnectError" in result.stderr
    assert not (tmp_path / "site").exists() and not (tmp_path / "state" / "queries").exists()


def test_keep_going_without_earlier_records_warns_and_then_finds_no_papers(api: ApiServer, tmp_path: Path) -> None:
    api.add("/works", {}, (503, {}, b""))
    result = run_cli(
        "build",
        "--config",
        str(_config(tmp_path, api, '[[sources]]\nopenalex = "moe"\n')),
        "--keep-going",
        "-o",
        str(tmp_path / "out"),
        "--no-cache",
    )
    assert result.returncode == 2
    flat = " ".join(result.stderr.split())
    assert (
        "warning: openalex query 'moe': HTTP 503" in flat
        and "no records of this query were fetched before, going on without it" in flat
    )
    assert "error: no papers found in openalex: moe" in flat
    assert not (tmp_path / "out").exists()


def test_help_documents_the_query_options() -> None:
    result = run_cli("site", "--help")
    assert "--query API:QUERY" in result.stdout and "--since YYYY-MM-DD" in result.stdout
