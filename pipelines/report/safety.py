"""Make candidate data safe for a worksheet: no formulas, no illegal characters, no giant cells."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import polars as pl
from openpyxl.cell import Cell
from openpyxl.cell.cell import ERROR_CODES
from openpyxl.styles.cell_style import StyleArray

from pipelines.settings.report import ReportConfig

if TYPE_CHECKING:
    from openpyxl.worksheet._write_only import WriteOnlyWorksheet

# Characters XML 1.0 forbids (openpyxl refuses them at save time); \t \n \r stay.
CONTROL_CHARS = "[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]"
_CONTROL_RE = re.compile(CONTROL_CHARS)

# Leading characters Excel (or a re-typed cell) may read as the start of a formula.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_ERROR_CODES = frozenset(ERROR_CODES)


def clean_text_expr(expr: pl.Expr, config: ReportConfig) -> pl.Expr:
    """Strip illegal control characters, then cut text Excel cannot hold, with a visible marker."""
    limit = config.limits.max_cell_chars
    marker = config.text.truncation_marker
    cleaned = expr.str.replace_all(CONTROL_CHARS, "")
    return (
        pl.when(cleaned.str.len_chars() > limit)
        .then(pl.concat_str([cleaned.str.slice(0, limit - len(marker)), pl.lit(marker)]))
        .otherwise(cleaned)
    )


def clean_text(value: str, config: ReportConfig, limit: int | None = None) -> str:
    """Scalar twin of `clean_text_expr`, for headers and metadata."""
    cap = config.limits.max_cell_chars if limit is None else limit
    marker = config.text.truncation_marker
    cleaned = _CONTROL_RE.sub("", value)
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
    leading = "^[" + "".join(re.escape(c) for c in FORMULA_TRIGGERS) + "]"
    return expr.str.contains(leading) | expr.is_in(sorted(_ERROR_CODES))


def needs_guard(value: str) -> bool:
    """True when a string could be read as a formula or an error value."""
    return value.startswith(FORMULA_TRIGGERS) or value in _ERROR_CODES


def text_cell(ws: WriteOnlyWorksheet, value: str, look: StyleArray | None = None) -> Cell:
    """A cell that always holds `value` as text: never a formula, never an error value.

    Formula-like text keeps its characters and gets Excel's quote prefix (the hidden apostrophe),
    so re-typing the cell in Excel keeps it text too.
    """
    cell = Cell(ws, row=1, column=1, value=value, style_array=look)
    cell.data_type = "s"
    if needs_guard(value):
        cell.quotePrefix = True
    return cell
