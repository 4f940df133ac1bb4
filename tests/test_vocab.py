"""The vocabularies: data files merged by name, checked as they load."""

from __future__ import annotations

import tomllib
from collections import Counter
from importlib import resources

import pytest

from reportgen import vocab


def _files() -> dict[str, dict[str, object]]:
    folder = resources.files("reportgen.vocab")
    return {
        p.name: tomllib.loads(p.read_text(encoding="utf-8"))
        for p in sorted(folder.iterdir(), key=lambda p: p.name)
        if p.name.endswith(".toml") and p.name != vocab.CATEGORIES
    }


def _lists(data: dict[str, object], table: str = "") -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for key, value in data.items():
        if isinstance(value, dict):
            out.update(_lists(value, f"{key}."))
        elif isinstance(value, list) and value and all(isinstance(v, dict) for v in value):  # [[contrasts]], sides
            for i, item in enumerate(value):
                out.update(_lists(item, f"{table}{key}[{i}]."))
        elif isinstance(value, list):
            out[table + key] = value
        else:  # a field's profile, a contrast's or side's words
            assert table == "field." or table.endswith("]."), f"{table}{key}: only a profile or contrast holds a word"
    return out


def test_every_file_loads_with_the_base_files() -> None:
    for name in _files():
        if name[:-5] not in vocab.BASE:
            assert vocab.load((name[:-5],)).stop_words  # a field file only adds lists the loader knows


def test_a_word_is_written_once_per_file() -> None:
    """A list never repeats a word, and the three boilerplate lists of research.toml do not overlap."""
    for name, data in _files().items():
        for key, words in _lists(data).items():
            repeated = [w for w, n in Counter(words).items() if n > 1]
            assert not repeated, f"{name} {key} repeats {repeated}"
    research = _lists(_files()["research.toml"])
    parts = [set(research[k]) for k in ("boilerplate", "phrase_edges", "keyword_noise")]
    assert not (parts[0] & parts[1]) and not (parts[0] & parts[2]) and not (parts[1] & parts[2])


def test_lists_of_one_name_are_merged_in_file_order() -> None:
    words = vocab.load()
    assert {"performance", "typically"} <= words.boilerplate | words.phrase_edges  # research.toml
    assert "llms" in words.keyword_noise and "tasks" in words.keyword_noise  # machine-learning.toml, research.toml
    assert words.benchmarks[:3] == ("MMLU", "MMLU-Pro", "GSM8K")  # order kept: the first spelling of a name wins


def test_an_unknown_list_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tomllib, "loads", lambda _text: {"metrics": {"nmaes": ["x"]}, "stop_word": ["y"]})
    with pytest.raises(ValueError, match=r"vocabulary english.toml: unknown list metrics.nmaes, stop_word"):
        vocab._read("english")


def test_arxiv_categories_read_as_names_and_other_categories_stay() -> None:
    assert vocab.category_name("cs.CV") == "Computer vision"
    assert vocab.category_name("astro-ph.GA") == "Astrophysics of galaxies"
    assert vocab.category_name("Neoplasms") == "Neoplasms"


def test_building_and_finding_verbs_are_contribution_verbs_and_never_both() -> None:
    words = vocab.load()
    assert set(words.builds) <= set(words.contribution_verbs)
    assert set(words.findings) <= set(words.contribution_verbs)
    assert not set(words.builds) & set(words.findings)
