"""Name completion: full name from first + last, first + last from a full name."""

from __future__ import annotations

import polars as pl

# "Smith, Jane": one word before the comma means the name is written last name first.
_LAST_FIRST = r"^([^\s,]+)\s*,\s*(.+)$"
# "Jane Smith, CPC": otherwise whatever follows a comma is a suffix (credentials, Jr., ...).
_BEFORE_COMMA = r"^([^,]+)"
_FIRST_WORD = r"^(\S+)"
_REST = r"^\S+\s+(.+)$"


def _strip_null(expr: pl.Expr) -> pl.Expr:
    """Stripped text, null when empty."""
    text = expr.str.strip_chars()
    return pl.when(text.str.len_chars() > 0).then(text)


def fill_names(frame: pl.DataFrame) -> pl.DataFrame:
    """Fill `full_name` from first + last, and first + last (when both blank) from `full_name`."""
    first, last, full = pl.col("first_name"), pl.col("last_name"), pl.col("full_name")
    joined = _strip_null(pl.concat_str([first, last], separator=" ", ignore_nulls=True))
    last_first = full.str.contains(_LAST_FIRST)
    plain = full.str.extract(_BEFORE_COMMA).str.strip_chars()
    split_first = (
        pl.when(last_first)
        .then(full.str.extract(_LAST_FIRST, 2))
        .otherwise(plain.str.extract(_FIRST_WORD))
    )
    split_last = (
        pl.when(last_first)
        .then(full.str.extract(_LAST_FIRST, 1))
        .otherwise(plain.str.extract(_REST))
    )
    both_blank = first.is_null() & last.is_null()
    return frame.with_columns(
        full_name=pl.coalesce(full, joined),
        first_name=pl.when(both_blank).then(_strip_null(split_first)).otherwise(first),
        last_name=pl.when(both_blank).then(_strip_null(split_last)).otherwise(last),
    )
