"""Config model for `config/validation.toml`: ranges, date formats, rejection and dedupe."""

from __future__ import annotations

import re
from typing import Literal

from pydantic import Field, field_validator, model_validator

from pipelines.settings.base import StrictModel


class Range(StrictModel):
    """Inclusive numeric range for one field."""

    min: float
    max: float

    @model_validator(mode="after")
    def _ordered(self) -> Range:
        if self.min > self.max:
            raise ValueError(f"min ({self.min}) is greater than max ({self.max})")
        return self


class Ranges(StrictModel):
    """Allowed ranges of the numeric candidate fields."""

    years_experience: Range
    accuracy: Range
    records_per_day: Range


class Dates(StrictModel):
    """Date formats tried for `applied_at`."""

    formats: list[str]


class Reasons(StrictModel):
    """Rejection reasons shown to recruiters."""

    footer: str
    error_values: str
    unidentifiable: str


class Rejection(StrictModel):
    """Rules that decide a row is not a candidate."""

    identity_columns: list[str]
    footer_pattern: str
    error_value_pattern: str
    reasons: Reasons

    @field_validator("footer_pattern", "error_value_pattern")
    @classmethod
    def _compiles(cls, value: str) -> str:
        try:
            re.compile(value)
        except re.error as exc:
            raise ValueError(f"not a valid regular expression: {exc}") from exc
        return value


class Dedupe(StrictModel):
    """Order of the keys that identify the same person twice."""

    order: list[Literal["email", "candidate_id", "name_phone"]]
    # Prefix of `cross_job_applications`: the other jobs the same person applied to.
    cross_job_note: str = Field(default="also applied to: ", min_length=1)


class ValidationConfig(StrictModel):
    """Everything in `config/validation.toml`."""

    ranges: Ranges
    dates: Dates
    rejection: Rejection
    dedupe: Dedupe
