"""Write a polars frame as a formatted Excel table on a write-only sheet."""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import polars as pl
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.filters import AutoFilter
from openpyxl.worksheet.table import Table, TableColumn, TableStyleInfo

from pipelines.report import styles
from pipelines.report.columns import Column
from pipelines.report.package import PackageWorkbook, SheetBody
from pipelines.report.row_xml import XmlColumn, rows_xml, rows_xml_chunks, size_bound
from pipelines.report.safety import needs_guard, needs_guard_expr, safe_cell
from pipelines.report.sheet_names import new_sheet
from pipelines.settings.report import ReportConfig

if TYPE_CHECKING:
    from openpyxl.cell import Cell
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


# A cell look: a named style (None: the default) and whether Excel's quote prefix is set.
StyleKey = tuple[str | None, bool]
StyleLookup = Callable[[str | None, bool], pl.Expr]


def cell_style(
    column: Column, dtype: pl.DataType, config: ReportConfig, style_lit: StyleLookup
) -> pl.Expr:
    """The cell-format index of each cell of `column`: its kind's look, the link look for
    addresses, and the quote prefix on text that could be read as a formula."""
    style = styles.KIND_STYLES[column.kind]
    if column.kind == "integer" and column.integer_values:
        style = None  # whole numbers look the same in the default format
    if style is None and (dtype == pl.Date or isinstance(dtype, pl.Datetime)):
        style = styles.DATE if dtype == pl.Date else styles.DATETIME  # a serial needs a format
    if dtype != pl.String:
        return style_lit(style, False)
    value = pl.col(column.key)

    def look(quote: bool) -> pl.Expr:
        if column.kind != "email":
            return style_lit(style, quote)
        link = mailto(value, config).is_not_null()
        text = style_lit(styles.TEXT, quote)
        return pl.when(link).then(style_lit(styles.LINK, quote)).otherwise(text)

    return pl.when(needs_guard_expr(value)).then(look(True)).otherwise(look(False))


def style_keys(looks: styles.Looks) -> list[StyleKey]:
    """Every look a table cell can have: each named style and the default, with and without
    the quote prefix."""
    return [(name, quote) for name in (None, *looks) for quote in (False, True)]


def template_cells(ws: WriteOnlyWorksheet, looks: styles.Looks, config: ReportConfig) -> list[Cell]:
    """One empty cell per look (column A on, in `style_keys` order): openpyxl registers each
    look and writes its cell-format index, which the package splice reads back."""
    cells = []
    for name, quote in style_keys(looks):
        cell = safe_cell(ws, None, config, looks[name] if name is not None else None)
        cell.quotePrefix = quote
        cells.append(cell)
    return cells


def style_lookup(looks: styles.Looks, ids: Mapping[str, int]) -> StyleLookup:
    """Literal cell-format index of a look, from the template row's ids by column letter."""
    by_key = {key: ids.get(get_column_letter(i), 0) for i, key in enumerate(style_keys(looks), 1)}
    return lambda name, quote: pl.lit(by_key[(name, quote)])


def table_links(
    frame: pl.DataFrame,
    columns: list[Column],
    letters: dict[str, str],
    config: ReportConfig,
    first_row: int,
) -> pl.DataFrame:
    """`ref`, `target` of the mailto link of every valid address in the email columns."""
    row = (pl.int_range(pl.len()) + first_row).cast(pl.String)
    parts = [
        frame.select(
            ref=pl.lit(letters[c.key]) + row, target=mailto(pl.col(c.key), config)
        ).drop_nulls("target")
        for c in columns
        if c.kind == "email" and frame.schema[c.key] == pl.String
    ]
    empty = pl.DataFrame(schema={"ref": pl.String, "target": pl.String})
    return pl.concat(parts) if parts else empty


def table_rows(
    frame: pl.DataFrame,
    columns: list[Column],
    letters: dict[str, str],
    config: ReportConfig,
    looks: styles.Looks,
    first_row: int,
    note: tuple[int, str] | None,
) -> Callable[[Mapping[str, int]], Iterator[str]]:
    """The table's data rows (and the 'left out' note) as XML, a chunk at a time, once the
    template row's style ids are known."""

    def rows(ids: Mapping[str, int]) -> Iterator[str]:
        style_lit = style_lookup(looks, ids)
        xml_columns = [
            XmlColumn(c.key, letters[c.key], cell_style(c, frame.schema[c.key], config, style_lit))
            for c in columns
        ]
        height = row_height(frame.schema, columns, config)
        chunk = config.limits.write_chunk_rows
        yield from rows_xml_chunks(frame, xml_columns, height, first_row, chunk)
        if note is not None:
            row, text = note
            look = style_lit(styles.NOTE, needs_guard(text))
            note_frame = pl.DataFrame({"note": [text]})
            yield rows_xml(note_frame, [XmlColumn("note", "A", look)], None, row)

    return rows


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
    wb: PackageWorkbook,
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
    rows_below: bool = False,
) -> tuple[WriteOnlyWorksheet, TableLayout]:
    """Write `frame[columns]` as an Excel table (banded, filter buttons) with a frozen header.

    `frame` holds values ready to write (`safety.clean_frame`). openpyxl writes the header; the
    data rows are built as XML by polars (text as inline strings with the quote prefix where
    `safety.needs_guard_expr` says so) and written into the sheet's part when `wb` is saved;
    every other cell (preamble, header, note) is made by `safety.safe_cell`. `rows_below`: the
    caller appends rows under the table, so its row numbers are taken up with empty rows now
    (cheap for small tables only).

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
    for row in preamble:
        ws.append([named_cell(ws, value, style, config, looks) for value, style in row])
    ws.append([named_cell(ws, c.header, styles.HEADER, config, looks) for c in columns])
    first_row = header_row + 1
    ws.append(template_cells(ws, looks, config))
    reserved_to = max(note_row, last_row) if rows_below else first_row
    for _ in range(first_row, reserved_to):
        ws.append([])
    data = frame.select(keys).head(shown)
    note = (note_row, left_out_note(left_out, config)) if left_out else None
    end_row = note_row if left_out else header_row + shown
    wb.add_body(
        SheetBody(
            sheet=ws.title,
            first_row=first_row,
            reserved_to=reserved_to,
            last_row=end_row,
            dimension=f"A1:{get_column_letter(max(len(columns), 1))}{max(end_row, header_row)}",
            rows=table_rows(data, columns, letters, config, looks, first_row, note),
            links=table_links(data, columns, letters, config, first_row),
            chunk_rows=config.limits.write_chunk_rows,
            size_bound=size_bound(data),
        )
    )

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
