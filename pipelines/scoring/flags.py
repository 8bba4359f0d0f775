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


def hipaa_known(rules: RedFlagRules, *, hipaa: pl.Expr, mentioned: pl.Expr) -> pl.Expr:
    """True when the HIPAA column holds a non-negative answer or the text mentions HIPAA."""
    answered = hipaa.str.strip_chars().str.len_chars() > 0
    positive = answered & ~in_list(hipaa, rules.hipaa_negative_values)
    return positive.fill_null(False) | mentioned


def below_standard(rules: RedFlagRules, accuracy_pct: pl.Expr) -> pl.Expr:
    """True when a stated accuracy is strictly below the standard (95.0 exactly is not)."""
    return (accuracy_pct < rules.accuracy_standard_pct).fill_null(False)
