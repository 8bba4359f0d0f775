"""Write a polars frame as a formatted Excel table on a write-only sheet."""

from __future__ import annotations

import math
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import polars as pl
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.filters import AutoFilter
from openpyxl.worksheet.table import Table, TableColumn, TableStyleInfo

from pipelines.report import row_stream, styles
from pipelines.report.columns import Column
from pipelines.report.row_xml import XmlColumn, rows_xml
from pipelines.report.safety import needs_guard_expr, safe_cell
from pipelines.report.sheet_names import new_sheet
from pipelines.settings.report import ReportConfig

if TYPE_CHECKING:
    from openpyxl import Workbook
    from openpyxl.worksheet._write_only import WriteOnlyWorksheet

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


def row_height(schema: pl.Schema, columns: list[Column], config: ReportConfig) -> pl.Expr | None:
    """Height in points of a row whose wrapped text needs more than one line, else null."""
    style = config.style
    exprs = []
    for column in columns:
        if column.kind != "wrap" or column.key not in schema:
            continue
        text = pl.col(column.key).cast(pl.String)
        per_line = max(int(column.width * style.chars_per_width), 1)
        lines = (text.str.len_chars() / per_line).ceil() + text.str.count_matches("\n")
        exprs.append(lines.fill_null(1))
    if not exprs:
        return None
    lines = pl.max_horizontal(exprs).clip(1, style.max_lines)
    return pl.when(lines > 1).then(lines * style.line_height)


def mailto(value: pl.Expr, config: ReportConfig) -> pl.Expr:
    """The `mailto:` link of an address that looks like one and fits Excel's link limit."""
    target = pl.lit(config.text.mailto_prefix) + value
    fits = target.str.len_chars() <= config.limits.max_link_chars
    return pl.when(value.str.contains(config.text.email_pattern) & fits).then(target)


def cell_style(
    ws: WriteOnlyWorksheet,
    column: Column,
    dtype: pl.DataType,
    config: ReportConfig,
    looks: styles.Looks,
) -> pl.Expr:
    """The cell-format index of each cell of `column`: its kind's look, the link look for
    addresses, and the quote prefix on text that could be read as a formula."""
    style = styles.KIND_STYLES[column.kind]
    if column.kind == "integer" and column.integer_values:
        style = None  # whole numbers look the same in the default format
    if style is None and (dtype == pl.Date or isinstance(dtype, pl.Datetime)):
        style = styles.DATE if dtype == pl.Date else styles.DATETIME  # a serial needs a format
    if dtype != pl.String:
        return style_lit(ws, looks, style, quote=False)
    value = pl.col(column.key)

    def look(quote: bool) -> pl.Expr:
        if column.kind != "email":
            return style_lit(ws, looks, style, quote)
        link = mailto(value, config).is_not_null()
        text = style_lit(ws, looks, styles.TEXT, quote)
        return pl.when(link).then(style_lit(ws, looks, styles.LINK, quote)).otherwise(text)

    return pl.when(needs_guard_expr(value)).then(look(True)).otherwise(look(False))


def style_lit(
    ws: WriteOnlyWorksheet, looks: styles.Looks, style: str | None, quote: bool
) -> pl.Expr:
    """The cell-format index of a named style (None: the default), as a literal."""
    return pl.lit(row_stream.style_id(ws, looks.get(style) if style else None, quote_prefix=quote))


def write_rows(
    stream: row_stream.RowStream,
    frame: pl.DataFrame,
    columns: list[Column],
    letters: dict[str, str],
    config: ReportConfig,
    looks: styles.Looks,
) -> None:
    """The table's data rows, a chunk at a time, as XML; mailto links on valid addresses."""
    ws = stream.ws
    xml_columns = [
        XmlColumn(c.key, letters[c.key], cell_style(ws, c, frame.schema[c.key], config, looks))
        for c in columns
    ]
    height = row_height(frame.schema, columns, config)
    emails = [c.key for c in columns if c.kind == "email" and frame.schema[c.key] == pl.String]
    chunk = config.limits.write_chunk_rows
    for start in range(0, frame.height, chunk):
        part = frame.slice(start, chunk)
        first = stream.next_row
        for key in emails:
            row = pl.int_range(pl.len()) + first
            links = part.select(
                ref=pl.lit(letters[key]) + row.cast(pl.String),
                target=mailto(pl.col(key), config),
            ).drop_nulls("target")
            row_stream.add_links(ws, links.iter_rows())
        stream.write_xml(rows_xml(part, xml_columns, height, first))


def named_cell(
    ws: WriteOnlyWorksheet,
    value: Any,
    style: str | None,
    config: ReportConfig,
    looks: styles.Looks,
) -> Any:
    """A preamble, header or free-form cell in a named style (None: the default), written by
    the safe writer."""
    return safe_cell(ws, value, config, looks[style] if style is not None else None)


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

    `frame` holds values ready to write (`safety.clean_frame`): its rows go out as XML, text as
    inline strings with the quote prefix where `safety.needs_guard_expr` says so; every other
    cell (preamble, header, note) is made by `safety.safe_cell`.

    Rows beyond the sheet's row cap are left out, with a note under the table saying how many.
    Conditional formats, validations and charts may be added to the returned sheet until save.
    """
    ws = new_sheet(wb, title)
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

    header_lines = max((text_lines(c.header, c.width, config) for c in columns), default=1)
    ws.row_dimensions[header_row].height = header_lines * config.style.line_height
    stream = row_stream.RowStream(ws)
    for row in preamble:
        stream.append([named_cell(ws, value, style, config, looks) for value, style in row])
    stream.append([named_cell(ws, c.header, styles.HEADER, config, looks) for c in columns])
    write_rows(stream, frame.select(keys).head(shown), columns, letters, config, looks)
    if left_out:
        stream.append([])
        stream.append([named_cell(ws, left_out_note(left_out, config), styles.NOTE, config, looks)])

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
