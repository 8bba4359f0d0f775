"""Input contract: the canonical candidate table, raw (all text) and typed (after parsing)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Protocol

import pandera.polars as pa
import polars as pl
from pandera.api.polars.types import PolarsData

IDENTITY = ["candidate_id", "first_name", "last_name", "full_name", "email", "phone"]
APPLICATION = [
    "job",
    "applied_at",
    "source",
    "stage",
    "current_title",
    "current_company",
    "location",
]
EVIDENCE = [
    "years_experience",
    "certifications",
    "credential_expires",
    "coding_systems",
    "specialties",
    "accuracy",
    "records_per_day",
    "hipaa",
    "education",
    "skills",
    "resume_text",
]
CANONICAL = IDENTITY + APPLICATION + EVIDENCE
PROTECTED = [
    "gender",
    "race",
    "ethnicity",
    "veteran_status",
    "disability_status",
    "date_of_birth",
    "age",
]
NUMERIC = ["years_experience", "accuracy", "records_per_day"]
DATES = ["applied_at"]
KEYS = ["source_row", "source_file"]

# Every canonical column with its type after parsing (numbers, dates; the rest text), and the
# row keys every stage carries.
KEY_TYPES: dict[str, pl.DataType] = {"source_row": pl.Int64(), "source_file": pl.String()}
TYPED: dict[str, pl.DataType] = {
    column: pl.Float64()
    if column in NUMERIC
    else pl.Datetime("us")
    if column in DATES
    else pl.String()
    for column in CANONICAL
}


class RejectionRules(Protocol):
    """What decides a row is not a candidate (config/validation.toml [rejection])."""

    @property
    def identity_columns(self) -> list[str]: ...

    @property
    def footer_pattern(self) -> str: ...

    @property
    def error_value_pattern(self) -> str: ...


class Bounds(Protocol):
    """An inclusive numeric range (config/validation.toml [ranges.<column>])."""

    @property
    def min(self) -> float: ...

    @property
    def max(self) -> float: ...


def _row_check(name: str, predicate: pl.Expr, only_where: pl.Expr | None = None) -> pa.Check:
    """A dataframe-level check that passes for the rows where `predicate` is true. With
    `only_where` (true for every row `predicate` can fail), `predicate` is worked out for those
    rows alone and the rest pass."""
    keep = predicate.fill_null(True)
    if only_where is None:
        return pa.Check(lambda data: data.lazyframe.select(keep), name=name)

    def check(data: PolarsData) -> pl.LazyFrame:
        frame = data.lazyframe.collect()
        rows = frame.select(only_where.fill_null(False)).to_series().arg_true()
        passed = pl.repeat(True, frame.height, eager=True).alias(name)
        if rows.len():
            passed = passed.scatter(rows, frame.gather(rows).select(keep).to_series())
        return passed.to_frame().lazy()

    return pa.Check(check, name=name)


def _error_values_only(pattern: str, columns: list[str]) -> pl.Expr:
    """True when every filled value of the row is a spreadsheet error value like #N/A."""
    filled = [pl.col(c).is_not_null() for c in columns]
    errors = [pl.col(c).str.contains(pattern).fill_null(False) for c in columns]
    return pl.any_horizontal(errors) & (pl.sum_horizontal(filled) == pl.sum_horizontal(errors))


def _first_filled(columns: list[str]) -> pl.Expr:
    """The row's first non-null value, read left to right."""
    return pl.coalesce([pl.col(c) for c in columns])


def _check_only_where(rules: RejectionRules, columns: list[str]) -> dict[str, pl.Expr]:
    """Per check that can fail few rows, what every row it fails has (a cheap test first)."""
    # A row of error values only starts with one: the regex then runs on one value per row,
    # not on every column of every row.
    first_is_error = _first_filled(columns).str.contains(rules.error_value_pattern)
    return {"error_values": first_is_error}


def rejection_checks(rules: RejectionRules, columns: list[str]) -> dict[str, pl.Expr]:
    """Row predicates, in priority order, that a candidate row must pass (True = keep)."""
    identity = [c for c in rules.identity_columns if c in columns]
    has_identity = pl.any_horizontal([pl.col(c).is_not_null() for c in identity])
    has_email = (
        pl.col("email").str.contains("@").fill_null(False) if "email" in columns else pl.lit(False)
    )
    footer = "(?i)" + rules.footer_pattern
    looks_like_footer = ~has_email & _first_filled(columns).str.contains(footer).fill_null(False)
    return {
        "footer": ~looks_like_footer,
        "error_values": ~_error_values_only(rules.error_value_pattern, columns),
        "unidentifiable": has_identity,
    }


def raw_schema(rules: RejectionRules, columns: list[str]) -> pa.DataFrameSchema:
    """Schema of ingested rows: text columns; row checks decide which rows are candidates."""
    value_columns = [c for c in columns if c not in KEYS]
    only_where = _check_only_where(rules, value_columns)
    checks = [
        _row_check(name, expr, only_where.get(name))
        for name, expr in rejection_checks(rules, value_columns).items()
    ]
    spec = {
        "source_row": pa.Column(KEY_TYPES["source_row"], unique=True),
        "source_file": pa.Column(KEY_TYPES["source_file"]),
        **{c: pa.Column(pl.String, nullable=True) for c in CANONICAL},
    }
    return pa.DataFrameSchema(spec, checks=checks, strict=False, name="raw_candidates")


def typed_schema(ranges: Mapping[str, Bounds]) -> pa.DataFrameSchema:
    """Schema of candidates after parsing: numbers within their configured `ranges`."""
    spec: dict[str, pa.Column] = {
        "source_row": pa.Column(KEY_TYPES["source_row"], unique=True),
        "source_file": pa.Column(KEY_TYPES["source_file"]),
        "data_issues": pa.Column(pl.String, nullable=True),
    }
    for column, dtype in TYPED.items():
        checks = (
            [pa.Check.in_range(ranges[column].min, ranges[column].max)] if column in NUMERIC else []
        )
        spec[column] = pa.Column(dtype, checks, nullable=True)
    return pa.DataFrameSchema(spec, strict=False, name="candidates")


def check_label(check: str) -> str:
    """Plain name of a pandera check string, e.g. 'in_range(0, 50)' -> 'in_range'."""
    return re.sub(r"\(.*", "", check)
