"""Frozen values as plain JSON data and back: one codec for every value that is stored or digested.

Any dataclass of reportgen.model is written field by field (fields equal to
their default are left out) and read back by its type hints, so a new field
with a default needs no change here and older data still loads.  The theme
cache, the living survey's stored themes, the outputs cache's key and the
golden-file fixture all go through it.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import types
import typing
from collections.abc import Mapping
from typing import Any, TypeVar

T = TypeVar("T")


def to_data(value: Any) -> Any:
    """Plain JSON data for a model value; dataclass fields at their default are omitted."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_data(getattr(value, f.name)) for f in dataclasses.fields(value) if not _is_default(f, value)}
    if isinstance(value, Mapping):
        return {str(k): to_data(v) for k, v in value.items()}
    if isinstance(value, (tuple, list)):
        return [to_data(v) for v in value]
    if isinstance(value, bytes):
        raise TypeError("bytes (chart images) are not data: charts are drawn again from the report")
    return value


def parse_json(text: str | bytes) -> Any:
    """json.loads for text from outside: every way it can fail is a ValueError, with a message a reader can act on.

    A syntax error stays a json.JSONDecodeError (with its line and column);
    nesting deeper than Python recurses ("[" x 100,000) and a number of more
    digits than Python converts (4,300) would escape as RecursionError and a
    bare ValueError from deep inside the decoder.
    """
    try:
        return json.loads(text)
    except json.JSONDecodeError:
        raise
    except RecursionError:
        raise ValueError("nested too deeply to read (arrays or objects inside one another, thousands deep)") from None
    except ValueError as exc:
        if "digits" in str(exc):
            raise ValueError("a number with more digits than can be read (over 4,300)") from None
        raise


def digest(value: Any) -> str:
    """sha256 of a value's data: the same for equal values in every run and every Python (no repr involved)."""
    text = json.dumps(to_data(value), sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


def _is_default(f: dataclasses.Field[Any], owner: Any) -> bool:
    value = getattr(owner, f.name)
    if f.default is not dataclasses.MISSING:
        return bool(value == f.default)
    if f.default_factory is not dataclasses.MISSING:
        return bool(value == f.default_factory())
    return False


def from_data(kind: type[T], data: Any, where: str = "data") -> T:
    """Rebuild a value of type `kind` (a dataclass) from data; ValueError naming the place when it is not one."""
    return typing.cast(T, _rebuild(kind, data, where))


def _rebuild(kind: Any, data: Any, where: str) -> Any:
    origin, args = typing.get_origin(kind), typing.get_args(kind)
    if dataclasses.is_dataclass(kind):
        return _dataclass(kind, data, where)
    if origin in (types.UnionType, typing.Union):
        if data is None and type(None) in args:
            return None
        return _rebuild(next(a for a in args if a is not type(None)), data, where)
    if origin is tuple:
        _expect(isinstance(data, list), where, "a list")
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(_rebuild(args[0], v, f"{where}[{i}]") for i, v in enumerate(data))
        _expect(len(args) == len(data), where, f"a list of {len(args)}")
        return tuple(_rebuild(a, v, f"{where}[{i}]") for i, (a, v) in enumerate(zip(args, data)))
    if origin in (Mapping, dict):
        _expect(isinstance(data, dict), where, "an object")
        return {k: _rebuild(args[1], v, f"{where}.{k}") for k, v in data.items()} if args else dict(data)
    if kind in (str, int, float, bool):
        numeric = kind is float and isinstance(data, int) and not isinstance(data, bool)
        _expect(isinstance(data, kind) or numeric, where, kind.__name__)
        return float(data) if numeric else data
    return data  # object: JSON holds it already


def _dataclass(kind: Any, data: Any, where: str) -> Any:
    _expect(isinstance(data, dict), where, f"an object ({kind.__name__})")
    hints = typing.get_type_hints(kind)
    fields = [f for f in dataclasses.fields(kind) if f.init]
    unknown = sorted(set(data) - {f.name for f in fields})
    if unknown:
        raise ValueError(f"{where}: {kind.__name__} has no field {', '.join(unknown)}")
    missing = sorted(
        f.name
        for f in fields
        if f.name not in data and f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
    )
    if missing:
        raise ValueError(f"{where}: {kind.__name__} lacks {', '.join(missing)} (no default)")
    return kind(**{k: _rebuild(hints[k], v, f"{where}.{k}") for k, v in data.items()})


def _expect(ok: bool, where: str, what: str) -> None:
    if not ok:
        raise ValueError(f"{where}: expected {what}")
