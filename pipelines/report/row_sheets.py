"""The Rejected rows and Duplicates sheets: rows set aside, with the reason, for checking."""

from __future__ import annotations

from typing import TYPE_CHECKING

import polars as pl

from pipelines.report.columns import ready_frame, resolve_columns
from pipelines.report.context import ReportContext
from pipelines.report.table_sheet import write_table_sheet

if TYPE_CHECKING:
    from openpyxl import Workbook

REJECTED_ORDER = ["source_row", "reason", "source_file"]
DUPLICATES_ORDER = ["source_row", "kept_source_row", "matched_on", "full_name", "email"]


def _write_rows_sheet(
    wb: Workbook, ctx: ReportContext, frame: pl.DataFrame, title: str, table: str, order: list[str]
) -> None:
    """One set-aside table, sorted by input row."""
    config = ctx.config
    if "source_row" in frame.columns:
        frame = frame.sort("source_row", nulls_last=True, maintain_order=True)
    columns = resolve_columns(frame.schema, config, order)
    write_table_sheet(
        wb,
        title=title,
        table_name=table,
        frame=ready_frame(frame, columns, config),
        columns=columns,
        config=config,
        looks=ctx.looks,
        freeze_after=order[0] if order[0] in frame.columns else None,
    )


def write_rejected(wb: Workbook, ctx: ReportContext) -> None:
    """The Rejected rows sheet."""
    sheets = ctx.config.sheets
    _write_rows_sheet(wb, ctx, ctx.result.rejected, sheets.rejected, "RejectedRows", REJECTED_ORDER)


def write_duplicates(wb: Workbook, ctx: ReportContext) -> None:
    """The Duplicates sheet."""
    sheets = ctx.config.sheets
    _write_rows_sheet(
        wb, ctx, ctx.result.duplicates, sheets.duplicates, "Duplicates", DUPLICATES_ORDER
    )
