"""Cell text clean-up shared by every reader: control characters out, blanks to null."""

from __future__ import annotations

import polars as pl

# Characters a workbook cannot hold (openpyxl refuses them) plus DEL; tab and newlines stay.
CONTROL_CHARS = r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]"
LINE_BREAKS = r"\r\n?"


def clean_text(expr: pl.Expr) -> pl.Expr:
    """Strip control characters and surrounding whitespace; `\\r\\n` -> `\\n`; empty -> null."""
    text = (
        expr.cast(pl.String)
        .str.replace_all(CONTROL_CHARS, "")
        .str.replace_all(LINE_BREAKS, "\n")
        .str.strip_chars()
    )
    return pl.when(text.str.len_chars() > 0).then(text)


def value_columns(frame: pl.DataFrame) -> list[str]:
    """The positional cell columns of a raw grid (`c0`, `c1`, ...)."""
    return [name for name in frame.columns if name.startswith("c") and name[1:].isdigit()]


def clean_grid(grid: pl.DataFrame) -> pl.DataFrame:
    """Clean every cell column of a raw grid in place of the raw text."""
    return grid.with_columns(clean_text(pl.col(name)).alias(name) for name in value_columns(grid))
