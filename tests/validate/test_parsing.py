"""parse_years / parse_percent / parse_count on the raw strings validation sees."""

from __future__ import annotations

import polars as pl
from polars.testing import assert_frame_equal

from pipelines.validate.parsing import parse_count, parse_percent, parse_years


def _parsed(parser, settings, table: list[tuple[str | None, float | None]]) -> pl.DataFrame:
    raw = pl.DataFrame({"raw": [text for text, _ in table]}, schema={"raw": pl.String})
    return raw.select("raw", value=parser(pl.col("raw"), settings.vocabulary))


def _expected(table: list[tuple[str | None, float | None]]) -> pl.DataFrame:
    return pl.DataFrame(
        {"raw": [text for text, _ in table], "value": [value for _, value in table]},
        schema={"raw": pl.String, "value": pl.Float64},
    )


def test_parse_years(settings) -> None:
    table = [
        ("3", 3.0),
        ("3.5", 3.5),
        ("7+ years", 7.0),
        ("18 months", 1.5),
        ("2-3 years", 2.0),
        ("2 to 3 yrs", 2.0),
        ("5 yrs", 5.0),
        ("over 10 years", 10.0),
        ("-3", -3.0),
        ("  4 Years ", 4.0),
        ("5 years 6 months", 5.5),
        ("Less than 1 year", 0.0),
        ("< 6 months", 0.0),
        ("Six years", 6.0),
        ("none", None),
        ("abc", None),
        ("", None),
        (None, None),
    ]
    result = _parsed(parse_years, settings, table)
    assert_frame_equal(result, _expected(table))


def test_parse_percent(settings) -> None:
    table = [
        ("98%", 98.0),
        ("98", 98.0),
        ("96.5 %", 96.5),
        ("0.96", 96.0),
        ("0.5%", 0.5),
        ("140%", 140.0),
        ("97 percent", 97.0),
        ("abc", None),
        (None, None),
    ]
    result = _parsed(parse_percent, settings, table)
    assert_frame_equal(result, _expected(table))


def test_parse_count(settings) -> None:
    table = [
        ("50+", 50.0),
        ("25 charts/day", 25.0),
        ("40-50", 40.0),
        ("1,200", 1200.0),
        ("about 30", 30.0),
        ("Forty charts", 40.0),
        ("abc", None),
        (None, None),
    ]
    result = _parsed(parse_count, settings, table)
    assert_frame_equal(result, _expected(table))


def test_parsers_are_lazy_expressions(settings) -> None:
    frame = pl.LazyFrame({"raw": ["7+ years", None]}, schema={"raw": pl.String})
    result = frame.select(years=parse_years(pl.col("raw"), settings.vocabulary)).collect()
    expected = pl.DataFrame({"years": [7.0, None]}, schema={"years": pl.Float64})
    assert_frame_equal(result, expected)
