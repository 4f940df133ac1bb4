from pathlib import Path

import pytest

from reportgen.config import Settings, describe_settings, load_settings
from reportgen.errors import ConfigError


def test_defaults_without_a_file(tmp_path: Path) -> None:
    assert load_settings(cwd=tmp_path) == Settings()


def test_values_are_read_and_typed(tmp_path: Path) -> None:
    path = tmp_path / "r.toml"
    path.write_text('[themes]\nseed = 7\noutlier_threshold = 1\n[report]\ntitle = "X"\n', encoding="utf-8")
    settings = load_settings(path)
    assert (settings.themes.seed, settings.themes.outlier_threshold, settings.report.title) == (7, 1.0, "X")


@pytest.mark.parametrize(
    ("text", "key"),
    [("[themes]\nsed = 1\n", "themes.sed"), ("[theme]\nseed = 1\n", "theme"), ('[themes]\nseed = "x"\n', "themes.seed"), ("[summary]\nrepresentatives = true\n", "summary.representatives")],
)
def test_errors_name_the_key(tmp_path: Path, text: str, key: str) -> None:
    path = tmp_path / "r.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match=f"config key '{key}'"):
        load_settings(path)


def test_every_setting_is_documented() -> None:
    assert all(doc for _, _, _, doc in describe_settings())
