"""What changed since the last run: new, returning (score change and why), gone, contradicted."""

from __future__ import annotations

from typing import TYPE_CHECKING

import polars as pl

from pipelines.carry.merge import NEW_ROW, Carried
from pipelines.carry.previous import FLAGS_KNOWN
from pipelines.carry.text import fill
from pipelines.report.ranked import flag_keys, flag_label

if TYPE_CHECKING:
    from pipelines.settings import Settings

CHANGE = "change"
WHY = "why"
CONTRADICTION = "contradiction"
HIGHLIGHT = "highlight"
CONFLICTS = "conflicts"
COLUMNS = {
    CHANGE: pl.String,
    "rank": pl.Int64,
    "full_name": pl.String,
    "score": pl.Float64,
    "previous_score": pl.Float64,
    "score_change": pl.Float64,
    WHY: pl.String,
    "decision": pl.String,
    CONTRADICTION: pl.String,
    HIGHLIGHT: pl.Boolean,
    CONFLICTS: pl.String,
    "carried_from": pl.String,
}


def flags_now(schema: pl.Schema, settings: Settings) -> pl.Expr:
    """The red flags of each scored row, in words, as a list (empty when none)."""
    keys = flag_keys(schema, settings.report)
    if not keys:
        return pl.lit([], dtype=pl.List(pl.String))
    labels = [pl.when(pl.col(k)).then(pl.lit(flag_label(k, settings.report))) for k in keys]
    return pl.concat_list(labels).list.drop_nulls()


def _parts(column: str, separator: str) -> pl.Expr:
    """A joined text column as its list of parts (empty when blank)."""
    parts = pl.col(column).str.split(separator).list.eval(pl.element().str.strip_chars())
    return parts.list.eval(pl.element().filter(pl.element() != "")).fill_null([])


def _said(template: str, items: pl.Expr, separator: str) -> pl.Expr:
    """`template` around the items joined; null when there are none."""
    return pl.when(items.list.len() > 0).then(fill(template, {"items": items.list.join(separator)}))


def changes(scored: pl.DataFrame, carried: Carried, settings: Settings) -> pl.DataFrame:
    """One row per new, returning and gone candidate, contradicted decisions highlighted."""
    config = settings.carry
    text, labels = config.text, config.changes
    flag_sep = settings.report.text.list_separator
    reason_sep = settings.scoring.explanation.separator
    before = carried.matched.select(
        NEW_ROW,
        pl.col("score").alias("previous_score"),
        pl.when(pl.col(FLAGS_KNOWN)).then(_parts("red_flags", flag_sep)).alias("_flags_before"),
        pl.when(pl.col("explanation").is_not_null())
        .then(_parts("explanation", reason_sep))
        .alias("_reasons_before"),
    )
    conflicts = carried.conflicts.group_by(NEW_ROW).agg(
        pl.col("message").str.join(text.separator).alias(CONFLICTS)
    )
    now = (
        scored.with_row_index(NEW_ROW)
        .select(
            NEW_ROW,
            "rank",
            "full_name",
            "score",
            flags_now(scored.schema, settings).alias("_flags_now"),
            _parts("explanation", reason_sep).alias("_reasons_now"),
        )
        .with_columns(carried.carried.select("decision", "carried_from"))
        .join(before.with_columns(pl.lit(True).alias("_matched")), on=NEW_ROW, how="left")
        .join(conflicts, on=NEW_ROW, how="left")
    )
    returning = pl.col("_matched").fill_null(False)
    added = pl.coalesce(
        pl.col("_flags_now").list.set_difference("_flags_before"), pl.col("_flags_now")
    )
    dropped = pl.col("_flags_before").list.set_difference("_flags_now").fill_null([])
    new_reasons = pl.col("_reasons_now").list.set_difference("_reasons_before").fill_null([])
    old_reasons = pl.col("_reasons_before").list.set_difference("_reasons_now").fill_null([])
    why = pl.concat_str(
        [
            _said(text.new_flags, added, flag_sep),
            _said(text.gone_flags, dropped, flag_sep),
            _said(text.new_reasons, new_reasons, reason_sep),
            _said(text.gone_reasons, old_reasons, reason_sep),
        ],
        separator=text.separator,
        ignore_nulls=True,
    )
    contradicted = (
        returning & pl.col("decision").is_in(config.decisions.selected) & (added.list.len() > 0)
    )
    current = now.select(
        pl.when(returning)
        .then(pl.lit(labels.returning))
        .otherwise(pl.lit(labels.new))
        .alias(CHANGE),
        "rank",
        "full_name",
        "score",
        "previous_score",
        (pl.col("score") - pl.col("previous_score"))
        .round(labels.score_decimals)
        .alias("score_change"),
        pl.when(returning & (why.str.len_chars() > 0)).then(why).alias(WHY),
        "decision",
        pl.when(contradicted)
        .then(
            fill(
                text.contradiction,
                {"decision": pl.col("decision"), "flags": added.list.join(flag_sep)},
            )
        )
        .alias(CONTRADICTION),
        contradicted.alias(HIGHLIGHT),
        CONFLICTS,
        "carried_from",
    )
    gone = carried.gone.select(
        pl.lit(labels.gone).alias(CHANGE),
        pl.lit(None, dtype=pl.Int64).alias("rank"),
        "full_name",
        pl.lit(None, dtype=pl.Float64).alias("score"),
        pl.col("score").alias("previous_score"),
        pl.lit(None, dtype=pl.Float64).alias("score_change"),
        pl.lit(None, dtype=pl.String).alias(WHY),
        "decision",
        pl.lit(None, dtype=pl.String).alias(CONTRADICTION),
        pl.lit(False).alias(HIGHLIGHT),
        pl.lit(None, dtype=pl.String).alias(CONFLICTS),
        pl.lit(None, dtype=pl.String).alias("carried_from"),
    )
    order = {labels.new: 0, labels.returning: 1, labels.gone: 2}
    table = pl.concat([current.cast(COLUMNS), gone.cast(COLUMNS)])
    return table.sort(
        pl.col(CHANGE).replace_strict(order, return_dtype=pl.Int64),
        pl.col(HIGHLIGHT).not_(),
        "rank",
        "previous_score",
        nulls_last=True,
        descending=[False, False, False, True],
        maintain_order=True,
    )
