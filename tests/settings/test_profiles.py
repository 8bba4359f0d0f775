"""config/profiles.toml: names it uses are checked against the other files; errors name the key."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from pipelines.settings import ConfigError, load_settings

CONFIG = Path(__file__).resolve().parents[2] / "config"


def _edit(config: Path, old: str, new: str) -> Path:
    """Replace the first `old` in the copy's profiles.toml."""
    path = config / "profiles.toml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def test_every_profile_the_issue_names_is_configured():
    settings = load_settings(CONFIG)

    assert set(settings.profiles.profiles) >= {
        "inpatient_facility",
        "outpatient_facility",
        "professional_fee",
        "risk_adjustment",
        "coding_auditor",
        "clinical_documentation_integrity",
        "general",
    }
    assert "profiles.toml" in settings.hashes


@pytest.mark.parametrize(
    ("old", "new", "key"),
    [
        (
            "CCS = 14, CIC = 14",
            "CCX = 14, CIC = 14",
            "profiles.inpatient_facility.credential_points: unknown ['CCX']",
        ),
        (
            'questions = ["M2", "M1", "J2"]',
            'questions = ["M2", "M9", "J2"]',
            "profiles.inpatient_facility.questions: unknown ['M9']",
        ),
        (
            '"ICD-10-PCS" = 4, "ICD-10-CM" = 3',
            '"ICD-10-PCZ" = 4, "ICD-10-CM" = 3',
            "profiles.inpatient_facility.coding_system_points: unknown ['ICD-10-PCZ']",
        ),
        (
            'credentials = ["CRC", "CPC"]',
            'credentials = ["CRC", "CPX"]',
            "profiles.risk_adjustment.must_have.0.credentials: unknown ['CPX']",
        ),
        (
            "titles = ['inpatient',",
            "titles = ['inpatient(',",
            "profiles.inpatient_facility.titles.0",
        ),
        (
            "indicator_points = { complex_cases = 4 }",
            "indicator_points = { complex = 4 }",
            "profiles.inpatient_facility: Value error, indicator_points: unknown indicators "
            "['complex']",
        ),
        ('default = "general"', 'default = "generalist"', "default: unknown profile"),
        ("[pinned]\n", '[pinned]\n"Coder III" = "nope"\n', "pinned: unknown profiles"),
    ],
)
def test_a_bad_profile_names_file_and_key(config_copy: Path, old: str, new: str, key: str):
    _edit(config_copy, old, new)

    with pytest.raises(ConfigError, match=re.escape(key)) as error:
        load_settings(config_copy)
    assert "profiles.toml" in str(error.value)
