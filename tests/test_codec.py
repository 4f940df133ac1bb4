"""The codec of stored values: lossless, typed on the way back, and a digest that does not depend on repr."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reportgen import codec
from reportgen.errors import OutputError
from reportgen.living import lineage
from reportgen.model import Headline, Theme, ThemeSet


def test_values_survive_json() -> None:
    value = ThemeSet(
        themes=(Theme(1, "Agents", "agents", ("agent",), ("a", "b")),), outliers=("c",), coords={"a": (0.5, 1.0)}
    )
    assert codec.from_data(ThemeSet, json.loads(json.dumps(codec.to_data(value)))) == value


def test_the_digest_follows_the_data() -> None:
    one = Headline("p", "3%", "It gains 3%.", number=3.0)
    assert codec.digest(one) == codec.digest(Headline("p", "3%", "It gains 3%.", number=3.0))
    assert codec.digest(one) != codec.digest(Headline("p", "3%", "It gains 3%.", number=3.5))


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"themes": {"x": 1}, "outliers": [], "coords": {}}, r"data.themes: expected a list"),
        ({"themes": [], "outliers": [], "coords": {"a": [1.0]}}, r"data.coords.a: expected a list of 2"),
        ({"themes": [], "outliers": [3], "coords": {}}, r"data.outliers\[0\]: expected str"),
        ({"themes": [], "coords": {}}, r"ThemeSet lacks outliers"),
    ],
)
def test_a_wrong_shape_is_named(data: object, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        codec.from_data(ThemeSet, data)


def test_a_stored_fit_of_the_wrong_shape_is_one_clear_error(tmp_path: Path) -> None:
    (tmp_path / lineage.FIT_FILE).write_text(
        json.dumps({"key": "k", "papers": [], "themes": {"themes": {"x": 1}, "outliers": [], "coords": {}}})
    )
    with pytest.raises(OutputError, match="unreadable theme state .*site-themes.json.themes.themes: expected a list"):
        lineage.read_fit(tmp_path)
