"""The ingest-owned config models refuse ambiguous or malformed settings."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from pipelines.settings.columns import ColumnsConfig, fold_header
from pipelines.settings.ingest import IngestConfig


def test_fold_header_ignores_case_and_separators():
    result = [fold_header(text) for text in ["First_Name", "firstName", "first-name", "First.Name"]]
    assert result == ["firstname"] * 4


def test_alias_meaning_two_columns_is_refused():
    with pytest.raises(ValidationError, match="also matches"):
        ColumnsConfig(aliases={"email": ["E-mail"], "phone": ["e mail"]}, protected={"age": []})


def test_column_both_scored_and_protected_is_refused():
    with pytest.raises(ValidationError):
        ColumnsConfig(aliases={"age": []}, protected={"age": ["Age range"]})


def test_multi_character_delimiter_is_refused(ingest):
    raw = ingest.model_dump()
    raw["text"]["delimiters"] = [",", "||"]
    with pytest.raises(ValidationError, match="single characters"):
        IngestConfig.model_validate(raw)


def test_unknown_key_is_refused(ingest):
    raw = ingest.model_dump() | {"max_rowz": 3}
    with pytest.raises(ValidationError):
        IngestConfig.model_validate(raw)
