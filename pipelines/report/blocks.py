"""Row-by-row writing of free-form sheets: titles, sections, label/value pairs, small tables."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from openpyxl.utils import get_column_letter

from pipelines.report import styles
from pipelines.report.table_sheet import named_cell, text_lines
from pipelines.settings.report import ReportConfig

if TYPE_CHECKING:
    from openpyxl.worksheet._write_only import WriteOnlyWorksheet

Cell = tuple[Any, str | None]


class SheetRows:
    """Appends rows to a write-only sheet, sizing wrapped rows and counting row numbers."""

    def __init__(
        self,
        ws: WriteOnlyWorksheet,
        config: ReportConfig,
        looks: styles.Looks,
        widths: list[float],
        row: int = 0,
    ) -> None:
        """Start after `row`; on a new sheet (row 0) set widths and print setup first."""
        self.ws = ws
        self.config = config
        self.looks = looks
        self.widths = widths
        self.row = row
        if row == 0:
            for i, width in enumerate(widths, 1):
                ws.column_dimensions[get_column_letter(i)].width = width
            styles.apply_print_setup(ws, config, title_rows="1:1")

    def append(self, cells: list[Any], lines: int = 1) -> int:
        """Append one row of cells made by the safe writer; returns its row number."""
        self.row += 1
        if lines > 1:
            self.ws.row_dimensions[self.row].height = lines * self.config.style.line_height
        self.ws.append(cells)
        return self.row

    def add(self, *cells: Cell) -> int:
        """Append one row of (value, style) cells through the safe writer; wrapped text sizes it."""
        written, lines = [], 1
        for i, (value, style) in enumerate(cells):
            made = named_cell(self.ws, value, style, self.config, self.looks)
            wraps = style in (styles.WRAP, styles.HEADER) and i < len(self.widths)
            if wraps and made.data_type == "s":
                lines = max(lines, text_lines(made.value, self.widths[i], self.config))
            written.append(made)
        return self.append(written, lines)

    def section(self, title: str) -> int:
        """A blank row, then a section title across the sheet's columns."""
        self.add()
        fill = [(None, styles.SECTION)] * (len(self.widths) - 1)
        return self.add((title, styles.SECTION), *fill)

    def pairs(self, pairs: list[tuple[str, Any]], wrap: bool = True) -> None:
        """Label / value rows; text values wrap within their column when `wrap`."""
        text_style = styles.WRAP if wrap else styles.TEXT
        for label, value in pairs:
            style = text_style if isinstance(value, str) else styles.VALUE
            self.add((label, styles.LABEL), (value, style))

    def table(self, header: list[str], rows: list[list[Cell]]) -> tuple[int, int]:
        """A header row and data rows; returns the header and last row numbers."""
        first = self.add(*((h, styles.HEADER) for h in header))
        for row in rows:
            self.add(*row)
        return first, self.row
