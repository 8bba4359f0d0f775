"""Tests for the Summary sheet's counts."""

from __future__ import annotations

import polars as pl

from pipelines.report.summary import category_counts, flag_counts, score_histogram
from tests.report.frames import report_config


def test_category_counts_keep_configured_order_zeros_and_unexpected_values() -> None:
    scored = pl.DataFrame({"level": ["Mid", "Senior", "Mid", None, "Weird"]})
    result = category_counts(scored, "level", ["Senior", "Mid", "Junior", "Unknown"])
    expected = [("Senior", 1), ("Mid", 2), ("Junior", 0), ("Unknown", 0), ("", 1), ("Weird", 1)]
    assert result == expected


def test_flag_counts_ignore_nulls() -> None:
    scored = pl.DataFrame(
        {"flag_no_hipaa": [True, None, True], "flag_no_certification": [False, False, None]}
    )
    result = flag_counts(scored, report_config())
    expected = [("No HIPAA understanding", 2), ("No certification", 0)]
    assert result == expected


def test_score_histogram_bins_close_at_the_maximum() -> None:
    scored = pl.DataFrame({"score": [0.0, 9.9, 10.0, 99.9, 100.0, None]})
    result = dict(score_histogram(scored, report_config()))
    labels = list(result)
    assert (labels[0], labels[-1]) == ("0-9", "90-100")
    assert (result["0-9"], result["10-19"], result["90-100"]) == (2, 1, 2)
    assert sum(result.values()) == 5
