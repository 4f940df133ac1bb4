from pathlib import Path

import pytest

from reportgen.config import DEPRECATED, Settings, describe_settings, load_settings
from reportgen.errors import ConfigError


def test_defaults_without_a_file(tmp_path: Path) -> None:
    assert load_settings(cwd=tmp_path) == Settings()


def test_values_are_read_and_typed(tmp_path: Path) -> None:
    path = tmp_path / "r.toml"
    path.write_text('[themes]\ntop_words = 7\noutlier_threshold = 1\n[report]\ntitle = "X"\n', encoding="utf-8")
    settings = load_settings(path)
    assert (settings.themes.top_words, settings.themes.outlier_threshold, settings.report.title) == (7, 1.0, "X")


def test_a_deprecated_key_is_ignored_with_a_notice(tmp_path: Path) -> None:
    """themes.seed changed nothing (the fit has no random step): older configs still load, and it is in no digest."""
    path = tmp_path / "r.toml"
    path.write_text("[themes]\nseed = 7\ntop_words = 3\n", encoding="utf-8")
    settings = load_settings(path)
    assert settings.notices == (f"{path}: config key 'themes.seed' is ignored: " + DEPRECATED["themes.seed"],)
    assert "seed" not in settings.as_dict()["themes"]  # type: ignore[operator]
    assert settings.digest() == Settings().override("themes", top_words=3).digest()


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("[themes]\nsed = 1\n", "themes.sed"),
        ("[theme]\ntop_words = 1\n", "theme"),
        ('[themes]\ntop_words = "x"\n', "themes.top_words"),
        ("[summary]\nrepresentatives = true\n", "summary.representatives"),
    ],
)
def test_errors_name_the_key(tmp_path: Path, text: str, key: str) -> None:
    path = tmp_path / "r.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match=f"config key '{key}'"):
        load_settings(path)


def test_every_setting_is_documented() -> None:
    assert all(doc for _, _, _, doc in describe_settings())


# Every setting with a range, a choice or a path, just outside what it allows (the issue-13 cases first).
OUT_OF_RANGE = [
    ("summary", "representatives", "-3", "between 1 and 20"),
    ("summary", "representatives", "0", "between 1 and 20"),
    ("summary", "headlines", "-1", "between 0 and 50"),
    ("summary", "sentences", "-1", "between 0 and 20"),
    ("themes", "top_words", "-1", "between 1 and 50"),
    ("themes", "top_words", "0", "between 1 and 50"),
    ("themes", "outlier_threshold", "-7.5", "between -1 and 1"),
    ("themes", "outlier_threshold", "1.01", "between -1 and 1"),
    ("themes", "max_themes", "0", "between 1 and 1000"),
    ("themes", "min_theme_size", "-2", "at least 2"),
    ("themes", "min_theme_size", "1", "at least 2"),
    ("embedding", "batch_size", "0", "between 1 and 4096"),
    ("embedding", "block_size", "0", "between 1 and 100000"),
    ("summary", "sentences", "1000000", "between 0 and 20"),
    ("summary", "headlines", "51", "between 0 and 50"),
    ("report", "papers_per_theme", "-1", "at least 1"),
    ("fetch", "retries", "-1", "between 0 and 20"),
    ("fetch", "backoff", "-2", "between 0 and 600"),
    ("fetch", "min_interval", "-1", "between 0 and 600"),
    ("fetch", "timeout", "0", "between 1 and 600"),
    ("fetch", "page_size", "0", "between 1 and 2000"),
    ("fetch", "overlap_days", "-7", "between 0 and 3650"),
    ("ingest", "listing_year", "12", "between 1000 and 9999"),
    ("report", "paper_size", '"A17"', "one of A3, A4"),
    ("report", "paper_size", '"A4; } body { display: none"', "one of A3, A4"),
    ("report", "templates_dir", '"no-such-folder"', "folder 'no-such-folder' does not exist"),
    ("report", "css", '"no-such.css"', "file 'no-such.css' does not exist"),
    ("report", "logo", '"no-such.png"', "file 'no-such.png' does not exist"),
]


@pytest.mark.parametrize(
    ("section", "key", "value", "message"), OUT_OF_RANGE, ids=[f"{s}.{k}={v}" for s, k, v, _ in OUT_OF_RANGE]
)
def test_out_of_range_settings_fail_at_load_naming_the_key(
    tmp_path: Path, section: str, key: str, value: str, message: str
) -> None:
    path = tmp_path / "r.toml"
    path.write_text(f"[{section}]\n{key} = {value}\n", encoding="utf-8")
    with pytest.raises(
        ConfigError, match=f"config key '{section}.{key}': must be|config key '{section}.{key}': (folder|file)"
    ) as caught:
        load_settings(path)
    assert message in str(caught.value)
    assert str(path) in str(caught.value)


def test_edges_of_the_ranges_are_allowed_and_choices_are_canonical(tmp_path: Path) -> None:
    path = tmp_path / "r.toml"
    (tmp_path / "tpl").mkdir()
    path.write_text(
        f"[summary]\nrepresentatives = 1\nheadlines = 0\nsentences = 0\n[themes]\nmax_themes = 1\nmin_theme_size = 2\noutlier_threshold = -1\n"
        f'[report]\npaper_size = "letter"\ntemplates_dir = "{tmp_path / "tpl"}"\n',
        encoding="utf-8",
    )
    settings = load_settings(path)
    assert settings.report.paper_size == "Letter"
    assert (settings.themes.max_themes, settings.themes.outlier_threshold, settings.summary.headlines) == (1, -1.0, 0)


def test_command_line_overrides_are_checked_too() -> None:
    with pytest.raises(ConfigError, match="config key 'themes.top_words': must be between 1 and 50"):
        Settings().override("themes", top_words=0)
