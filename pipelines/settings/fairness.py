"""Config model for `config/fairness.toml`: adverse-impact audit rules, answer words, sheet text."""

from __future__ import annotations

import re
from typing import Literal

from pydantic import Field, field_validator, model_validator

from pipelines.settings.base import StrictModel
from pipelines.settings.vocabulary import Regex, Word
from schemas.names import RECOMMENDATIONS

# Columns of the audit tables and of the Runs sheet, in order; the headers name each one.
SHEET_COLUMNS = 10
RUNS_COLUMNS = 9


class AgeBand(StrictModel):
    """An age band: this label from `min_age` (inclusive) up to the next band."""

    label: Word
    min_age: int = Field(ge=0)


class AgeRules(StrictModel):
    """How the audit-only `age_band` is derived from `age` and `date_of_birth`."""

    number_pattern: Regex
    min_age: int = Field(ge=0)
    max_age: int = Field(gt=0)
    date_formats: list[Word] = Field(min_length=1)
    bands: list[AgeBand] = Field(min_length=1)

    @field_validator("date_formats")
    @classmethod
    def _formats(cls, value: list[str]) -> list[str]:
        """Each format has a directive strftime understands."""
        for fmt in value:
            if "%" not in fmt:
                raise ValueError(f"date format {fmt!r} has no % directive")
        return value

    @model_validator(mode="after")
    def _checks(self) -> AgeRules:
        if re.compile(self.number_pattern).groups < 1:
            raise ValueError("number_pattern needs a capture group for the age")
        if self.min_age >= self.max_age:
            raise ValueError("min_age must be below max_age")
        starts = [band.min_age for band in self.bands]
        if starts != sorted(set(starts)) or starts[0] != 0:
            raise ValueError("bands: min_age must start at 0 and be strictly ascending")
        labels = [band.label for band in self.bands]
        if len(set(labels)) != len(labels):
            raise ValueError("bands: labels must be unique")
        return self


class AnswerRules(StrictModel):
    """How self-identification answers are folded into categories."""

    unknown_label: Word
    unknown_patterns: list[Regex] = Field(min_length=1)
    synonyms: dict[str, list[Word]] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _synonyms(self) -> AnswerRules:
        seen: dict[str, str] = {}
        for label, spellings in self.synonyms.items():
            for spelling in spellings:
                if spelling != spelling.strip().lower():
                    raise ValueError(f"synonyms.{label}: {spelling!r} must be trimmed lower case")
                if seen.setdefault(spelling, label) != label:
                    raise ValueError(f"synonyms: {spelling!r} is under {seen[spelling]!r} too")
        return self


class SheetText(StrictModel):
    """Titles, colours, formats and plain words of the audit sheets."""

    title: Word = Field(max_length=31)
    pooled_title: Word = Field(max_length=31)
    runs_title: Word = Field(max_length=31)
    highlight_fill: Word
    highlight_font: Word
    small_fill: Word
    unknown_fill: Word
    header_fill: Word
    percent_format: Word
    ratio_format: Word
    column_width: float = Field(gt=0)
    group_column_width: float = Field(gt=0)
    text_width: int = Field(gt=0)
    small_mark: Word
    unknown_mark: Word
    flag_mark: Word
    reference_mark: Word
    summary: Word
    no_data: Word
    headers: list[Word] = Field(min_length=SHEET_COLUMNS, max_length=SHEET_COLUMNS)
    explanation: list[Word] = Field(min_length=1)
    pooled_note: Word
    runs_headers: list[Word] = Field(min_length=RUNS_COLUMNS, max_length=RUNS_COLUMNS)
    pooled_yes: Word
    skipped_same_input: Word
    skipped_no_audit: Word
    dimension_labels: dict[str, Word] = Field(default_factory=dict)

    @field_validator(
        "highlight_fill", "highlight_font", "small_fill", "unknown_fill", "header_fill"
    )
    @classmethod
    def _colour(cls, value: str) -> str:
        """Colours are six hex digits (RRGGBB)."""
        if not re.fullmatch(r"[0-9A-Fa-f]{6}", value):
            raise ValueError(f"colour {value!r} must be six hex digits RRGGBB")
        return value.upper()


class FairnessConfig(StrictModel):
    """Everything in `config/fairness.toml`."""

    selected_recommendation: Literal[RECOMMENDATIONS]
    impact_ratio_threshold: float = Field(gt=0, le=1)
    small_group_share: float = Field(ge=0, lt=1)
    decimals: int = Field(ge=1)
    audit_workbook: Word
    audit_columns: list[Word] = Field(min_length=1)
    intersection_axes: list[list[Word]] = Field(min_length=2, max_length=2)
    intersection_separator: Word
    intersection_name_separator: Word
    answers: AnswerRules
    age: AgeRules
    sheet: SheetText

    @model_validator(mode="after")
    def _checks(self) -> FairnessConfig:
        if len(set(self.audit_columns)) != len(self.audit_columns):
            raise ValueError("audit_columns: each column may appear once")
        if any(not axis for axis in self.intersection_axes):
            raise ValueError("intersection_axes: each axis needs at least one column")
        return self
