"""Write a polars frame as a formatted Excel table on a write-only sheet."""

from __future__ import annotations

import math
import re
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import polars as pl
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.filters import AutoFilter
from openpyxl.worksheet.table import Table, TableColumn, TableStyleInfo

from pipelines.report import styles
from pipelines.report.columns import Column
from pipelines.report.safety import needs_guard, text_cell
from pipelines.settings.report import ReportConfig

if TYPE_CHECKING:
    from openpyxl import Workbook
    from openpyxl.worksheet._write_only import WriteOnlyWorksheet

Converter = Callable[[Any], Any]
# A preamble row: (value, style name) pairs written above the table header.
PreambleRow = Sequence[tuple[Any, str | None]]


@dataclass(frozen=True)
class TableLayout:
    """Where a written table sits, for conditional formats, validations and charts."""

    header_row: int
    first_row: int
    last_row: int
    shown: int
    left_out: int
    letters: dict[str, str]

    def column_range(self, key: str) -> str:
        """The data cells of column `key`, e.g. `D2:D101`."""
        letter = self.letters[key]
        return f"{letter}{self.first_row}:{letter}{self.last_row}"


def rows_that_fit(total: int, header_row: int, config: ReportConfig) -> int:
    """Data rows that fit under the sheet's row cap, leaving room for a 'left out' note."""
    cap = config.limits.max_rows_per_sheet
    room = cap - header_row
    if total <= room:
        return total
    return max(room - 2, 0)  # a blank row, then the note


def left_out_note(left_out: int, config: ReportConfig) -> str:
    """The sentence saying how many rows did not fit."""
    return config.text.rows_left_out.format(left_out=left_out, cap=config.limits.max_rows_per_sheet)


def text_lines(text: str, width: float, config: ReportConfig) -> int:
    """Lines `text` needs when wrapped in a column `width` wide (at most the configured maximum)."""
    per_line = max(int(width * config.style.chars_per_width), 1)
    lines = sum(max(1, math.ceil(len(part) / per_line)) for part in text.split("\n"))
    return min(lines, config.style.max_lines)


def row_heights(frame: pl.DataFrame, columns: list[Column], config: ReportConfig) -> list[Any]:
    """Height in points for each row with wrapped text over one line, else None."""
    style = config.style
    exprs = []
    for column in columns:
        if column.kind != "wrap" or column.key not in frame.columns:
            continue
        text = pl.col(column.key).cast(pl.String)
        per_line = max(int(column.width * style.chars_per_width), 1)
        lines = (text.str.len_chars() / per_line).ceil() + text.str.count_matches("\n")
        exprs.append(lines.fill_null(1))
    if not exprs:
        return [None] * frame.height
    lines = pl.max_horizontal(exprs).clip(1, style.max_lines)
    height = pl.when(lines > 1).then(lines * style.line_height)
    return frame.select(height.alias("height")).to_series().to_list()


def converter(
    ws: WriteOnlyWorksheet, column: Column, config: ReportConfig, looks: styles.Looks
) -> Converter:
    """A function turning one value of `column` into what the sheet gets (value or cell)."""
    style = styles.KIND_STYLES[column.kind]
    if column.kind == "integer" and column.integer_values:
        style = None  # whole numbers look the same in the default format, and write faster
    look = looks[style] if style is not None else None
    if column.kind == "email":
        pattern = re.compile(config.text.email_pattern)
        prefix = config.text.mailto_prefix
        limit = config.limits.max_link_chars

        def email(value: Any) -> Any:
            if not isinstance(value, str):
                return value
            target = prefix + value
            if len(target) > limit or not pattern.match(value):
                return text_cell(ws, value, looks[styles.TEXT])
            cell = text_cell(ws, value, look)
            cell.hyperlink = target
            return cell

        return email
    if style is None:

        def plain(value: Any) -> Any:
            if isinstance(value, str) and needs_guard(value):
                return text_cell(ws, value)
            return value

        return plain

    def styled(value: Any) -> Any:
        if value is None:
            return None
        if isinstance(value, str):
            return text_cell(ws, value, look)
        return styles.make_cell(ws, value, look)

    return styled


def header_cell(ws: WriteOnlyWorksheet, looks: styles.Looks, value: Any, style: str | None) -> Any:
    """A preamble, header or free-form cell in a named style; text goes through the guard."""
    look = looks[style] if style is not None else None
    if isinstance(value, str):
        return text_cell(ws, value, look)
    if look is None:
        return value
    return styles.make_cell(ws, value, look)


def write_table_sheet(
    wb: Workbook,
    *,
    title: str,
    table_name: str,
    frame: pl.DataFrame,
    columns: list[Column],
    config: ReportConfig,
    looks: styles.Looks,
    freeze_after: str | None = None,
    print_through: str | None = None,
    preamble: Sequence[PreambleRow] = (),
) -> tuple[WriteOnlyWorksheet, TableLayout]:
    """Write `frame[columns]` as an Excel table (banded, filter buttons) with a frozen header.

    Rows beyond the sheet's row cap are left out, with a note under the table saying how many.
    Conditional formats, validations and charts may be added to the returned sheet until save.
    """
    ws = wb.create_sheet(title)
    keys = [c.key for c in columns]
    letters = {c.key: get_column_letter(i) for i, c in enumerate(columns, 1)}
    header_row = len(preamble) + 1
    shown = rows_that_fit(frame.height, header_row, config)
    left_out = frame.height - shown
    last_row = header_row + max(shown, 1)  # an Excel table needs one data row, even empty

    for column in columns:
        ws.column_dimensions[letters[column.key]].width = column.width
    freeze_col = keys.index(freeze_after) + 2 if freeze_after in keys else 1
    ws.freeze_panes = f"{get_column_letter(freeze_col)}{header_row + 1}"
    styles.apply_print_setup(ws, config, title_rows=f"{header_row}:{header_row}")
    note_row = last_row + 2 if left_out else last_row
    if print_through in letters:
        ws.print_area = f"A1:{letters[print_through]}{note_row}"

    for row in preamble:
        ws.append([header_cell(ws, looks, value, style) for value, style in row])
    header_lines = max((text_lines(c.header, c.width, config) for c in columns), default=1)
    ws.row_dimensions[header_row].height = header_lines * config.style.line_height
    ws.append([header_cell(ws, looks, c.header, styles.HEADER) for c in columns])
    converters = [converter(ws, c, config, looks) for c in columns]
    rows = frame.select(keys).head(shown)
    heights = row_heights(rows, columns, config)
    for row_number, (values, height) in enumerate(
        zip(rows.iter_rows(), heights, strict=True), start=header_row + 1
    ):
        if height is not None:
            ws.row_dimensions[row_number].height = height
        ws.append([convert(v) for convert, v in zip(converters, values, strict=True)])
    if left_out:
        ws.append([])
        ws.append([header_cell(ws, looks, left_out_note(left_out, config), styles.NOTE)])

    if columns:
        ref = f"A{header_row}:{letters[keys[-1]]}{last_row}"
        table = Table(
            displayName=table_name,
            ref=ref,
            tableColumns=[TableColumn(id=i, name=c.header) for i, c in enumerate(columns, 1)],
            autoFilter=AutoFilter(ref=ref),
            tableStyleInfo=TableStyleInfo(name=config.style.table_style, showRowStripes=True),
        )
        with warnings.catch_warnings():  # openpyxl warns in write-only mode; columns are set
            warnings.simplefilter("ignore", UserWarning)
            ws.add_table(table)
    layout = TableLayout(
        header_row=header_row,
        first_row=header_row + 1,
        last_row=last_row,
        shown=shown,
        left_out=left_out,
        letters=letters,
    )
    return ws, layout
