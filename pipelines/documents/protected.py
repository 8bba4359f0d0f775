"""Protected content (date of birth, age, gender, marital status, nationality) cut from text."""

from __future__ import annotations

import polars as pl

from pipelines.settings.documents import ProtectedContent

LINE_BREAK = "\n"


def protected_pattern(protected: ProtectedContent) -> str:
    """One regex matching a line that states any protected attribute."""
    return "|".join(f"(?:{pattern})" for pattern in protected.line_patterns)


def strip_protected(frame: pl.DataFrame, protected: ProtectedContent) -> pl.DataFrame:
    """`text` without its protected lines, and `protected_lines_removed` (a count, never the text).

    Lines are matched one by one, so a pattern's `^`/`$` mean the line's start and end.
    """
    pattern = protected_pattern(protected)
    lines = pl.col("text").str.split(LINE_BREAK)
    kept = lines.list.eval(pl.element().filter(~pl.element().str.contains(pattern)))
    return frame.with_columns(
        kept.list.join(LINE_BREAK).alias("text"),
        (lines.list.len() - kept.list.len()).cast(pl.Int32).alias("protected_lines_removed"),
    ).with_columns(pl.col("protected_lines_removed").fill_null(0))
