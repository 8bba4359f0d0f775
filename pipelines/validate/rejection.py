"""Split ingested rows into candidates and rejected rows, using pandera's lazy failure cases."""

from __future__ import annotations

import polars as pl
from pandera.errors import SchemaErrors

from pipelines.settings.validation import ValidationConfig
from pipelines.unique import unique_name
from schemas.candidates import raw_schema, rejection_checks

ROW_INDEX = "_row_index"
REJECTED_HEAD = ["source_row", "source_file", "reason"]
OWN_REASON = "reason (export)"


def _reason_table(
    failures: pl.DataFrame, config: ValidationConfig, names: list[str]
) -> pl.DataFrame:
    """One reason per failing row index: the highest-priority check it failed."""
    reasons = config.rejection.reasons.model_dump()
    priority = {name: rank for rank, name in enumerate(names)}
    return (
        failures.filter(pl.col("schema_context") == "DataFrameSchema")
        .filter(pl.col("check").is_in(names))
        .select(
            pl.col("index").cast(pl.UInt32).alias(ROW_INDEX),
            pl.col("check").replace_strict(priority, return_dtype=pl.Int64).alias("_priority"),
            pl.col("check"),
        )
        .sort("_priority")
        .group_by(ROW_INDEX, maintain_order=True)
        .first()
        .select(ROW_INDEX, pl.col("check").replace_strict(reasons).alias("reason"))
    )


def reject_non_candidates(
    frame: pl.DataFrame, config: ValidationConfig
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Return (candidates, rejected rows with `reason`); every input row lands in one of them."""
    schema = raw_schema(config.rejection, frame.columns)
    names = list(rejection_checks(config.rejection, list(frame.columns)))
    try:
        schema.validate(frame, lazy=True)
        failures = None
    except SchemaErrors as err:
        unexpected = err.failure_cases.filter(
            ~((pl.col("schema_context") == "DataFrameSchema") & pl.col("check").is_in(names))
        )
        if unexpected.height:
            raise ValueError(f"ingested table breaks the input contract: {unexpected}") from err
        failures = err.failure_cases
    if failures is None:
        empty = _own_reason_renamed(frame.head(0))
        return frame, _rejected_layout(empty.with_columns(reason=pl.lit(None, dtype=pl.String)))
    # Rows are picked by position, so the wide text columns are gathered once, never joined.
    reasons = _reason_table(failures, config, names).sort(ROW_INDEX)
    rows = reasons.get_column(ROW_INDEX)
    rejected = _own_reason_renamed(frame.gather(rows))
    rejected = rejected.with_columns(reasons.get_column("reason").alias("reason"))
    keep = pl.repeat(True, frame.height, eager=True).scatter(rows, False)
    return frame.filter(keep), _rejected_layout(rejected)


def _own_reason_renamed(frame: pl.DataFrame) -> pl.DataFrame:
    """An export's own `reason` column as `reason (export)`: `reason` is ours, the why."""
    if "reason" not in frame.columns:
        return frame
    return frame.rename({"reason": unique_name(OWN_REASON, set(frame.columns))})


def _rejected_layout(frame: pl.DataFrame) -> pl.DataFrame:
    """Rejected rows: source row, file and reason first, then the row's original values."""
    rest = [c for c in frame.columns if c not in (*REJECTED_HEAD, ROW_INDEX)]
    return frame.select(*REJECTED_HEAD, *rest)
