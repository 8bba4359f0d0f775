"""Score arithmetic: points per fact, penalties, clipping, recommendation."""

from __future__ import annotations

import polars as pl

from pipelines.settings.scoring import RecommendationRules, Weights
from schemas.names import Recommendation


def capped(count: pl.Expr, each: float, cap: float) -> pl.Expr:
    """`count * each`, at most `cap`; 0 for null."""
    return (count.cast(pl.Float64) * each).clip(upper_bound=cap).fill_null(0.0)


def years_points(years: pl.Expr, weights: Weights) -> pl.Expr:
    """Years credit: capped at `years_cap` years so tenure cannot stand in for age; 0 if unknown."""
    credited = years.clip(lower_bound=0.0, upper_bound=weights.years_cap)
    return (credited * weights.points_per_year).fill_null(0.0)


def bonus(condition: pl.Expr, points: float) -> pl.Expr:
    """`points` when the condition holds, else 0."""
    return pl.when(condition.fill_null(False)).then(pl.lit(points)).otherwise(pl.lit(0.0))


def final_score(positive: pl.Expr, penalty: pl.Expr, weights: Weights) -> pl.Expr:
    """Points minus penalties, clipped to the score range and rounded."""
    raw = (positive - penalty).clip(weights.score_min, weights.score_max)
    return raw.round(weights.score_decimals, mode="half_away_from_zero")


def recommendation(score: pl.Expr, flags: pl.Expr, rules: RecommendationRules) -> pl.Expr:
    """Advance / Review / Hold by cut-off; any red flag caps at Review; nothing is rejected."""
    return (
        pl.when((score >= rules.advance_min) & (flags == 0))
        .then(pl.lit(Recommendation.ADVANCE.value))
        .when(score >= rules.review_min)
        .then(pl.lit(Recommendation.REVIEW.value))
        .otherwise(pl.lit(Recommendation.HOLD.value))
    )
