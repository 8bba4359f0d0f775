"""config/carry.toml is validated on load; errors name the file and the key."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipelines.settings import ConfigError
from pipelines.settings.base import load_model
from pipelines.settings.carry import CarryConfig

CONFIG = Path(__file__).resolve().parents[2] / "config" / "carry.toml"


def edited(tmp_path: Path, old: str, new: str) -> Path:
    text = CONFIG.read_text(encoding="utf-8")
    assert old in text
    target = tmp_path / "carry.toml"
    target.write_text(text.replace(old, new, 1), encoding="utf-8")
    return target


def test_the_shipped_config_loads(settings):
    assert settings.carry.decisions.selected == ["Advance", "Phone screen"]
    assert "carry.toml" in settings.hashes


@pytest.mark.parametrize(
    ("old", "new", "key"),
    [
        ("days_back = 60", "days_back = -1", "previous.days_back"),
        (
            'identity_columns = ["candidate_id", "email", "full_name", "phone", "job"]',
            'identity_columns = ["email"]',
            "previous.identity_columns",
        ),
        ("stem_date_pattern = '", "stem_date_pattern = '(", "previous.stem_date_pattern"),
        ('selected = ["Advance", "Phone screen"]', "selected = []", "decisions.selected"),
        ("[changes]", "[changes]\nsurprise = 1", "changes.surprise"),
    ],
)
def test_a_bad_value_names_file_and_key(tmp_path, old, new, key):
    with pytest.raises(ConfigError, match=rf"carry\.toml: .*{key}"):
        load_model(edited(tmp_path, old, new), CarryConfig)
