"""The stored report fixture: a frozen `Report` as JSON data, so golden files test rendering, not the machine.

tests/golden/report.json holds everything a renderer reads (the settings, and
the report: corpus, themes, summaries, headlines, names) from one real build of the example;
charts are drawn from it again, as the pipeline does.  The codec is generic:
any dataclass in reportgen.model is written field by field (fields equal to
their default are left out) and read back by its type hints, so a new field
with a default needs no change here, and an old fixture still loads.

Refresh the fixture from a real build (model and theme fit) with
`python scripts/make_report_fixture.py`, then the golden outputs with `make golden`.
"""

from __future__ import annotations

import dataclasses
import json
import types
import typing
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from reportgen.config import Settings, settings_from_dict
from reportgen.model import Report

FIXTURE = Path(__file__).resolve().parent / "golden" / "report.json"
FORMAT = 2  # 2: the settings beside the report (typed, not a field of it)


def to_data(value: Any) -> Any:
    """Plain JSON data for a model value; dataclass fields at their default are omitted."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        out = {}
        for f in dataclasses.fields(value):
            item = getattr(value, f.name)
            if not _is_default(f, item):
                out[f.name] = to_data(item)
        return out
    if isinstance(value, Mapping):
        return {str(k): to_data(v) for k, v in value.items()}
    if isinstance(value, (tuple, list)):
        return [to_data(v) for v in value]
    if isinstance(value, bytes):
        raise TypeError("bytes (chart images) are not stored: charts are drawn from the fixture")
    return value


def _is_default(f: dataclasses.Field, value: Any) -> bool:
    if f.default is not dataclasses.MISSING:
        return value == f.default
    if f.default_factory is not dataclasses.MISSING:
        return value == f.default_factory()
    return False


def from_data(kind: Any, data: Any, where: str = "report") -> Any:
    """Rebuild a value of type `kind` (a dataclass, tuple[...], Mapping[...], X | None, ...) from data."""
    origin, args = typing.get_origin(kind), typing.get_args(kind)
    if dataclasses.is_dataclass(kind):
        return _dataclass(kind, data, where)
    if origin in (types.UnionType, typing.Union):
        if data is None and type(None) in args:
            return None
        return from_data(next(a for a in args if a is not type(None)), data, where)
    if origin is tuple:
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(from_data(args[0], v, f"{where}[{i}]") for i, v in enumerate(data))
        return tuple(from_data(a, v, f"{where}[{i}]") for i, (a, v) in enumerate(zip(args, data)))
    if origin in (Mapping, dict, typing.Mapping):
        return {k: from_data(args[1], v, f"{where}.{k}") for k, v in data.items()} if args else dict(data)
    return data  # str, int, float, bool, object: JSON already holds them


def _dataclass(kind: type, data: dict[str, Any], where: str) -> Any:
    hints = typing.get_type_hints(kind)
    names = {f.name for f in dataclasses.fields(kind) if f.init}
    unknown = sorted(set(data) - names)
    if unknown:
        raise ValueError(
            f"{where}: {kind.__name__} has no field {', '.join(unknown)}; regenerate the fixture (scripts/make_report_fixture.py)"
        )
    missing = sorted(
        f.name
        for f in dataclasses.fields(kind)
        if f.init
        and f.name not in data
        and f.default is dataclasses.MISSING
        and f.default_factory is dataclasses.MISSING
    )
    if missing:
        raise ValueError(
            f"{where}: the fixture lacks {kind.__name__}.{', '.join(missing)}, which has no default; regenerate the fixture (scripts/make_report_fixture.py)"
        )
    return kind(**{k: from_data(hints[k], v, f"{where}.{k}") for k, v in data.items()})


def dump_report(report: Report, settings: Settings, root: Path) -> str:
    """The fixture's text: charts dropped (drawn again on load), paths made relative to `root`."""
    report = dataclasses.replace(report, charts=())
    data = {"format": FORMAT, "settings": settings.as_dict(), "report": to_data(report)}
    text = json.dumps(data, indent=1, ensure_ascii=False, sort_keys=False)
    return text.replace(json.dumps(str(root) + "/")[1:-1], "") + "\n"


def load_report(path: Path = FIXTURE) -> tuple[Report, Settings]:
    """The stored Report (without charts: the golden test draws them) and the settings it was built with."""
    data = json.loads(path.read_text(encoding="utf-8"))
    if data.get("format") != FORMAT:
        raise ValueError(f"{path}: fixture format {data.get('format')}, expected {FORMAT}; regenerate it")
    return from_data(Report, data["report"]), settings_from_dict(data["settings"])
