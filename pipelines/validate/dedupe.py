"""Find the same person applying twice to one job, keep the newest application, and note the
other jobs a person applied to (a person applying to two jobs is one candidate in each)."""

from __future__ import annotations

import polars as pl

from pipelines.identity import job_scope, key_expr
from pipelines.settings.validation import ValidationConfig

KEY = "_dedupe_key"
JOB_KEY = "_dedupe_job"
OTHER_JOBS = "_dedupe_other_jobs"
KEPT = "kept_source_row"
CROSS_JOB = "cross_job_applications"
_JOB_JOIN = "\x1f"
MATCH_LABELS = {"email": "email", "candidate_id": "candidate id", "name_phone": "name + phone"}
DUPLICATE_HEAD = ["source_row", "source_file", KEPT, "matched_on"]


def _within_job(key: str, columns: list[str]) -> pl.Expr:
    """The identity key of one pass, scoped to the application's job; null without identity."""
    identity = key_expr(key)
    return pl.when(identity.is_not_null()).then(
        pl.concat_str([job_scope(columns), identity], separator=_JOB_JOIN)
    )


def _one_pass(kept: pl.DataFrame, key: str) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Group by one key; the newest application (else the last row) of each group wins."""
    # Worked out on the key columns alone, so the wide rows are only filtered, never sorted;
    # each group is ordered on its own (undated first), so the table keeps its row order.
    newest = pl.col("source_row").sort_by(["applied_at", "source_row"], nulls_last=False).last()
    kept_rows = (
        kept.select("source_row", "applied_at", _within_job(key, kept.columns).alias(KEY))
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


def cross_job_note(kept: pl.DataFrame, config: ValidationConfig) -> pl.Expr:
    """Per application, the other jobs the same person applied to (job titles only, never names
    or emails): "also applied to: Risk Adjustment Coder"; null when none."""
    if "job" not in kept.columns:
        return pl.lit(None, pl.String)
    own = job_scope(kept.columns)
    shown = pl.col("job").str.strip_chars()
    others = []
    for key in config.dedupe.order:
        identity = key_expr(key)
        jobs = (
            shown.filter(own != "")
            .unique(maintain_order=True)
            .over(identity, mapping_strategy="join")
        )
        others.append(pl.when(identity.is_not_null()).then(jobs))
    pooled = pl.concat_list(
        [other.fill_null(pl.lit([], pl.List(pl.String))) for other in others]
    ).list.unique(maintain_order=True)
    mine = pl.concat_list([shown])
    different = pooled.list.set_difference(mine).list.sort()
    return (
        pl.when(different.list.len() > 0)
        .then(pl.lit(config.dedupe.cross_job_note) + different.list.join(", "))
        .otherwise(pl.lit(None, pl.String))
    )


def dedupe(candidates: pl.DataFrame, config: ValidationConfig) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Return (kept candidates in input order, duplicates naming the row that was kept).

    Duplicates are looked for within a job only; kept rows get `cross_job_applications`.
    """
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
    kept = kept.with_columns(cross_job_note(kept, config).alias(CROSS_JOB))
    return kept, all_duplicates.select(*DUPLICATE_HEAD, *rest)
