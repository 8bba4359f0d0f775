"""Experience-level indicator expressions (seed: Experience Level Indicators)."""

from __future__ import annotations

import polars as pl

from pipelines.scoring.evidence import contains_any
from pipelines.scoring.prefilter import Dialect, as_written
from pipelines.settings.scoring import IndicatorRule


def mentioned(text: pl.Expr, rule: IndicatorRule, dialect: Dialect = as_written) -> pl.Expr:
    """True when any of the rule's patterns occurs in the text as whole words."""
    return contains_any(text, rule.patterns, dialect)


def indicator(
    hit: pl.Expr,
    rule: IndicatorRule,
    *,
    meets_accuracy: pl.Expr,
    specialty_count: pl.Expr,
    team_size: pl.Expr,
    improvement_pct: pl.Expr,
) -> pl.Expr:
    """True when the rule's patterns were `mentioned` (`hit`) or its condition holds."""
    if rule.accuracy_meets_standard:
        hit = hit | meets_accuracy
    if rule.min_specialties is not None:
        hit = hit | (specialty_count >= rule.min_specialties)
    if rule.min_team_size is not None:
        hit = hit | (team_size >= rule.min_team_size)
    if rule.min_improvement_pct is not None:
        hit = hit | (improvement_pct >= rule.min_improvement_pct)
    return hit.fill_null(False)
