"""Table rows as worksheet XML (`<row>` elements), built by polars expressions, not cell by cell.

Text is always an inline string (`t="inlineStr"`): never a formula or an error value, whatever it
starts with. Numbers, booleans and dates (as Excel serial days) go in `<v>`; nulls get no cell.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime

import polars as pl

EXCEL_EPOCH = datetime(1899, 12, 30)  # serial day 0 of Excel's 1900 date system
LEAP_BUG_LAST_SERIAL = 60  # serials up to 1900-02-28 are one day off (Excel's 1900 leap year)
MICROSECONDS_PER_DAY = 86_400_000_000
XML_ESCAPES = (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ("\r", "&#13;"))
# In attribute values quotes end the value and whitespace is normalised away: escape them too.
ATTRIBUTE_ESCAPES = (*XML_ESCAPES, ('"', "&quot;"), ("\t", "&#9;"), ("\n", "&#10;"))
LONGEST_ESCAPE = max(len(entity) for _, entity in ATTRIBUTE_ESCAPES)
# The longest cell and row markup around a value, and the longest number polars writes.
LONGEST_CELL = '<c r="XFD1048576" s="65535" t="inlineStr"><is><t xml:space="preserve"></t></is></c>'
LONGEST_ROW = '<row r="1048576" ht="409.5" customHeight="1"></row>'
LONGEST_NUMBER = len(str(-2.2250738585072014e-308))
PRESERVE = ' xml:space="preserve"'
ROW_NUMBER = "__row"


@dataclass(frozen=True)
class XmlColumn:
    """One column as written: frame column `key` in sheet column `letter`, with the cell-format
    index of each cell (an expression: it may depend on the value)."""

    key: str
    letter: str
    style: pl.Expr


def escape_text(expr: pl.Expr) -> pl.Expr:
    """Text as XML character data (`\\r` as a reference, or a parser would drop it)."""
    for char, entity in XML_ESCAPES:
        expr = expr.str.replace_all(char, entity, literal=True)
    return expr


def escape_attribute(expr: pl.Expr) -> pl.Expr:
    """Text as an XML attribute value (between double quotes)."""
    for char, entity in ATTRIBUTE_ESCAPES:
        expr = expr.str.replace_all(char, entity, literal=True)
    return expr


def size_bound(frame: pl.DataFrame) -> int:
    """The most bytes `rows_xml` can write for `frame`: every character escaped, every cell
    and row at its longest markup."""
    text = [pl.col(c).str.len_bytes().sum() for c, t in frame.schema.items() if t == pl.String]
    text_bytes = int(sum(frame.select(text).row(0))) if text and frame.height else 0
    cell = len(LONGEST_CELL) + LONGEST_NUMBER
    return text_bytes * LONGEST_ESCAPE + frame.height * (len(LONGEST_ROW) + frame.width * cell)


def serial_days(expr: pl.Expr) -> pl.Expr:
    """A date or datetime as Excel serial days (what openpyxl writes for a datetime)."""
    micros = (expr.cast(pl.Datetime("us")) - pl.lit(EXCEL_EPOCH)).dt.total_microseconds()
    days = micros / MICROSECONDS_PER_DAY
    whole = days.floor()
    return pl.when((whole > 0) & (whole <= LEAP_BUG_LAST_SERIAL)).then(days - 1).otherwise(days)


def cell_xml(value: pl.Expr, dtype: pl.DataType, ref: pl.Expr, style: pl.Expr) -> pl.Expr:
    """`<c r=.. s=..>` for one value; null (no cell) when the value is null or empty text."""
    head = [pl.lit('<c r="'), ref, pl.lit('" s="'), style.cast(pl.String)]
    if dtype == pl.String:
        text = pl.when(value != "").then(value)
        space = pl.when(text.str.contains(r"^\s|\s$")).then(pl.lit(PRESERVE)).otherwise(pl.lit(""))
        body = [pl.lit('" t="inlineStr"><is><t'), space, pl.lit(">"), escape_text(text)]
        return pl.concat_str([*head, *body, pl.lit("</t></is></c>")])
    if dtype == pl.Boolean:
        kind, number = '" t="b"><v>', value.cast(pl.UInt8).cast(pl.String)
    elif dtype == pl.Date or isinstance(dtype, pl.Datetime):
        kind, number = '" t="n"><v>', serial_days(value).cast(pl.String)
    else:
        kind, number = '" t="n"><v>', value.cast(pl.String)
    return pl.concat_str([*head, pl.lit(kind), number, pl.lit("</v></c>")])


def _row_number_name(schema: pl.Schema) -> str:
    """A working column name the frame does not use."""
    name = ROW_NUMBER
    while name in schema:
        name += "_"
    return name


def rows_xml_chunks(
    frame: pl.DataFrame,
    columns: list[XmlColumn],
    height: pl.Expr | None,
    first_row: int,
    chunk_rows: int,
) -> Iterator[str]:
    """Every row of `frame` as `<row>` XML numbered from `first_row`, `chunk_rows` rows at a
    time; `height` in points (null: Excel's default height). One expression serves all chunks."""
    name = _row_number_name(frame.schema)
    row = pl.col(name)
    cells = [
        cell_xml(pl.col(c.key), frame.schema[c.key], pl.lit(c.letter) + row, c.style)
        for c in columns
    ]
    parts = [pl.lit('<row r="'), row, pl.lit('"')]
    if height is not None:
        parts.append(
            pl.concat_str([pl.lit(' ht="'), height.cast(pl.String), pl.lit('" customHeight="1"')])
        )
    xml = pl.concat_str([*parts, pl.lit(">"), *cells, pl.lit("</row>")], ignore_nulls=True)
    for start in range(0, frame.height, chunk_rows):
        number = (pl.int_range(pl.len()) + first_row + start).cast(pl.String).alias(name)
        part = frame.slice(start, chunk_rows).with_columns(number)
        yield part.select(xml.str.join("")).item()


def rows_xml(
    frame: pl.DataFrame, columns: list[XmlColumn], height: pl.Expr | None, first_row: int
) -> str:
    """Every row of `frame` as `<row>` XML in one piece (see `rows_xml_chunks`)."""
    return "".join(rows_xml_chunks(frame, columns, height, first_row, max(frame.height, 1)))
