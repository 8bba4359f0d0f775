"""Across nights: which candidates are new since the previous run of the same job, score changes."""

from __future__ import annotations

import io
from pathlib import Path

import polars as pl

from pipelines.atomic import atomic_target
from pipelines.identity import CANDIDATE_KEY, JOB_KEY, identity, job_key, sha256_hex
from pipelines.ops.run import RunInfo
from schemas.workbook import HISTORY_STATUS as STATUS
from schemas.workbook import PREVIOUS_SCORE as PREVIOUS
from schemas.workbook import SCORE_CHANGE as CHANGE

NEW = "new"
RETURNING = "returning"

SCHEMA = {
    JOB_KEY: pl.String,
    CANDIDATE_KEY: pl.String,
    "score": pl.Float64,
    "rank": pl.Int64,
    "run_id": pl.String,
    "run_date": pl.String,
    "run_started": pl.String,
    "sha256": pl.String,
    "source_file": pl.String,
}


def with_keys(scored: pl.DataFrame, keys: list[str], file_stem: str) -> pl.DataFrame:
    """The scored rows plus `job_key` and the hashed `candidate_key`."""
    keyed = scored.with_columns(
        job_key(file_stem).alias(JOB_KEY), identity(keys).alias(CANDIDATE_KEY)
    )
    return keyed.with_columns(sha256_hex(keyed.get_column(CANDIDATE_KEY)))


def earlier_runs(history: pl.DataFrame, run: RunInfo) -> pl.DataFrame:
    """History rows of runs that started before this one."""
    date, started = pl.col("run_date"), pl.col("run_started")
    before = (date < run.run_date) | ((date == run.run_date) & (started < run.started_at))
    return history.filter(before & (pl.col("run_id") != run.run_id))


def previous_scores(history: pl.DataFrame, run: RunInfo) -> pl.DataFrame:
    """Per job and candidate, the best score in the latest earlier run of that job."""
    earlier = earlier_runs(history, run)
    latest = earlier.group_by(JOB_KEY).agg(
        pl.col("run_id").sort_by(["run_date", "run_started"]).last().alias("latest_run")
    )
    return (
        earlier.join(latest, left_on=[JOB_KEY, "run_id"], right_on=[JOB_KEY, "latest_run"])
        .group_by([JOB_KEY, CANDIDATE_KEY])
        .agg(pl.col("score").max().alias(PREVIOUS))
    )


def mark(keyed: pl.DataFrame, history: pl.DataFrame, run: RunInfo, decimals: int) -> pl.DataFrame:
    """Add `history_status` (new / returning), `previous_score` and `score_change`."""
    marked = keyed.join(
        previous_scores(history, run),
        on=[JOB_KEY, CANDIDATE_KEY],
        how="left",
        maintain_order="left",
    )
    return marked.with_columns(
        pl.when(pl.col(PREVIOUS).is_null())
        .then(pl.lit(NEW))
        .otherwise(pl.lit(RETURNING))
        .alias(STATUS),
        (pl.col("score") - pl.col(PREVIOUS)).round(decimals).alias(CHANGE),
    )


def history_rows(keyed: pl.DataFrame, run: RunInfo, sha256: str) -> pl.DataFrame:
    """The rows this export adds to the history (identifiable candidates only)."""
    return keyed.filter(pl.col(CANDIDATE_KEY).is_not_null()).select(
        pl.col(JOB_KEY),
        pl.col(CANDIDATE_KEY),
        pl.col("score").cast(pl.Float64),
        pl.col("rank").cast(pl.Int64),
        pl.lit(run.run_id).alias("run_id"),
        pl.lit(run.run_date).alias("run_date"),
        pl.lit(run.started_at).alias("run_started"),
        pl.lit(sha256).alias("sha256"),
        pl.col("source_file").cast(pl.String),
    )


def read_history(path: Path) -> pl.DataFrame:
    """The history so far (an empty table before the first scored export).

    Read in one go: another process may replace the file meanwhile, and a reader that opened it
    twice could mix the old file's footer with the new one's pages.
    """
    if not path.exists():
        return pl.DataFrame(schema=SCHEMA)
    return pl.read_parquet(io.BytesIO(path.read_bytes())).select(SCHEMA.keys()).cast(SCHEMA)


def append_history(path: Path, rows: pl.DataFrame, sha256: str) -> None:
    """Replace this export's rows (a re-scored input); write atomically, under the state lock."""
    kept = read_history(path).filter(pl.col("sha256") != sha256)
    combined = pl.concat([kept, rows.select(SCHEMA.keys()).cast(SCHEMA)], how="vertical")
    with atomic_target(path) as temp:
        combined.write_parquet(temp)


def counts(marked: pl.DataFrame) -> dict[str, int]:
    """How many rows are new and how many returning."""
    status = marked.get_column(STATUS)
    return {NEW: int((status == NEW).sum()), RETURNING: int((status == RETURNING).sum())}
