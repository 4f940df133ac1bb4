"""The stored report fixture: a frozen `Report` as JSON data, so golden files test rendering, not the machine.

tests/golden/report.json holds everything a renderer reads (the settings, and
the report: corpus, themes, summaries, headlines, names) from one real build of the example;
charts are drawn from it again, as the pipeline does.  The data is written and read by
reportgen.codec, the codec of every stored value.

Refresh the fixture from a real build (model and theme fit) with
`python scripts/make_report_fixture.py`, then the golden outputs with `make golden`.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any, TypeVar

from reportgen import codec
from reportgen.config import Settings, settings_from_dict
from reportgen.model import Report

FIXTURE = Path(__file__).resolve().parent / "golden" / "report.json"
FORMAT = 3  # 2: the settings beside the report (typed, not a field of it); 3: the theme fit typed (ThemeSet.fit)
T = TypeVar("T")


def from_data(kind: type[T], data: Any, where: str = "report") -> T:
    """codec.from_data, with what to do when the fixture is older than the model."""
    try:
        return codec.from_data(kind, data, where)
    except ValueError as exc:
        raise ValueError(f"{exc}; regenerate the fixture (scripts/make_report_fixture.py)") from None


def dump_report(report: Report, settings: Settings, root: Path) -> str:
    """The fixture's text: charts dropped (drawn again on load), paths made relative to `root`."""
    report = dataclasses.replace(report, charts=())
    data = {"format": FORMAT, "settings": settings.as_dict(), "report": codec.to_data(report)}
    text = json.dumps(data, indent=1, ensure_ascii=False, sort_keys=False)
    return text.replace(json.dumps(str(root) + "/")[1:-1], "") + "\n"


def load_report(path: Path = FIXTURE) -> tuple[Report, Settings]:
    """The stored Report (without charts: the golden test draws them) and the settings it was built with."""
    data = json.loads(path.read_text(encoding="utf-8"))
    if data.get("format") != FORMAT:
        raise ValueError(f"{path}: fixture format {data.get('format')}, expected {FORMAT}; regenerate it")
    return from_data(Report, data["report"]), settings_from_dict(data["settings"])
