"""Find the same person applying twice and keep only the newest application."""

from __future__ import annotations

import polars as pl

from pipelines.identity import key_expr
from pipelines.settings.validation import ValidationConfig

KEY = "_dedupe_key"
KEPT = "kept_source_row"
MATCH_LABELS = {"email": "email", "candidate_id": "candidate id", "name_phone": "name + phone"}
DUPLICATE_HEAD = ["source_row", "source_file", KEPT, "matched_on"]


def _one_pass(kept: pl.DataFrame, key: str) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Group by one key; the newest application (else the last row) of each group wins."""
    # Worked out on the key columns alone, so the wide rows are only filtered, never sorted;
    # each group is ordered on its own (undated first), so the table keeps its row order.
    newest = pl.col("source_row").sort_by(["applied_at", "source_row"], nulls_last=False).last()
    kept_rows = (
        kept.select("source_row", "applied_at", key_expr(key).alias(KEY))
        .select(
            pl.when(pl.col(KEY).is_not_null())
            .then(newest.over(KEY))
            .otherwise(pl.col("source_row"))
            .alias(KEPT)
        )
        .get_column(KEPT)
    )
    marked = kept.with_columns(kept_rows)
    is_duplicate = pl.col(KEPT) != pl.col("source_row")
    duplicates = marked.filter(is_duplicate).with_columns(matched_on=pl.lit(MATCH_LABELS[key]))
    survivors = marked.filter(~is_duplicate).drop(KEPT)
    if not survivors.get_column("source_row").is_sorted():
        survivors = survivors.sort("source_row")
    return survivors, duplicates


def dedupe(candidates: pl.DataFrame, config: ValidationConfig) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Return (kept candidates in input order, duplicates naming the row that was kept)."""
    kept = candidates
    found = []
    for key in config.dedupe.order:
        kept, duplicates = _one_pass(kept, key)
        found.append(duplicates)
    if found:
        all_duplicates = pl.concat(found, how="vertical").sort("source_row")
    else:
        all_duplicates = candidates.head(0).with_columns(
            pl.lit(None, dtype=pl.Int64).alias(KEPT),
            pl.lit(None, dtype=pl.String).alias("matched_on"),
        )
    rest = [c for c in all_duplicates.columns if c not in DUPLICATE_HEAD]
    return kept, all_duplicates.select(*DUPLICATE_HEAD, *rest)
