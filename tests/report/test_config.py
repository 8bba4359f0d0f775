"""Tests for config/report.toml, config/interview_guide.toml and their models."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from pipelines.settings import ConfigError, load_settings
from schemas.names import FLAG_COLUMNS
from schemas.scored import PROFILE_COLUMNS
from schemas.workbook import CARRIED_FROM, ranked_keys
from tests.report.frames import report_config


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    tomllib.loads(path.read_text(encoding="utf-8"))  # still valid TOML


def test_shipped_config_loads_and_copies_the_seed_questions() -> None:
    config = report_config()
    seed_levels = [q.level for q in config.guide.questions]
    assert seed_levels == ["Senior", "Senior", "Mid", "Mid", "Junior", "Junior"]
    assert tuple(config.flags) == FLAG_COLUMNS
    assert tuple(config.guide.probes) == FLAG_COLUMNS


def test_score_maximum_comes_from_scoring_toml(config_copy: Path) -> None:
    _edit(config_copy / "scoring.toml", "score_max = 100\n", "score_max = 50\n")
    result = load_settings(config_copy).report.score_max
    assert result == 50


@pytest.mark.parametrize(
    ("file", "old", "new", "key"),
    [
        ("report.toml", 'ranked = "Ranked"', 'ranked = "Ranked/Top"', "sheets"),  # illegal name
        ("report.toml", 'score_bar_colour = "5B9BD5"', 'score_bar_colour = "blue"', "style"),
        ("report.toml", "max_rows_per_sheet = 1048576", "max_rows_per_sheet = 2000000", "limits"),
        ("report.toml", "[limits]", "[limits]\nsurprise = 1", "limits.surprise"),  # a typo
        ("report.toml", "deflate_level = 2", "deflate_level = 10", "package"),  # zlib has 0-9
        # The score maximum is set once, in scoring.toml.
        ("report.toml", "[limits]", "[limits]\nscore_max = 100", "limits.score_max"),
        # A Ranked column key that names no column is an error, not a column left off.
        ("report.toml", 'key = "flag_no_hipaa"', 'key = "flag_no_hippa"', "ranked"),
        ("report.toml", 'key = "credentials"\n', 'key = "credential"\n', "ranked"),
        ("report.toml", "[flags.flag_no_hipaa]", "[flags.flag_no_hippa]", "flags"),
        ("report.toml", "[style.level.Senior]", "[style.level.Senor]", "style.level"),
        ("interview_guide.toml", 'Senior = ["S1", "S2", "M2"]', 'Senior = ["S9"]', "(top level)"),
        ("interview_guide.toml", 'level = "Mid"', 'level = "Middle"', "questions.2.level"),
        ("interview_guide.toml", "flag_no_hipaa = ", "flag_no_hippa = ", "probes"),
    ],
)
def test_invalid_config_names_file_and_key(
    config_copy: Path, file: str, old: str, new: str, key: str
) -> None:
    _edit(config_copy / file, old, new)
    with pytest.raises(ConfigError) as caught:
        load_settings(config_copy)
    message = str(caught.value)
    assert message.startswith(str(config_copy / file))
    assert f"{file}: {key}" in message


def test_unknown_ranked_key_error_names_the_key(config_copy: Path) -> None:
    _edit(config_copy / "report.toml", 'key = "flag_no_hipaa"', 'key = "flag_no_hippa"')
    with pytest.raises(ConfigError, match=r"'flag_no_hippa' names no column.*'flag_no_hipaa'"):
        load_settings(config_copy)


def test_ranked_keys_come_from_the_contract() -> None:
    result = ranked_keys("indicators")
    assert {*PROFILE_COLUMNS, *FLAG_COLUMNS, CARRIED_FROM, "indicators"} <= result
    assert "no_such_column" not in result
