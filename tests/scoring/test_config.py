"""config/scoring.toml and config/vocabulary.toml load, and bad values fail loudly."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from pipelines.settings.base import ConfigError
from schemas.names import INDICATOR_NAMES
from tests.scoring.helpers import CONFIG_DIR, load_scoring_settings


def _edited(tmp_path: Path, name: str, old: str, new: str) -> Path:
    """A copy of the config directory with one replacement in `name`."""
    for file in ("scoring.toml", "vocabulary.toml", "interview_guide.toml", "profiles.toml"):
        shutil.copy(CONFIG_DIR / file, tmp_path / file)
    path = tmp_path / name
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return tmp_path


def test_repository_config_loads() -> None:
    loaded = load_scoring_settings()
    assert set(loaded.scoring.indicators) == set(INDICATOR_NAMES)
    assert [band.name for band in loaded.scoring.levels.bands] == ["Junior", "Mid", "Senior"]
    assert "CPB" not in {term.name for term in loaded.vocabulary.credentials}


@pytest.mark.parametrize(
    ("name", "old", "new", "key"),
    [
        (
            "scoring.toml",
            "points_per_year = 3.0",
            "points_per_year = -3.0",
            "weights.points_per_year",
        ),
        (
            "scoring.toml",
            "points_per_year = 3.0",
            'points_per_year = "lots"',
            "weights.points_per_year",
        ),
        ("scoring.toml", "no_hipaa = 10\n", "no_hipaa = -10\n", "weights.flag_penalty.no_hipaa"),
        ("scoring.toml", "years_cap = 10", "years_cap = 10\nyears_kap = 12", "weights.years_kap"),
        ("scoring.toml", "[indicators.code_sets]", "[indicators.code_set]", "indicators"),
        ("scoring.toml", "review_min = 40", "review_min = 90", "recommendation"),
        (
            "scoring.toml",
            '{ name = "Mid", min_years = 2 }',
            '{ name = "Mid", min_years = 9 }',
            "levels",
        ),
        (
            "vocabulary.toml",
            "patterns = ['cpc', ",
            "patterns = ['cpc(?!-a)', ",
            "credentials.0.patterns.0",
        ),
        (
            "vocabulary.toml",
            "months_per_year = 12",
            "months_per_year = 0",
            "parsing.months_per_year",
        ),
    ],
)
def test_bad_value_names_the_key(tmp_path: Path, name: str, old: str, new: str, key: str) -> None:
    directory = _edited(tmp_path, name, old, new)
    with pytest.raises(ConfigError, match=re.escape(key)) as error:
        load_scoring_settings(directory)
    assert name in str(error.value)
