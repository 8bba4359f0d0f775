"""The Changes sheet: what changed since the last run, contradicted decisions highlighted."""

from __future__ import annotations

from typing import TYPE_CHECKING

from openpyxl.formatting.rule import FormulaRule

from pipelines.carry.changes import CONTRADICTION, HIGHLIGHT, changes
from pipelines.report import styles
from pipelines.report.columns import ready_frame, resolve_columns
from pipelines.report.context import ReportContext
from pipelines.report.table_sheet import write_table_sheet

if TYPE_CHECKING:
    from openpyxl import Workbook


def write_changes(wb: Workbook, ctx: ReportContext) -> None:
    """The Changes sheet, only when an earlier workbook was read for this run."""
    settings, carried = ctx.settings, ctx.result.carried
    if settings is None or carried is None:
        return
    config = ctx.config
    table = changes(ctx.result.scored, carried.carried, settings).drop(HIGHLIGHT)
    columns = resolve_columns(table.schema, config, list(table.columns))
    labels = settings.carry.changes
    ws, layout = write_table_sheet(
        wb,
        title=labels.sheet,
        table_name=labels.table_name,
        frame=ready_frame(table, columns, config),
        columns=columns,
        config=config,
        looks=ctx.looks,
        freeze_after="full_name",
    )
    if not layout.shown:
        return
    # A decision a new red flag contradicts: the whole row in the red-flag look.
    marker = f"${layout.letters[CONTRADICTION]}{layout.first_row}"
    rule = FormulaRule(formula=[f"LEN({marker})>0"])
    rule.dxf = styles.flag_dxf(config)
    last = layout.letters[columns[-1].key]
    ws.conditional_formatting.add(f"A{layout.first_row}:{last}{layout.last_row}", rule)
