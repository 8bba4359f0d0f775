"""Costly text expressions worked out only on the rows a cheap test says they can change."""

from __future__ import annotations

from collections.abc import Callable

import polars as pl

# Whitespace other than one space, for text with no character beyond ASCII: the ASCII members of
# the regex `\s` (Unicode White_Space) besides the space itself.
_ASCII_SPACE_CONTROLS = r"[\t\n\x0B\x0C\r]"


def only_where(needed: pl.Expr, value: pl.Expr, change: Callable[[pl.Expr], pl.Expr]) -> pl.Expr:
    """`change(value)` where `needed` holds, `value` itself elsewhere (and where `needed` is null):
    the same as `change(value)` when `change` leaves the other rows as they are, but it reads
    the needed rows alone (the others are "" to it: polars string functions read the text
    behind a null too). Pass columns or cheap expressions: both are read twice."""
    return pl.when(needed).then(change(masked(needed, value))).otherwise(value)


def masked(needed: pl.Expr, text: pl.Expr) -> pl.Expr:
    """`text` where `needed` holds, "" elsewhere: cheap to read for the rows not needed."""
    return pl.when(needed).then(text).otherwise(pl.lit(""))


def beyond_ascii(text: pl.Expr) -> pl.Expr:
    """True for text holding a character beyond ASCII (more bytes than characters)."""
    return text.str.len_bytes() != text.str.len_chars()


def may_hold_space_run(text: pl.Expr) -> pl.Expr:
    """False only for text whose whitespace is single spaces (ASCII text without two spaces in a
    row, tabs or line breaks): there `\\s{2,}|[^\\S ]` finds nothing."""
    return (
        text.str.contains("  ", literal=True)
        | text.str.contains(_ASCII_SPACE_CONTROLS)
        | beyond_ascii(text)
    )
