"""Bad field values are blanked with a data issue naming column and value; the row stays."""

from __future__ import annotations

from datetime import datetime

import polars as pl
from polars.testing import assert_frame_equal

from pipelines.validate.fields import parse_fields
from tests.conftest import raw_frame


def test_values_are_typed_and_bad_ones_become_issues(settings):
    frame = raw_frame(
        [
            {
                "years_experience": "7+ years",
                "accuracy": "98%",
                "records_per_day": "50+",
                "applied_at": "2026-03-04",
            },
            {
                "years_experience": "-3 years",
                "accuracy": "140%",
                "records_per_day": None,
                "applied_at": "03/04/2026",
            },
            {
                "years_experience": "abc",
                "accuracy": "0.96",
                "records_per_day": "25",
                "applied_at": "not a date",
            },
            {
                "years_experience": None,
                "accuracy": None,
                "records_per_day": None,
                "applied_at": None,
            },
        ]
    )
    labels = {"years_experience": "Years of Experience"}

    result = parse_fields(frame, settings.validation, settings.vocabulary, labels).select(
        "years_experience", "accuracy", "records_per_day", "applied_at", "data_issues"
    )

    expected = pl.DataFrame(
        {
            "years_experience": [7.0, None, None, None],
            "accuracy": [98.0, None, 96.0, None],
            "records_per_day": [50.0, None, 25.0, None],
            "applied_at": [datetime(2026, 3, 4), datetime(2026, 3, 4), None, None],
            "data_issues": [
                None,
                "Years of Experience: '-3 years' is out of range (0-50); "
                "accuracy: '140%' is out of range (0-100)",
                "Years of Experience: could not read 'abc'; "
                "applied_at: could not read 'not a date'",
                None,
            ],
        },
        schema_overrides={"applied_at": pl.Datetime("us")},
    )
    assert_frame_equal(result, expected, check_row_order=True)


def test_boundaries_are_inclusive_and_other_columns_untouched(settings):
    frame = raw_frame(
        [
            {"years_experience": "0", "accuracy": "100", "full_name": "Ed"},
            {"years_experience": "50", "accuracy": "0", "full_name": None},
            {"years_experience": "50.1", "accuracy": "100.5", "full_name": "Flo"},
        ]
    )

    result = parse_fields(frame, settings.validation, settings.vocabulary)

    assert result.get_column("years_experience").to_list() == [0.0, 50.0, None]
    assert result.get_column("accuracy").to_list() == [100.0, 0.0, None]
    assert result.get_column("full_name").to_list() == ["Ed", None, "Flo"]
    assert result.get_column("source_row").to_list() == frame.get_column("source_row").to_list()


def test_repeated_answers_read_as_each_one_alone(settings):
    # 400 rows of four answers: the numbers are parsed once per distinct text.
    rows = [
        {"years_experience": "7+ years", "accuracy": "98%", "records_per_day": "50+"},
        {"years_experience": "-3 years", "accuracy": "140%", "applied_at": "03/04/2026"},
        {"years_experience": "abc", "accuracy": "0.96", "records_per_day": "25"},
        {"years_experience": None, "accuracy": None, "applied_at": "not a date"},
    ]
    columns = ["years_experience", "accuracy", "records_per_day", "accuracy_claimed", "data_issues"]
    single = parse_fields(raw_frame(rows), settings.validation, settings.vocabulary)

    result = parse_fields(raw_frame(rows * 100), settings.validation, settings.vocabulary)

    expected = pl.concat([single.select(columns)] * 100)
    assert_frame_equal(result.select(columns), expected)
