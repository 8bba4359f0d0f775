"""The contract's names, and the config models and scorer built from them."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipelines.settings import ConfigError, load_settings
from pipelines.settings.scoring import FlagColumns, FlagLabels, FlagValues
from schemas.names import (
    FLAG_COLUMNS,
    FLAG_NAMES,
    GRADED_LEVELS,
    INDICATOR_COLUMNS,
    LEVELS,
    RECOMMENDATIONS,
    Flag,
    Level,
)
from schemas.scored import CONTRACT, FLAGS, INDICATORS

CONFIG = Path(__file__).resolve().parents[2] / "config"


def test_flag_columns_are_prefixed_names() -> None:
    result = [Flag(name).column for name in FLAG_NAMES]
    assert result == list(FLAG_COLUMNS) == FLAGS
    assert len(set(FLAG_NAMES)) == 5


def test_contract_lists_every_flag_and_indicator_once() -> None:
    named = [c for c in CONTRACT if c in set(FLAG_COLUMNS) | set(INDICATOR_COLUMNS)]
    assert named == [*INDICATORS, *FLAGS]


def test_unknown_is_no_graded_level() -> None:
    assert LEVELS[:-1] == GRADED_LEVELS
    assert LEVELS[-1] == Level.UNKNOWN


@pytest.mark.parametrize("model", [FlagValues, FlagLabels, FlagColumns])
def test_per_flag_models_hold_exactly_the_flag_names(model) -> None:
    assert tuple(model.model_fields) == FLAG_NAMES


def test_per_flag_model_rejects_an_unknown_flag(config_copy: Path) -> None:
    path = config_copy / "scoring.toml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("\nno_hipaa = 10\n", "\nno_hippa = 10\n"), encoding="utf-8")
    with pytest.raises(ConfigError, match=r"scoring\.toml.*flag_penalty\.no_hi"):
        load_settings(config_copy)


@pytest.mark.parametrize(
    "values", [FLAG_NAMES, FLAG_COLUMNS, INDICATOR_COLUMNS, LEVELS, GRADED_LEVELS, RECOMMENDATIONS]
)
def test_value_tuples_hold_plain_strings(values: tuple[str, ...]) -> None:
    # polars reads a list of Enum members as an Enum column, never as text.
    assert {type(v) for v in values} == {str}
