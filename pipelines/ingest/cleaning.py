"""Cell text clean-up shared by every reader: control characters out, blanks to null.

A column is rewritten only by the steps that can change it: cheap scans first tell which
columns hold control characters, `\\r`, or whitespace at either end of a value.
"""

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


def clean_input_text(
    expr: pl.Expr, *, controls: bool = True, line_breaks: bool = True, strip: bool = True
) -> pl.Expr:
    """Strip control characters and surrounding whitespace; `\\r\\n` -> `\\n`; empty -> null.

    `controls=False` / `line_breaks=False` / `strip=False` skip a step that cannot change the
    text (the caller knows it holds no control character / no `\\r` / no value starting or
    ending in whitespace).
    """
    text = expr.cast(pl.String)
    if controls:
        text = text.str.replace_all(INPUT_CONTROL_CHARS, "")
    if line_breaks:
        text = text.str.replace_all(LINE_BREAKS, "\n")
    if strip or controls or line_breaks:
        text = text.str.strip_chars()
    return pl.when(text.str.len_bytes() > 0).then(text)


def value_columns(frame: pl.DataFrame) -> list[str]:
    """The positional cell columns of a raw grid (`c0`, `c1`, ...)."""
    return [name for name in frame.columns if name.startswith("c") and name[1:].isdigit()]


def _edge_whitespace(text: pl.Expr) -> pl.Expr:
    """Whether `str.strip_chars()` changes a value (it starts or ends in whitespace); the
    stripped text is only measured, and let go at once."""
    return text.str.strip_chars().str.len_bytes() != text.str.len_bytes()


def clean_grid(
    grid: pl.DataFrame, *, controls: bool = True, line_breaks: bool = True
) -> pl.DataFrame:
    """Clean every cell column of a raw grid in place of the raw text.

    Cheap scans (in one pass over the columns) first find the columns holding control
    characters, `\\r`, whitespace at either end of a value, or blanks; only those pay for
    the rewrites they need (the others would come out of them unchanged), and a String column
    with none of them is left as it is.
    `controls=False` / `line_breaks=False`: the caller knows no cell holds one, none is searched.
    """
    cells = value_columns(grid)
    if not cells:
        return grid
    scans = {"edges": _edge_whitespace, "blanks": lambda text: text.str.len_bytes() == 0}
    if controls:
        scans["controls"] = lambda text: text.str.contains_any(CONTROL_LIST)
    if line_breaks:
        scans["breaks"] = lambda text: text.str.contains(CARRIAGE_RETURN, literal=True)
    found = grid.select(
        scan(pl.col(name).cast(pl.String)).any().alias(f"{kind}:{name}")
        for name in cells
        for kind, scan in scans.items()
    ).row(0, named=True)
    untouched = {
        name
        for name in cells
        if grid.schema[name] == pl.String and not any(found[f"{kind}:{name}"] for kind in scans)
    }
    return grid.with_columns(
        clean_input_text(
            pl.col(name),
            controls=bool(found.get(f"controls:{name}")),
            line_breaks=bool(found.get(f"breaks:{name}")),
            strip=bool(found[f"edges:{name}"]),
        ).alias(name)
        for name in cells
        if name not in untouched
    )
