"""Cell text clean-up shared by every reader: control characters out, blanks to null."""

from __future__ import annotations

import re

import polars as pl

# Control characters stripped from every input cell: the ASCII ones a workbook cannot hold
# (openpyxl refuses them) plus DEL; tab and newlines stay. (The report strips its own set.)
INPUT_CONTROL_CHARS = r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]"
LINE_BREAKS = r"\r\n?"
# Every `LINE_BREAKS` match starts with this character.
CARRIAGE_RETURN = "\r"
ASCII = 128
# `INPUT_CONTROL_CHARS` one by one (all ASCII), for a literal search that is cheaper than the regex.
CONTROL_LIST = [chr(code) for code in range(ASCII) if re.fullmatch(INPUT_CONTROL_CHARS, chr(code))]


def clean_input_text(expr: pl.Expr, *, controls: bool = True, line_breaks: bool = True) -> pl.Expr:
    """Strip control characters and surrounding whitespace; `\\r\\n` -> `\\n`; empty -> null.

    `controls=False` / `line_breaks=False` skip a step that cannot change the text (the caller
    knows it holds no control character / no `\\r`).
    """
    text = expr.cast(pl.String)
    if controls:
        text = text.str.replace_all(INPUT_CONTROL_CHARS, "")
    if line_breaks:
        text = text.str.replace_all(LINE_BREAKS, "\n")
    text = text.str.strip_chars()
    return pl.when(text.str.len_bytes() > 0).then(text)


def value_columns(frame: pl.DataFrame) -> list[str]:
    """The positional cell columns of a raw grid (`c0`, `c1`, ...)."""
    return [name for name in frame.columns if name.startswith("c") and name[1:].isdigit()]


def _present(grid: pl.DataFrame, cells: list[str]) -> tuple[dict[str, bool], dict[str, bool]]:
    """Per cell column: whether it holds any control character, whether it holds any `\\r`."""
    text = pl.col(cells).cast(pl.String)
    controls = grid.select(text.str.contains_any(CONTROL_LIST).any()).row(0, named=True)
    breaks = grid.select(text.str.contains(CARRIAGE_RETURN, literal=True).any()).row(0, named=True)
    return controls, breaks


def clean_grid(grid: pl.DataFrame) -> pl.DataFrame:
    """Clean every cell column of a raw grid in place of the raw text.

    Cheap literal scans first find the columns holding control characters or `\\r`; only
    those pay for the regex replacements (the others would come out of them unchanged).
    """
    cells = value_columns(grid)
    if not cells:
        return grid
    controls, breaks = _present(grid, cells)
    return grid.with_columns(
        clean_input_text(pl.col(name), controls=controls[name], line_breaks=breaks[name]).alias(
            name
        )
        for name in cells
    )
