"""Fairness audit on recruiters' decisions, beside the tool's recommendation and scoring rate."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

import polars as pl

from pipelines.fairness.audit import audit_counts, rates_and_ratios

if TYPE_CHECKING:
    from pipelines.settings import Settings

DECISION = "decision"
DECISION_COLUMNS = {
    "decided": "candidates",
    "decided_selected": "selected",
    "decision_selection_rate": "selection_rate",
    "decision_impact_ratio": "selection_impact_ratio",
    "decision_reference": "selection_reference",
    "decision_flag": "selection_flag",
}


def selected_by_decision(settings: Settings) -> pl.Expr:
    """True when the recruiter's decision counts as selected (Advance, Phone screen)."""
    chosen = pl.col(DECISION).str.strip_chars().str.to_lowercase()
    return chosen.is_in([d.lower() for d in settings.carry.decisions.selected])


def decision_counts(
    scored: pl.DataFrame,
    decisions: pl.Series,
    protected: pl.DataFrame,
    settings: Settings,
    as_of: date | None = None,
) -> pl.DataFrame:
    """Audit counts (the poolable shape) with `selected` = the recruiters' decision; only
    candidates with a decision when the config says so."""
    frame = scored.with_columns(decisions.alias(DECISION))
    if settings.carry.decisions.audit_decided_only:
        frame = frame.filter(pl.col(DECISION).str.strip_chars().str.len_chars() > 0)
    return audit_counts(
        frame, protected, settings.fairness, as_of, selected=selected_by_decision(settings)
    )


def decision_audit(
    scored: pl.DataFrame,
    decisions: pl.Series,
    protected: pl.DataFrame,
    settings: Settings,
    as_of: date | None = None,
) -> pl.DataFrame:
    """The audit table (rates, impact ratios, marks) of the recruiters' decisions."""
    counts = decision_counts(scored, decisions, protected, settings, as_of)
    return rates_and_ratios(counts, settings.fairness)


def beside_recommendation(tool: pl.DataFrame, by_decision: pl.DataFrame) -> pl.DataFrame:
    """Per group: the tool's selection and scoring rates, then the decisions' counts and rates."""
    decided = by_decision.select(
        "dimension", "group", *(pl.col(src).alias(name) for name, src in DECISION_COLUMNS.items())
    )
    return (
        tool.select(
            "dimension", "group", "is_unknown", "candidates", "selection_rate", "scoring_rate"
        )
        .join(decided, on=["dimension", "group"], how="left", maintain_order="left")
        .with_columns(
            pl.col("decided", "decided_selected").fill_null(0)  # a group nobody decided on yet
        )
    )
