"""config/fairness.toml is validated on load: bad thresholds, colours and bands fail loudly."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from pydantic import ValidationError

from pipelines.settings.fairness import FairnessConfig
from schemas.names import Recommendation

CONFIG = Path(__file__).resolve().parents[2] / "config" / "fairness.toml"


def _raw() -> dict:
    return tomllib.loads(CONFIG.read_text(encoding="utf-8"))


def test_the_repository_config_sets_the_four_fifths_line_and_the_two_percent_share():
    config = FairnessConfig.model_validate(_raw())

    assert config.impact_ratio_threshold == 0.8
    assert config.small_group_share == 0.02
    assert config.selected_recommendation == Recommendation.ADVANCE


@pytest.mark.parametrize(
    ("path", "value", "message"),
    [
        (("impact_ratio_threshold",), 1.5, "less than or equal to 1"),
        (("sheet", "highlight_fill"), "red", "six hex digits"),
        (
            ("age", "bands"),
            [{"label": "Old", "min_age": 40}, {"label": "Young", "min_age": 0}],
            "ascending",
        ),
        (("answers", "unknown_patterns"), ["(unclosed"], "not a valid regex"),
        (("answers", "synonyms"), {"Male": ["m"], "Female": ["m"]}, "is under"),
        (("surprise",), 1, "Extra inputs are not permitted"),
    ],
)
def test_bad_values_are_rejected_with_the_key_named(path, value, message):
    raw = _raw()
    target = raw
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value

    with pytest.raises(ValidationError, match=message):
        FairnessConfig.model_validate(raw)
