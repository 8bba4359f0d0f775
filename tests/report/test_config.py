"""Tests for config/report.toml and its model (pipelines.settings.report)."""

from __future__ import annotations

import tomllib

import pytest

from pipelines.settings.base import ConfigError, load_model
from pipelines.settings.report import ReportConfig
from tests.report.frames import CONFIG, report_config


def test_shipped_config_loads_and_copies_the_seed_questions() -> None:
    config = report_config()
    seed_levels = [q.level for q in config.guide.questions]
    assert seed_levels == ["Senior", "Senior", "Mid", "Mid", "Junior", "Junior"]
    assert set(config.flags) == {
        "flag_no_certification",
        "flag_limited_terminology",
        "flag_poor_attention_to_detail",
        "flag_no_hipaa",
        "flag_below_accuracy_standard",
    }


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ('ranked = "Ranked"', 'ranked = "Ranked/Top"'),  # illegal sheet name
        ('Senior = ["S1", "S2", "M2"]', 'Senior = ["S9"]'),  # unknown question id
        ('score_bar_colour = "5B9BD5"', 'score_bar_colour = "blue"'),
        ("max_rows_per_sheet = 1048576", "max_rows_per_sheet = 2000000"),
        ("[limits]", "[limits]\nsurprise = 1"),  # extra keys are typos
        ("deflate_level = 2", "deflate_level = 10"),  # zlib has levels 0-9
    ],
)
def test_invalid_config_is_rejected(tmp_path, old: str, new: str) -> None:
    text = CONFIG.read_text(encoding="utf-8")
    assert old in text
    bad = tmp_path / "report.toml"
    bad.write_text(text.replace(old, new, 1), encoding="utf-8")
    tomllib.loads(bad.read_text(encoding="utf-8"))  # still valid TOML
    with pytest.raises(ConfigError, match=r"report\.toml"):
        load_model(bad, ReportConfig)
