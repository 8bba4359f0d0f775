"""Red-flag expressions (seed: Red Flags to Watch For)."""

from __future__ import annotations

import polars as pl

from pipelines.scoring.columns import LIST_SEPARATOR
from pipelines.scoring.evidence import in_list
from pipelines.scoring.explanation import join_present
from pipelines.settings.scoring import RedFlagRules


def poor_attention_reasons(
    rules: RedFlagRules,
    *,
    misspelled: pl.Expr,
    email: pl.Expr,
    years: pl.Expr,
    team_size: pl.Expr,
    column_years: pl.Expr,
    text_years: pl.Expr,
) -> pl.Expr:
    """The reasons (plain words, ", "-joined) behind the poor-attention flag; null when none."""
    words = rules.detail_reasons
    limits = rules.contradictions
    folded_email = email.str.strip_chars().str.to_lowercase()
    reasons = {
        words.misspelling: misspelled,
        words.malformed_email: email.is_not_null()
        & ~folded_email.str.contains(rules.email_pattern),
        words.team_contradicts_years: (years < limits.low_years_max)
        & (team_size >= limits.large_team_min),
        words.years_mismatch: (column_years - text_years).abs() > limits.years_mismatch_max,
    }
    return join_present(
        [pl.when(hit.fill_null(False)).then(pl.lit(label)) for label, hit in reasons.items()],
        LIST_SEPARATOR,
    )


def raised_when_lacking(cleared: pl.Expr, denied: pl.Expr, read: pl.Expr) -> pl.Expr:
    """A "no X" flag: False when evidence shows X, True on a negative answer or when X's sources
    were read and lack it, null when nothing about X was stated."""
    return (
        pl.when(cleared.fill_null(False))
        .then(pl.lit(False))
        .when(denied.fill_null(False) | read.fill_null(False))
        .then(pl.lit(True))
        .otherwise(pl.lit(None, pl.Boolean))
    )


def raised_when_found(found: pl.Expr, read: pl.Expr) -> pl.Expr:
    """A flag raised by what was found: True when found, False when its sources were read and
    hold none of it, null when nothing was stated."""
    return (
        pl.when(found.fill_null(False))
        .then(pl.lit(True))
        .when(read.fill_null(False))
        .then(pl.lit(False))
        .otherwise(pl.lit(None, pl.Boolean))
    )


def hipaa_answer(rules: RedFlagRules, hipaa: pl.Expr, answered: pl.Expr) -> pl.Expr:
    """The HIPAA column as a yes/no: True for a positive answer, False for a negative one, null
    when it states nothing (`answered` is False: blank, "N/A", "unknown")."""
    negative = in_list(hipaa, rules.hipaa_negative_values)
    return pl.when(answered).then(~negative).otherwise(pl.lit(None, pl.Boolean))


def below_standard(rules: RedFlagRules, accuracy_pct: pl.Expr) -> pl.Expr:
    """True when a stated accuracy is strictly below the standard (95.0 exactly is not);
    null when no accuracy was stated."""
    return raised_when_found(accuracy_pct < rules.accuracy_standard_pct, accuracy_pct.is_not_null())
