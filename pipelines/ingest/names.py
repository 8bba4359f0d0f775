"""Name completion: full name from first + last, first + last from a full name."""

from __future__ import annotations

import polars as pl

# "Smith, Jane": one word before the comma means the name is written last name first.
_LAST_FIRST = r"^(?<last>[^\s,]+)\s*,\s*(?<first>.+)$"
# "Jane Smith, CPC": otherwise whatever follows a comma is a suffix (credentials, Jr., ...).
COMMA = ","
# The first word, and the words after it when they run to the end on one line.
_WORDS = r"^(?<first>\S+)(?:\s+(?<last>.+)$)?"
# Names whose only whitespace is the space split on it without a pattern (the others use
# _WORDS): the first word before the first space, the other words after the spaces.
SPACE = " "
_OTHER_WHITESPACE = r"[^\S ]"
# Working columns no header can name (cells hold no NUL).
_LAST_FIRST_PARTS, _PLAIN, _WORD_PARTS, _SPACED = (
    f"\x00{name}" for name in ("last_first", "plain", "words", "spaced")
)


def _strip_null(expr: pl.Expr) -> pl.Expr:
    """Stripped text, null when empty."""
    text = expr.str.strip_chars()
    return pl.when(text.str.len_chars() > 0).then(text)


def fill_names(frame: pl.DataFrame) -> pl.DataFrame:
    """Fill `full_name` from first + last, and first + last (when both blank) from `full_name`.

    Each pattern runs once (its groups give both names), and only on the full names whose
    first and last names are both blank; names spaced with spaces alone split without one.
    """
    first, last, full = pl.col("first_name"), pl.col("last_name"), pl.col("full_name")
    joined = _strip_null(pl.concat_str([first, last], separator=" ", ignore_nulls=True))
    both_blank = first.is_null() & last.is_null()
    if not frame.select((both_blank & full.is_not_null()).any()).item():
        return frame.with_columns(full_name=pl.coalesce(full, joined))
    split = pl.when(both_blank).then(full)
    plain = pl.col(_PLAIN)
    only_spaces = ~plain.str.contains(_OTHER_WHITESPACE)
    last_first, words = pl.col(_LAST_FIRST_PARTS).struct, pl.col(_WORD_PARTS).struct
    spaced = pl.col(_SPACED).struct
    is_last_first = last_first.field("last").is_not_null()
    first_word = pl.when(only_spaces).then(spaced.field("field_0")).otherwise(words.field("first"))
    other_words = (
        pl.when(only_spaces)
        .then(spaced.field("field_1").str.strip_chars_start(SPACE))
        .otherwise(words.field("last"))
    )
    split_first = pl.when(is_last_first).then(last_first.field("first")).otherwise(first_word)
    split_last = pl.when(is_last_first).then(last_first.field("last")).otherwise(other_words)
    return (
        frame.with_columns(
            split.str.extract_groups(_LAST_FIRST).alias(_LAST_FIRST_PARTS),
            split.str.splitn(COMMA, 2).struct.field("field_0").str.strip_chars().alias(_PLAIN),
        )
        .with_columns(
            pl.when(~only_spaces).then(plain).str.extract_groups(_WORDS).alias(_WORD_PARTS),
            plain.str.splitn(SPACE, 2).alias(_SPACED),
        )
        .with_columns(
            full_name=pl.coalesce(full, joined),
            first_name=pl.when(both_blank).then(_strip_null(split_first)).otherwise(first),
            last_name=pl.when(both_blank).then(_strip_null(split_last)).otherwise(last),
        )
        .drop(_LAST_FIRST_PARTS, _PLAIN, _WORD_PARTS, _SPACED)
    )
