"""[[sources]] in reportgen.toml and --query on the command line: checked, and every error names its key."""

from __future__ import annotations

from pathlib import Path

import pytest

from reportgen.config import load_settings, parse_cli_queries
from reportgen.errors import ConfigError

EXAMPLE = """
[[sources]]
arxiv = 'cat:cs.LG AND abs:"mixture of experts"'
since = 2024-01-01

[[sources]]
openalex = { search = "mixture of experts", filter = "type:article" }
name = "moe-openalex"

[[sources]]
semanticscholar = { query = "mixture of experts", year = 2024, fieldsOfStudy = "Computer Science" }
since = "2024-02-01"
max_records = 500

[fetch]
email = "you@example.org"
"""


def test_the_documented_example_reads(tmp_path: Path) -> None:
    path = tmp_path / "reportgen.toml"
    path.write_text(EXAMPLE, encoding="utf-8")
    arxiv, openalex, s2 = load_settings(path).sources
    assert (arxiv.api, arxiv.param("query"), arxiv.since, arxiv.name) == (
        "arxiv",
        'cat:cs.LG AND abs:"mixture of experts"',
        "2024-01-01",
        'arxiv: cat:cs.LG AND abs:"mixture of experts"',
    )
    assert (openalex.name, openalex.param("filter")) == ("moe-openalex", "type:article")
    assert (s2.param("year"), s2.since, s2.max_records) == ("2024", "2024-02-01", 500)
    assert load_settings(path).fetch.email == "you@example.org"


def test_the_cache_key_follows_what_is_asked_not_the_name(tmp_path: Path) -> None:
    a, b = parse_cli_queries(("arxiv:abs:moe",), None, ()) + parse_cli_queries(("arxiv:abs:moe",), "2024-01-01", ())
    assert a.key != b.key
    path = tmp_path / "r.toml"
    path.write_text('[[sources]]\narxiv = "abs:moe"\nname = "renamed"\n', encoding="utf-8")
    assert load_settings(path).sources[0].key == a.key


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ('[[sources]]\narxive = "x"\n', "sources[1].arxive"),
        ("[[sources]]\nsince = 2024-01-01\n", "sources[1]"),
        ('[[sources]]\narxiv = "x"\nopenalex = "y"\n', "sources[1]"),
        ('[[sources]]\narxiv = "x"\n[[sources]]\nopenalex = { serach = "moe" }\n', "sources[2].openalex.serach"),
        ('[[sources]]\narxiv = "x"\nsince = "last week"\n', "sources[1].since"),
        ('[[sources]]\narxiv = "x"\nsince = "2024-02-30"\n', "sources[1].since"),
        ('[[sources]]\narxiv = ""\n', "sources[1].arxiv.query"),
        ('[[sources]]\narxiv = "x"\nmax_records = 0\n', "sources[1].max_records"),
        ("[[sources]]\nsemanticscholar = { year = 2024 }\n", "sources[1].semanticscholar.query"),
        ('[[sources]]\narxiv = "x"\nname = "a"\n[[sources]]\nopenalex = "y"\nname = "a"\n', "sources[2].name"),
        ('sources = "arxiv:x"\n', "sources"),
        ('[fetch]\nretries = "many"\n', "fetch.retries"),
        ('[fetch]\nemial = "a@b.org"\n', "fetch.emial"),
    ],
)
def test_errors_name_the_key(tmp_path: Path, text: str, key: str) -> None:
    path = tmp_path / "r.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as error:
        load_settings(path)
    assert f"config key '{key}'" in str(error.value) and "\n" not in str(error.value)


def test_cli_queries_replace_the_configured_ones_and_since_applies_to_all() -> None:
    configured = parse_cli_queries(("openalex:moe",), None, ())
    replaced = parse_cli_queries(("arxiv:cat:cs.LG", "semanticscholar:sparse experts"), "2024-03-01", configured)
    assert [(q.api, q.text, q.since) for q in replaced] == [
        ("arxiv", "cat:cs.LG", "2024-03-01"),
        ("semanticscholar", "sparse experts", "2024-03-01"),
    ]
    assert parse_cli_queries((), "2024-05-01", configured)[0].since == "2024-05-01"
    with pytest.raises(ConfigError, match="config key '--query'"):
        parse_cli_queries(("pubmed:moe",), None, ())
    with pytest.raises(ConfigError, match="config key '--since'"):
        parse_cli_queries((), "2024-05-01", ())


def test_the_example_survey_is_defined_by_queries_alone() -> None:
    import yaml

    from tests.conftest import EXAMPLES

    settings = load_settings(EXAMPLES / "living-survey.toml")
    assert [q.api for q in settings.sources] == ["arxiv", "openalex", "semanticscholar"]
    workflow = yaml.safe_load((EXAMPLES / "github-workflow.yml").read_text(encoding="utf-8"))
    step = next(s for s in workflow["jobs"]["build"]["steps"] if "reportgen site" in s.get("run", ""))
    assert step["run"].split()[:3] == ["reportgen", "site", "-o"]  # no corpus folder: the queries are the survey
    assert {"REPORTGEN_EMAIL", "OPENALEX_API_KEY", "S2_API_KEY"} <= set(step["env"])
