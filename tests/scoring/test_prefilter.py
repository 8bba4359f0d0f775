"""Costly text expressions on the rows that need them, and the pattern dialects."""

from __future__ import annotations

import polars as pl
import pytest
from polars.testing import assert_frame_equal, assert_series_equal

from pipelines.scoring.prefilter import (
    as_written,
    ascii_digits,
    by_script,
    may_hold_space_run,
    only_where,
    single_spaces,
)


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        (r"\d+", "[0-9]+"),
        (r"[\d,]+", "[[0-9],]+"),
        (r"\\d", r"\\d"),
        (r"\\\d", r"\\[0-9]"),
        (r"\D\d", r"\D[0-9]"),
        (r"(\d+(?:\.\d+)?)\s*%", r"([0-9]+(?:\.[0-9]+)?)\s*%"),
    ],
)
def test_ascii_digits_rewrites_unescaped_digit_classes(pattern: str, expected: str) -> None:
    assert ascii_digits(pattern) == expected


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        (r"a\s+b", "a[ ]+b"),
        (r"[\s-]", "[[ ]-]"),
        (r"\S+", "[^ ]+"),
        (r"\\s", r"\\s"),
        (r"\\\s", r"\\[ ]"),
    ],
)
def test_single_spaces_rewrites_unescaped_space_classes(pattern: str, expected: str) -> None:
    assert single_spaces(pattern) == expected


def test_dialects_match_as_written_on_single_spaced_ascii_text() -> None:
    texts = pl.Series(
        "text",
        [
            "7 years of experience, 2-3 yrs coding; 96.5% accuracy",
            "team of 12 [coders] - 40 charts per day; icd-10 cm",
            "no digits here at all",
            "",
        ],
    )
    patterns = [
        r"(\d+(?:\.\d+)?)\s*\+?\s*(?:years?|yrs?)\.?\s+(?:[a-z-]+\s+){0,3}?(?:experience|coding)",
        r"[\d\s-]+",
        r"\S+\s\S+",
        r"icd[\s-]?10[\s-]?cm",
        r"[^\s\d]+",
    ]
    for pattern in patterns:
        expected = texts.str.extract_all(pattern)
        for dialect in (ascii_digits, single_spaces):
            assert_series_equal(texts.str.extract_all(dialect(pattern)), expected)


def test_only_where_equals_the_change_on_every_row() -> None:
    frame = pl.DataFrame(
        {
            "text": ["a <br> b", "plain", None, "x<br>y", "z"],
            "needed": [True, False, True, None, False],
        }
    )

    def change(value: pl.Expr) -> pl.Expr:
        return value.str.replace_all("<br>", "\n", literal=True)

    # Rows not needed hold no "<br>" except the one where `needed` is null: it stays as it is.
    result = frame.select(only_where(pl.col("needed"), pl.col("text"), change))
    expected = pl.DataFrame({"text": ["a \n b", "plain", None, "x<br>y", "z"]})
    assert_frame_equal(result, expected)


def test_by_script_reads_rows_beyond_ascii_as_written() -> None:
    frame = pl.DataFrame({"text": ["a 12 b 3", "a ٣٤ b 12", "no number"]})
    ascii_only = pl.col("text").str.len_bytes() == pl.col("text").str.len_chars()

    def read(text: pl.Expr, dialect) -> pl.Expr:
        return text.str.extract_all(dialect(r"\d+"))

    result = frame.select(by_script(ascii_only, pl.col("text"), read))
    expected = frame.select(read(pl.col("text"), as_written))
    assert_frame_equal(result, expected)
    assert result.item(1, 0).to_list() == ["٣٤", "12"]


def test_may_hold_space_run_is_false_only_for_single_spaced_ascii() -> None:
    texts = ["a b c", "a  b", "a\tb", "a\nb", "a\u00a0b", "café", "", None]
    frame = pl.DataFrame({"text": texts}, schema={"text": pl.String})
    result = frame.select(may_hold_space_run(pl.col("text")))
    expected = pl.DataFrame({"text": [False, True, True, True, True, True, False, None]})
    assert_frame_equal(result, expected)
