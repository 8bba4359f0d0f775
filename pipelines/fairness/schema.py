"""Pandera contract of the audit table: counts per group, rates, impact ratios, marks."""

from __future__ import annotations

import pandera.polars as pa
import polars as pl

# The persisted, poolable part: counts only, no personal data.
COUNTS = {
    "dimension": pl.String,
    "group": pl.String,
    "is_unknown": pl.Boolean,
    "candidates": pl.Int64,
    "selected": pl.Int64,
    "scored_above_median": pl.Int64,
}
DERIVED = {
    "share": pl.Float64,
    "is_small": pl.Boolean,
    "selection_rate": pl.Float64,
    "selection_impact_ratio": pl.Float64,
    "selection_reference": pl.Boolean,
    "selection_flag": pl.Boolean,
    "scoring_rate": pl.Float64,
    "scoring_impact_ratio": pl.Float64,
    "scoring_reference": pl.Boolean,
    "scoring_flag": pl.Boolean,
}
AUDIT_COLUMNS = {**COUNTS, **DERIVED}


def _at_most(column: str, limit: str) -> pa.Check:
    """`column` never exceeds `limit` on the same row."""
    return pa.Check(
        lambda data: data.lazyframe.select(pl.col(column) <= pl.col(limit)),
        name=f"{column}_at_most_{limit}",
    )


def counts_schema() -> pa.DataFrameSchema:
    """Counts per (dimension, group): what a run persists and what pooling reads back."""
    spec = {name: pa.Column(dtype) for name, dtype in COUNTS.items()}
    spec["candidates"] = pa.Column(pl.Int64, pa.Check.ge(1))
    spec["selected"] = pa.Column(pl.Int64, pa.Check.ge(0))
    spec["scored_above_median"] = pa.Column(pl.Int64, pa.Check.ge(0))
    return pa.DataFrameSchema(
        spec,
        checks=[_at_most("selected", "candidates"), _at_most("scored_above_median", "candidates")],
        unique=["dimension", "group"],
        strict="filter",
        name="audit_counts",
    )


def audit_schema() -> pa.DataFrameSchema:
    """The full audit table: counts plus shares, rates, ratios and marks."""
    unit = pa.Check.in_range(0, 1)
    spec = {name: pa.Column(dtype) for name, dtype in COUNTS.items()}
    spec.update(
        {
            "share": pa.Column(pl.Float64, unit),
            "is_small": pa.Column(pl.Boolean),
            "selection_rate": pa.Column(pl.Float64, unit),
            "selection_impact_ratio": pa.Column(pl.Float64, pa.Check.ge(0), nullable=True),
            "selection_reference": pa.Column(pl.Boolean),
            "selection_flag": pa.Column(pl.Boolean),
            "scoring_rate": pa.Column(pl.Float64, unit),
            "scoring_impact_ratio": pa.Column(pl.Float64, pa.Check.ge(0), nullable=True),
            "scoring_reference": pa.Column(pl.Boolean),
            "scoring_flag": pa.Column(pl.Boolean),
        }
    )
    return pa.DataFrameSchema(
        spec, unique=["dimension", "group"], strict=True, ordered=True, name="audit_table"
    )
