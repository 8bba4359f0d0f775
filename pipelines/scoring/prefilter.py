"""Costly text expressions worked out only on the rows a cheap test says they can change."""

from __future__ import annotations

import re
from collections.abc import Callable

import polars as pl

# A pattern as it is read: as written (Unicode), or with ASCII digits (`ascii_digits`).
Dialect = Callable[[str], str]
# An escape `\<letter>` (group 2) after an even run of backslashes (group 1): not itself escaped.
_ESCAPE = r"(?<!\\)((?:\\\\)*)\\({})"
_DIGIT_CLASS = re.compile(_ESCAPE.format("d"))
_SPACE_CLASSES = re.compile(_ESCAPE.format("[sS]"))
_SPACES_ONLY = {"s": "[ ]", "S": "[^ ]"}

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


def as_written(pattern: str) -> str:
    """The pattern itself (the Unicode reading)."""
    return pattern


def single_spaces(pattern: str) -> str:
    """`pattern` with `\\s` as a space and `\\S` as anything else: the same on text whose only
    whitespace is the space (the candidate's text), and faster to search."""
    return _SPACE_CLASSES.sub(lambda m: m.group(1) + _SPACES_ONLY[m.group(2)], pattern)


def ascii_digits(pattern: str) -> str:
    """`pattern` with `\\d` as `[0-9]` (also inside a class: a nested class): the same on ASCII
    text, several times faster there (the engine skips to a digit byte)."""
    return _DIGIT_CLASS.sub(r"\1[0-9]", pattern)


def by_script(
    ascii_only: pl.Expr,
    text: pl.Expr,
    read: Callable[[pl.Expr, Dialect], pl.Expr],
    written: Dialect = as_written,
) -> pl.Expr:
    """`read(text, written)`, with the ASCII rows (`ascii_only`, a column) read with
    `ascii_digits` too: the other rows alone are read as `written`."""
    return (
        pl.when(ascii_only)
        .then(read(text, lambda pattern: ascii_digits(written(pattern))))
        .otherwise(read(masked(~ascii_only, text), written))
    )
