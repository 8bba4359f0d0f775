"""Make candidate data safe for a worksheet: no formulas, no illegal characters, no giant cells.

The rule set (illegal characters, formula triggers, error values) is defined once here and
applied by both paths: `clean_text_expr` / `needs_guard_expr` for tables written as row XML, and
`safe_cell`, the only way a sheet puts a single value in a cell.
"""

from __future__ import annotations

import math
import re
from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import polars as pl
from openpyxl.cell import Cell
from openpyxl.cell.cell import ERROR_CODES as EXCEL_ERROR_CODES
from openpyxl.cell.cell import TIME_TYPES
from openpyxl.styles.cell_style import StyleArray

from pipelines.settings.report import ReportConfig

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

# Characters XML 1.0 forbids (openpyxl refuses them at save time); \t \n \r stay.
XML_ILLEGAL_CHARS = "[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]"
_ILLEGAL_RE = re.compile(XML_ILLEGAL_CHARS)

# Leading characters Excel (or a re-typed cell) may read as the start of a formula.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
# The same as a regex, for both the scalar and the expression guard.
FORMULA_START = "^[" + "".join(re.escape(c) for c in FORMULA_TRIGGERS) + "]"
_FORMULA_START_RE = re.compile(FORMULA_START)
# Text Excel would store as an error value rather than as text.
ERROR_CODES = frozenset(EXCEL_ERROR_CODES)


def clean_text_expr(expr: pl.Expr, config: ReportConfig) -> pl.Expr:
    """Strip illegal control characters, then cut text Excel cannot hold, with a visible marker."""
    limit = config.limits.max_cell_chars
    marker = config.text.truncation_marker
    cleaned = expr.str.replace_all(XML_ILLEGAL_CHARS, "")
    return (
        pl.when(cleaned.str.len_chars() > limit)
        .then(pl.concat_str([cleaned.str.slice(0, limit - len(marker)), pl.lit(marker)]))
        .otherwise(cleaned)
    )


def clean_text(value: str, config: ReportConfig, limit: int | None = None) -> str:
    """Scalar twin of `clean_text_expr`, for headers and metadata."""
    cap = config.limits.max_cell_chars if limit is None else limit
    marker = config.text.truncation_marker
    cleaned = _ILLEGAL_RE.sub("", value)
    if len(cleaned) > cap:
        return cleaned[: max(cap - len(marker), 0)] + marker
    return cleaned


def _as_text(col: pl.Expr, dtype: pl.DataType, config: ReportConfig) -> pl.Expr:
    """Text form of a value Excel has no type for: lists joined, structs as JSON."""
    if isinstance(dtype, pl.Array):
        col, dtype = col.arr.to_list(), pl.List(dtype.inner)
    if isinstance(dtype, pl.List):
        return col.cast(pl.List(pl.String), strict=False).list.join(config.text.list_separator)
    if isinstance(dtype, pl.Struct):
        return col.struct.json_encode()
    return col.cast(pl.String, strict=False)


def clean_frame(frame: pl.DataFrame, config: ReportConfig) -> pl.DataFrame:
    """Make every column writable: clean text, drop time zones, non-finite floats to null."""
    exprs: list[pl.Expr] = []
    for name, dtype in frame.schema.items():
        col = pl.col(name)
        if dtype == pl.String:
            exprs.append(clean_text_expr(col, config))
        elif isinstance(dtype, pl.Datetime) and dtype.time_zone is not None:
            exprs.append(col.dt.replace_time_zone(None))
        elif dtype.is_float():
            exprs.append(pl.when(col.is_finite()).then(col))
        elif dtype.is_numeric() or dtype in (pl.Boolean, pl.Date, pl.Datetime, pl.Null):
            exprs.append(col)
        else:  # lists, structs, durations, ...: shown as their text
            exprs.append(clean_text_expr(_as_text(col, dtype, config), config))
    return frame.with_columns(exprs) if exprs else frame


def needs_guard_expr(expr: pl.Expr) -> pl.Expr:
    """Expression twin of `needs_guard`: true for text that could be read as a formula or error."""
    return expr.str.contains(FORMULA_START) | expr.is_in(sorted(ERROR_CODES))


def needs_guard(value: str) -> bool:
    """True when a string could be read as a formula or an error value."""
    return _FORMULA_START_RE.match(value) is not None or value in ERROR_CODES


def cell_value(value: Any) -> Any:
    """A value Excel has a type for: numbers, booleans, dates, times, text; null for the rest of
    the numbers Excel cannot hold (NaN, infinity) and local time for a zoned datetime."""
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, Decimal):
        return value if value.is_finite() else None
    if isinstance(value, datetime) and value.tzinfo is not None:
        return value.replace(tzinfo=None)
    if isinstance(value, TIME_TYPES):
        return value
    return str(value)


def safe_cell(
    ws: Worksheet,
    value: Any,
    config: ReportConfig,
    look: StyleArray | None = None,
    limit: int | None = None,
) -> Cell:
    """The one way a sheet puts a value in a cell (normal or write-only sheet alike).

    Text is always a string cell: illegal characters stripped, cut to `limit` (default: the cell
    limit) with the marker, and formula-like or error-like text given Excel's quote prefix (the
    hidden apostrophe), so re-typing the cell in Excel keeps it text too. Numbers, booleans and
    dates keep their type. Anything else is written as its text.
    """
    value = cell_value(value)
    if isinstance(value, str):
        value = clean_text(value, config, limit)
    cell = Cell(ws, row=1, column=1, value=value, style_array=look)
    if isinstance(value, str):
        cell.data_type = "s"  # openpyxl would make `=...` a formula and `#N/A` an error value
        if needs_guard(value):
            cell.quotePrefix = True
    return cell
