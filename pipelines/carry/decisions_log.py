"""The decisions log: every recruiter decision seen, by candidate digest and job (no notes)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import polars as pl
from openpyxl import Workbook

from pipelines.atomic import atomic_target
from pipelines.carry.previous import EXPORT_FILE, RUN_DATE, SHA256, WORKBOOK
from pipelines.carry.text import file_name
from pipelines.identity import CANDIDATE_KEY, JOB_KEY, identity, job_key, sha256_hex
from pipelines.report.safety import safe_cell
from pipelines.report.sheet_names import new_sheet
from pipelines.settings.report import ReportConfig

if TYPE_CHECKING:
    from pipelines.settings.carry import CarryConfig

FIRST_SEEN = "first_seen"
SCHEMA = {
    CANDIDATE_KEY: pl.String,
    JOB_KEY: pl.String,
    "decision": pl.String,
    "interviewer": pl.String,
    FIRST_SEEN: pl.String,
    "source_sha256": pl.String,
    "source_run_date": pl.String,
}
GROUP = [CANDIDATE_KEY, JOB_KEY]
SAME = ["decision", "interviewer"]


def _export_stem(config: CarryConfig) -> pl.Expr:
    """The stem of the export a workbook was made from (About sheet), else of the workbook."""
    suffix = config.previous.workbook_suffix
    from_about = pl.col(EXPORT_FILE).str.replace(r"\.[^.]*$", "")
    from_name = file_name(pl.col(WORKBOOK)).str.strip_suffix(suffix)
    return pl.coalesce(from_about, from_name)


def decision_rows(
    previous: pl.DataFrame, keys: list[str], config: CarryConfig, seen_at: str
) -> pl.DataFrame:
    """The log rows of the decisions in earlier workbooks' rows (identifiable candidates only)."""
    typed = previous.with_columns(pl.col(SAME).str.strip_chars().replace("", None)).filter(
        pl.col("decision").is_not_null()
    )
    keyed = typed.with_columns(
        identity(keys).alias(CANDIDATE_KEY), job_key(_export_stem(config)).alias(JOB_KEY)
    ).filter(pl.col(CANDIDATE_KEY).is_not_null())
    return keyed.select(
        sha256_hex(keyed.get_column(CANDIDATE_KEY)),
        JOB_KEY,
        *SAME,
        pl.lit(seen_at).alias(FIRST_SEEN),
        pl.col(SHA256).alias("source_sha256"),
        pl.col(RUN_DATE).alias("source_run_date"),
    ).cast(SCHEMA)


def read_log(path: Path) -> pl.DataFrame:
    """The log so far (an empty table before the first decision)."""
    if not Path(path).exists():
        return pl.DataFrame(schema=SCHEMA)
    return pl.read_parquet(path).select(SCHEMA.keys()).cast(SCHEMA)


def latest_decisions(log: pl.DataFrame) -> pl.DataFrame:
    """Per candidate and job, the decision seen last (by its workbook's run date, then seen)."""
    return (
        log.sort("source_run_date", FIRST_SEEN, maintain_order=True)
        .group_by(GROUP, maintain_order=True)
        .last()
        .select(SCHEMA.keys())
    )


def new_entries(log: pl.DataFrame, rows: pl.DataFrame) -> pl.DataFrame:
    """The rows worth adding: not already logged from the same workbook, and not the decision
    and interviewer the candidate already has at that point (a carried decision is not new)."""
    fresh = rows.unique(maintain_order=True).join(
        log, on=[*GROUP, *SAME, "source_sha256"], how="anti", nulls_equal=True
    )
    order = ["source_run_date", "source_sha256"]
    stream = pl.concat(
        [
            latest_decisions(log).with_columns(pl.lit(False).alias("_new")),
            fresh.sort(order).with_columns(pl.lit(True).alias("_new")),
        ]
    ).sort(*GROUP, "_new", *order, maintain_order=True)
    changed = pl.any_horizontal(
        pl.col(c).ne_missing(pl.col(c).shift(1).over(GROUP)) for c in SAME
    ) | (pl.int_range(pl.len()).over(GROUP) == 0)
    return stream.filter(pl.col("_new") & changed).select(SCHEMA.keys())


def append_decisions(path: Path, rows: pl.DataFrame) -> int:
    """Append the new entries atomically (call it under the state lock); how many were added."""
    log = read_log(path)
    added = new_entries(log, rows.select(SCHEMA.keys()).cast(SCHEMA))
    if added.height:
        with atomic_target(Path(path)) as temp:
            pl.concat([log, added]).write_parquet(temp)
    return added.height


def export_decisions(log_path: Path, target: Path, config: ReportConfig) -> Path:
    """`coder-screen decisions`: the log as CSV (`.csv`) or a one-sheet workbook (else), every
    cell through the safe writer."""
    log = read_log(log_path)
    target = Path(target)
    with atomic_target(target) as temp:
        if target.suffix.lower() == ".csv":
            log.write_csv(temp)
        else:
            wb = Workbook(write_only=True)
            ws = new_sheet(wb, "Decisions")
            ws.append([safe_cell(ws, name, config) for name in log.columns])
            for row in log.iter_rows():
                ws.append([safe_cell(ws, v, config) for v in row])
            wb.save(temp)
    return target
