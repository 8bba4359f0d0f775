"""Excel writers (openpyxl): a Greenhouse-style export and a fast plain benchmark export."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable, Sequence
from datetime import datetime
from pathlib import Path

import polars as pl
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.writer.excel import ExcelWriter

from pipelines.synthetic.layouts import plain

FIXED_TIME = datetime(2026, 11, 20)
ZIP_TIME = (2026, 11, 20, 0, 0, 0)
CREATOR = "coder-screen synthetic data"
DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
FORMULA_START = "="
# Characters openpyxl refuses in cells (C0 controls other than tab, newline, carriage return).
CONTROL_CODES = tuple(code for code in range(0x20) if code not in (0x09, 0x0A, 0x0D))


def excel_text(value: str) -> str:
    """Control characters as Excel stores them in the file (`\\x0b` -> `_x000B_`)."""
    return ILLEGAL_CHARACTERS_RE.sub(lambda match: f"_x{ord(match.group()):04X}_", value)


def _fix_properties(workbook: Workbook) -> None:
    """Pin document properties so the same content gives the same file."""
    workbook.properties.creator = CREATOR
    workbook.properties.lastModifiedBy = CREATOR
    workbook.properties.created = FIXED_TIME
    workbook.properties.modified = FIXED_TIME


def save_reproducible(workbook: Workbook, path: Path) -> Path:
    """Save with fixed properties and zip timestamps: identical content, identical bytes."""
    _fix_properties(workbook)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(workbook, archive).save()
    buffer.seek(0)
    with (
        zipfile.ZipFile(buffer) as source,
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(entry, source.read(info.filename))
    return path


def _put(sheet, row: int, column: int, value: object) -> None:
    """Write one cell: text stays text (even `=...`), dates get a date format."""
    cell = sheet.cell(row=row, column=column)
    if value is None or value == "":
        return
    if isinstance(value, str):
        cell.value = excel_text(value)
        if value.startswith(FORMULA_START):
            cell.data_type = "s"
        return
    cell.value = value
    if isinstance(value, datetime):
        cell.number_format = DATETIME_FORMAT if value.hour or value.minute else DATE_FORMAT


def write_greenhouse_xlsx(
    path: Path,
    header: Sequence[str],
    rows: Iterable[Sequence[object]],
    banners: Sequence[str],
    footer: str,
    sheet_title: str,
) -> Path:
    """Banner rows, bold header, data rows (None = empty cell), then a footer row."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = sheet_title
    for number, banner in enumerate(banners, start=1):
        sheet.cell(row=number, column=1, value=banner).font = Font(bold=True)
    header_row = len(banners) + 1
    for column, name in enumerate(header, start=1):
        sheet.cell(row=header_row, column=column, value=name).font = Font(bold=True)
    row_number = header_row
    for row_number, values in enumerate(rows, start=header_row + 1):
        for column, value in enumerate(values, start=1):
            _put(sheet, row_number, column, value)
    sheet.cell(row=row_number + 1, column=1, value=footer)
    return save_reproducible(workbook, Path(path))


def _escape_frame(frame: pl.DataFrame) -> pl.DataFrame:
    """`excel_text` on every String column, vectorised (only rows holding a control character)."""
    pattern = "[" + "".join(f"\\x{code:02X}" for code in CONTROL_CODES) + "]"

    def escaped(name: str) -> pl.Expr:
        column = pl.col(name)
        for code in CONTROL_CODES:
            column = column.str.replace_all(chr(code), f"_x{code:04X}_", literal=True)
        return pl.when(pl.col(name).str.contains(pattern)).then(column).otherwise(pl.col(name))

    return frame.with_columns(
        escaped(name).alias(name) for name, dtype in frame.schema.items() if dtype == pl.String
    )


def write_xlsx(candidates: pl.DataFrame, path: Path, sheet_title: str = "Candidates") -> Path:
    """Plain benchmark export (write-only openpyxl): one header row, every value as text."""
    frame = _escape_frame(plain(candidates))
    workbook = Workbook(write_only=True)
    _fix_properties(workbook)
    sheet = workbook.create_sheet(sheet_title)
    sheet.append(frame.columns)
    for values in frame.iter_rows():
        if any(value is not None and value.startswith(FORMULA_START) for value in values):
            values = [_text_cell(sheet, value) for value in values]
        sheet.append(values)
    workbook.save(path)
    return Path(path)


def _text_cell(sheet, value: str | None) -> object:
    """A write-only cell value; text that looks like a formula is kept as text."""
    if value is None or not value.startswith(FORMULA_START):
        return value
    cell = WriteOnlyCell(sheet, value=value)
    cell.data_type = "s"
    return cell
