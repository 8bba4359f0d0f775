"""Match earlier workbooks' rows to the new scored candidates; the newest workbook wins."""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from pipelines.carry.previous import RUN_DATE, RUN_STARTED, SHEET_ROW, WORKBOOK, empty_previous
from pipelines.carry.text import file_name, fill
from pipelines.identity import identity, job_scope, key_expr
from pipelines.report.columns import known_specs
from pipelines.settings.carry import CarryConfig
from pipelines.settings.report import ReportConfig
from schemas.workbook import CARRIED_FROM

NEW_ROW = "_new"
PREV_ROW = "_prev"
MATCHED_ON = "matched_on"
CONFLICT_COLUMNS = {NEW_ROW: pl.UInt32, "field": pl.String, "message": pl.String}
_ORDER = [NEW_ROW, RUN_STARTED, WORKBOOK, SHEET_ROW]
_TYPED = "_typed"
_JOB_JOIN = "\x1f"


@dataclass(frozen=True)
class Carried:
    """What moves into the new workbook, and what the earlier workbooks said besides."""

    carried: pl.DataFrame  # one row per new row, in order: recruiter columns, carried_from, ...
    matched: pl.DataFrame  # per matched new row (`_new`): the newest earlier row, all its columns
    conflicts: pl.DataFrame  # `_new`, field, message: earlier workbooks disagreed
    gone: pl.DataFrame  # earlier candidates not in the new export (newest row of each)

    def conflict_messages(self) -> list[str]:
        """The conflicts as one line each."""
        return self.conflicts.get_column("message").to_list()


def _keyed(frame: pl.DataFrame, index: str, keys: list[str]) -> pl.DataFrame:
    """Row index plus one column per dedupe key, scoped to the application's job (a person who
    applied to two jobs has a decision for each)."""
    job = job_scope(frame.columns)
    return frame.with_row_index(index).select(
        index,
        *(
            pl.when(key_expr(key).is_not_null())
            .then(pl.concat_str([job, key_expr(key)], separator=_JOB_JOIN))
            .alias(f"_k_{key}")
            for key in keys
        ),
    )


def match_rows(scored: pl.DataFrame, previous: pl.DataFrame, keys: list[str]) -> pl.DataFrame:
    """(`_prev`, `_new`, matched_on): one pass per dedupe key, in order, as dedupe groups them;
    an earlier row is matched at most once (on the first key that matches)."""
    new = _keyed(scored, NEW_ROW, keys)
    prev = _keyed(previous, PREV_ROW, keys)
    found = []
    for key in keys:
        column = f"_k_{key}"
        pairs = (
            prev.filter(pl.col(column).is_not_null())
            .select(PREV_ROW, column)
            .join(new.filter(pl.col(column).is_not_null()).select(NEW_ROW, column), on=column)
            .select(PREV_ROW, NEW_ROW, pl.lit(key).alias(MATCHED_ON))
        )
        found.append(pairs)
        prev = prev.join(pairs.select(PREV_ROW), on=PREV_ROW, how="anti")
    return pl.concat(found).unique(PREV_ROW, keep="first", maintain_order=True)


def _label(field: str, report: ReportConfig) -> str:
    """A recruiter column's header, for messages."""
    spec = known_specs(report).get(field)
    return spec.header if spec is not None else field


def _conflicts(candidates: pl.DataFrame, config: CarryConfig, report: ReportConfig) -> pl.DataFrame:
    """Per new row and recruiter column: the newest value against the latest that differs."""
    text = config.text
    parts = []
    newest = candidates.group_by(NEW_ROW).agg(
        pl.all().sort_by(_ORDER[1:]).last().name.suffix("_newer")
    )
    for field in config.previous.recruiter_columns:
        value = pl.col(field)
        older = (
            candidates.join(newest.select(NEW_ROW, f"{field}_newer"), on=NEW_ROW)
            .filter(value.ne_missing(pl.col(f"{field}_newer")))
            .group_by(NEW_ROW)
            .agg(pl.all().sort_by(_ORDER[1:]).last())
        )
        both = older.join(newest, on=NEW_ROW)
        template = (
            text.conflict_notes if field in config.previous.private_columns else text.conflict
        )
        message = fill(
            template,
            {
                "field": pl.lit(_label(field, report)),
                "older": pl.col(field).fill_null(text.blank),
                "newer": pl.col(f"{field}_newer").fill_null(text.blank),
                "older_file": file_name(pl.col(WORKBOOK)),
                "newer_file": file_name(pl.col(f"{WORKBOOK}_newer")),
                "older_date": pl.col(RUN_DATE),
                "newer_date": pl.col(f"{RUN_DATE}_newer"),
            },
        )
        parts.append(both.select(NEW_ROW, pl.lit(field).alias("field"), message.alias("message")))
    if not parts:
        return pl.DataFrame(schema=CONFLICT_COLUMNS)
    return pl.concat(parts).cast(CONFLICT_COLUMNS).sort(NEW_ROW, "field")


def carry(
    scored: pl.DataFrame,
    previous: pl.DataFrame | None,
    keys: list[str],
    config: CarryConfig,
    report: ReportConfig,
) -> Carried:
    """Per new row the carried recruiter columns (newest earlier workbook wins), with conflicts
    and the earlier candidates no longer in the export."""
    fields = config.previous.recruiter_columns
    if previous is None:
        previous = empty_previous(config)
    pairs = match_rows(scored, previous, keys)
    candidates = pairs.join(previous.with_row_index(PREV_ROW), on=PREV_ROW)
    typed = pl.any_horizontal(pl.col(f).is_not_null() for f in fields)
    # Newest workbook wins; within one workbook (a job's sheet and All jobs) a typed row wins.
    matched = (
        candidates.with_columns(typed.alias(_TYPED))
        .sort([NEW_ROW, RUN_STARTED, WORKBOOK, _TYPED, SHEET_ROW])
        .group_by(NEW_ROW, maintain_order=True)
        .last()
        .drop(_TYPED)
    )
    label = fill(config.text.carried_from, {"date": pl.col(RUN_DATE)})
    carried = (
        scored.select(pl.int_range(pl.len(), dtype=pl.UInt32).alias(NEW_ROW))
        .join(matched, on=NEW_ROW, how="left", maintain_order="left")
        .select(
            *fields,
            pl.when(typed).then(label).alias(CARRIED_FROM),
            pl.when(typed).then(pl.col(WORKBOOK)).alias("carried_workbook"),
            MATCHED_ON,
        )
    )
    unmatched = previous.with_row_index(PREV_ROW).join(pairs, on=PREV_ROW, how="anti")
    gone = (
        unmatched.with_columns(identity(keys).alias("_identity"))
        .sort(RUN_STARTED, WORKBOOK, SHEET_ROW)
        .group_by(pl.coalesce("_identity", pl.col(PREV_ROW).cast(pl.String)), maintain_order=True)
        .last()
        .drop("_identity", "literal", PREV_ROW, strict=False)
        .sort(SHEET_ROW)
    )
    return Carried(
        carried=carried,
        matched=matched,
        conflicts=_conflicts(candidates, config, report),
        gone=gone,
    )
