"""Work done once per distinct value gives, row by row, what the expression gives."""

from __future__ import annotations

import polars as pl
from polars.testing import assert_series_equal

from pipelines.identity import folded
from pipelines.validate.distinct import per_distinct
from pipelines.validate.parsing import parse_percent

# share 0: every row is worked out; share 1: each distinct value once (the values repeat).
SHARES = (0.0, 1.0)


def test_a_fold_per_distinct_value_matches_the_fold_of_each_row():
    values = pl.Series("email", [" Ana@X.org", None, "bo@y.org", " ana@x.ORG", "", None] * 50)
    expected = pl.Series("email", ["ana@x.org", None, "bo@y.org", "ana@x.org", None, None] * 50)

    for share in SHARES:
        result = per_distinct(values, folded, share)

        assert_series_equal(result, expected)


def test_a_parse_per_distinct_value_keeps_the_row_order_and_the_nulls(settings):
    values = pl.Series("accuracy", ["98%", None, "0.96", "abc", "98%", "140%"] * 40)
    expected = pl.Series("accuracy", [98.0, None, 96.0, None, 98.0, 140.0] * 40)

    for share in SHARES:
        result = per_distinct(values, lambda text: parse_percent(text, settings.vocabulary), share)

        assert_series_equal(result, expected)


def test_an_empty_column_stays_empty():
    values = pl.Series("email", [], dtype=pl.String)

    result = per_distinct(values, folded, 1.0)

    assert_series_equal(result, values)
