"""Feed a write-only sheet ready-made `<row>` XML, besides rows of values, through openpyxl.

openpyxl turns every appended value into a cell object and writes it on its own (~10 us a
cell); a table of 100k rows x 30 cells spends most of the workbook's time there. `RowStream`
takes over the sheet's row stream (the part of openpyxl's `WriteOnlyWorksheet` that writes
`<sheetData>`) so a whole chunk of rows, built as XML by polars, is parsed once and written
in one go, while `ws.append` keeps working for single rows (titles, headers, notes). openpyxl
still writes everything else: sheet top and tail, styles, tables, links, the zip package.

This uses openpyxl internals (3.1: `WriteOnlyWorksheet._rows/_writer/_values_to_row`,
`WorksheetWriter.xf/write_row`, `Workbook._cell_styles`, `Worksheet._hyperlinks`); the
workbook tests read every such row back.
"""

from __future__ import annotations

from collections.abc import Generator, Iterable
from typing import TYPE_CHECKING, Any

from openpyxl.styles.cell_style import StyleArray
from openpyxl.worksheet.hyperlink import Hyperlink
from openpyxl.xml.functions import fromstring

if TYPE_CHECKING:
    from openpyxl.worksheet._write_only import WriteOnlyWorksheet

SHEET_DATA = "sheetData"


class _ParsedRows:
    """`<row>` elements to write as they are (told apart from rows of values)."""

    def __init__(self, rows: Any) -> None:
        self.rows = rows


class RowStream:
    """The row stream of one write-only sheet: rows of values or chunks of `<row>` XML."""

    def __init__(self, ws: WriteOnlyWorksheet) -> None:
        """Take over `ws`'s rows; sheet-level settings (widths, panes, print) must be set."""
        if ws._rows is not None:
            raise ValueError(f"sheet {ws.title!r} already has rows")
        ws._get_writer()  # writes the sheet's top part (properties, views, columns)
        self.ws = ws
        self.next_row = 1
        ws._rows = self._rows()
        next(ws._rows)

    def append(self, values: list[Any]) -> int:
        """One row of values or cells (openpyxl's own path); returns its row number."""
        row = self.next_row
        self.ws.append(values)
        return row

    def write_xml(self, xml: str) -> int:
        """Rows given as `<row>` elements (numbered from `next_row` on); returns how many."""
        rows = fromstring(f"<{SHEET_DATA}>{xml}</{SHEET_DATA}>".encode())
        self.ws._rows.send(_ParsedRows(rows))
        return len(rows)

    def _rows(self) -> Generator[None, Any, None]:
        """openpyxl's `_write_rows`, also taking a parsed `<sheetData>` of ready rows."""
        ws = self.ws
        xf = ws._writer.xf.send(True)
        with xf.element(SHEET_DATA):
            try:
                while True:
                    item = yield
                    if isinstance(item, _ParsedRows):
                        for row in item.rows:
                            xf.write(row)
                        self.next_row += len(item.rows)
                    else:
                        cells = ws._values_to_row(item, self.next_row)
                        ws._writer.write_row(xf, cells, self.next_row)
                        self.next_row += 1
            except GeneratorExit:
                pass
        ws._writer.xf.send(None)


def style_id(ws: WriteOnlyWorksheet, look: StyleArray | None, quote_prefix: bool = False) -> int:
    """The workbook's cell-format index for `look` (None: the default), optionally with Excel's
    quote prefix (typed-as-text mark) set."""
    style = StyleArray(look) if look is not None else StyleArray()
    style.quotePrefix = int(quote_prefix)
    return ws.parent._cell_styles.add(style)


def add_links(ws: WriteOnlyWorksheet, links: Iterable[tuple[str, str]]) -> None:
    """External hyperlinks (cell reference, target) on cells written as XML."""
    ws._hyperlinks.extend(Hyperlink(ref=ref, target=target) for ref, target in links)
