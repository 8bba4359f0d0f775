"""Tests for pipelines.report.safety: text cleaning and the formula guard."""

from __future__ import annotations

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from pipelines.report.safety import clean_frame, clean_text, clean_text_expr, needs_guard
from tests.report.frames import report_config


def test_clean_text_expr_strips_control_characters_and_keeps_line_breaks() -> None:
    config = report_config()
    frame = pl.DataFrame(
        {"text": ["a\x00b\x08c\x0bd\x1fe", "line\nbreak\ttab\rcr", None, "\ufffeok"]}
    )
    result = frame.select(clean_text_expr(pl.col("text"), config))
    expected = pl.DataFrame({"text": ["abcde", "line\nbreak\ttab\rcr", None, "ok"]})
    assert_frame_equal(result, expected)


def test_clean_text_expr_cuts_text_over_the_cell_limit_with_a_marker() -> None:
    config = report_config(max_cell_chars=100)
    marker = config.text.truncation_marker
    frame = pl.DataFrame({"text": ["x" * 100, "y" * 101, None]})
    result = frame.select(clean_text_expr(pl.col("text"), config))
    expected = pl.DataFrame({"text": ["x" * 100, "y" * (100 - len(marker)) + marker, None]})
    assert_frame_equal(result, expected)
    assert result["text"].str.len_chars().max() == 100


def test_clean_text_scalar_matches_the_expression() -> None:
    config = report_config(max_cell_chars=64)
    values = ["a\x01b", "z" * 65, "plain"]
    result = [clean_text(v, config) for v in values]
    expected = pl.DataFrame({"v": values}).select(clean_text_expr(pl.col("v"), config))
    assert result == expected["v"].to_list()


def test_clean_frame_drops_time_zones_and_non_finite_numbers() -> None:
    config = report_config()
    frame = pl.DataFrame(
        {
            "at": pl.Series(["2024-01-02 03:04:05", None]).str.to_datetime(time_zone="UTC"),
            "x": [float("inf"), None],
            "y": [float("nan"), 1.5],
            "tags": [["a", "b"], None],
        }
    )
    result = clean_frame(frame, config)
    assert result.schema["at"] == pl.Datetime("us")
    assert result["x"].to_list() == [None, None]
    assert result["y"].to_list() == [None, 1.5]
    assert result.schema["tags"] == pl.String


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ('=HYPERLINK("http://x","y")', True),
        ("+1+1", True),
        ("-2+3", True),
        ("@SUM(A1)", True),
        ("\t=1", True),
        ("\r=1", True),
        ("#N/A", True),
        ("Ana Ortiz", False),
        ("a=b", False),
        ("", False),
    ],
)
def test_needs_guard(value: str, expected: bool) -> None:
    assert needs_guard(value) is expected
