"""The same person twice: keep the newest application, name the kept row."""

from __future__ import annotations

from datetime import datetime

import polars as pl
from polars.testing import assert_frame_equal

from pipelines.validate.dedupe import dedupe
from tests.conftest import raw_frame


def _typed(rows: list[dict]) -> pl.DataFrame:
    """Raw frame with applied_at parsed, as dedupe sees it after validation."""
    return raw_frame(rows).with_columns(
        pl.col("applied_at").str.strptime(pl.Datetime("us"), "%Y-%m-%d", strict=False)
    )


def test_email_match_is_case_insensitive_and_newest_wins(settings):
    frame = _typed(
        [
            {"source_row": 2, "email": "Ana@Example.com", "applied_at": "2026-03-01"},
            {"source_row": 3, "email": "ana@example.com ", "applied_at": "2026-01-01"},
            {"source_row": 4, "email": None, "full_name": "Bo Li"},
        ]
    )

    kept, duplicates = dedupe(frame, settings.validation)

    assert kept.get_column("source_row").to_list() == [2, 4]
    result = duplicates.select("source_row", "kept_source_row", "matched_on")
    expected = pl.DataFrame(
        {"source_row": [3], "kept_source_row": [2], "matched_on": ["email"]},
        schema={"source_row": pl.Int64, "kept_source_row": pl.Int64, "matched_on": pl.String},
    )
    assert_frame_equal(result, expected)


def test_without_dates_the_last_row_wins_and_id_then_name_phone_match(settings):
    frame = _typed(
        [
            {"source_row": 2, "candidate_id": "007", "full_name": "Cy Po"},
            {"source_row": 3, "candidate_id": "007", "full_name": "Cy Po"},
            {"source_row": 4, "full_name": "Di  Ru", "phone": "(555) 010-2000"},
            {"source_row": 5, "full_name": "di ru", "phone": "555.010.2000"},
            {"source_row": 6, "full_name": "Di Ru", "phone": None},
            {"source_row": 7, "full_name": None, "phone": None, "candidate_id": None},
        ]
    )

    kept, duplicates = dedupe(frame, settings.validation)

    assert kept.get_column("source_row").to_list() == [3, 5, 6, 7]
    result = duplicates.select("source_row", "kept_source_row", "matched_on")
    expected = pl.DataFrame(
        {
            "source_row": [2, 4],
            "kept_source_row": [3, 5],
            "matched_on": ["candidate id", "name + phone"],
        }
    )
    assert_frame_equal(result, expected)
    assert kept.height + duplicates.height == frame.height


def test_a_dated_application_beats_an_undated_one(settings):
    frame = _typed(
        [
            {"source_row": 2, "email": "e@example.com", "applied_at": "2026-02-02"},
            {"source_row": 3, "email": "e@example.com", "applied_at": None},
        ]
    )

    kept, duplicates = dedupe(frame, settings.validation)

    assert kept.get_column("source_row").to_list() == [2]
    assert duplicates.get_column("kept_source_row").to_list() == [2]
    assert duplicates.row(0, named=True)["applied_at"] is None
    assert isinstance(kept.row(0, named=True)["applied_at"], datetime)


def test_rows_out_of_order_keep_their_order_and_equal_dates_go_to_the_later_row(settings):
    frame = _typed(
        [
            {"source_row": 9, "email": "f@example.com", "applied_at": "2026-04-01"},
            {"source_row": 3, "email": "g@example.com", "applied_at": None},
            {"source_row": 5, "email": "f@example.com", "applied_at": "2026-04-01"},
            {"source_row": 7, "email": "f@example.com", "applied_at": "2026-01-01"},
            {"source_row": 4, "email": None, "applied_at": "2026-05-01"},
        ]
    )

    kept, duplicates = dedupe(frame, settings.validation)

    assert kept.get_column("source_row").to_list() == [3, 4, 9]
    result = duplicates.select("source_row", "kept_source_row", "matched_on")
    expected = pl.DataFrame(
        {"source_row": [5, 7], "kept_source_row": [9, 9], "matched_on": ["email", "email"]}
    )
    assert_frame_equal(result, expected)


def test_duplicates_are_found_within_a_job_and_other_jobs_are_noted(settings):
    frame = _typed(
        [
            {"source_row": 2, "job": "Inpatient Coder II", "email": "h@example.com"},
            {"source_row": 3, "job": "Risk Adjustment Coder", "email": "H@example.com"},
            {"source_row": 4, "job": "inpatient coder ii ", "email": "h@example.com"},
            {"source_row": 5, "job": "Inpatient Coder II", "email": "i@example.com"},
            {"source_row": 6, "job": "Professional Fee Coder", "candidate_id": "77"},
            {"source_row": 7, "job": "Risk Adjustment Coder", "candidate_id": "77"},
        ]
    )

    kept, duplicates = dedupe(frame, settings.validation)

    result = kept.select("source_row", "cross_job_applications")
    expected = pl.DataFrame(
        {
            "source_row": [3, 4, 5, 6, 7],
            "cross_job_applications": [
                "also applied to: inpatient coder ii",
                "also applied to: Risk Adjustment Coder",
                None,
                "also applied to: Risk Adjustment Coder",
                "also applied to: Professional Fee Coder",
            ],
        }
    )
    assert_frame_equal(result, expected)
    result = duplicates.select("source_row", "kept_source_row", "matched_on")
    expected = pl.DataFrame(
        {"source_row": [2], "kept_source_row": [4], "matched_on": ["email"]},
        schema={"source_row": pl.Int64, "kept_source_row": pl.Int64, "matched_on": pl.String},
    )
    assert_frame_equal(result, expected)


def test_an_export_without_jobs_notes_no_other_jobs(settings):
    frame = _typed([{"source_row": 2, "email": "j@example.com"}])

    kept, _ = dedupe(frame, settings.validation)

    assert kept.get_column("cross_job_applications").to_list() == [None]


def test_many_applications_of_one_person_keep_only_the_last(settings):
    # Two spellings of one name and phone over 300 rows: the keys are folded once per spelling.
    rows = [
        {
            "source_row": row + 2,
            "full_name": ["Di  Ru", "di ru"][row % 2],
            "phone": ["(555) 010-2000", "555.010.2000"][row % 2],
        }
        for row in range(300)
    ]

    kept, duplicates = dedupe(_typed(rows), settings.validation)

    assert kept.get_column("source_row").to_list() == [301]
    result = duplicates.select("source_row", "kept_source_row", "matched_on")
    expected = pl.DataFrame(
        {
            "source_row": list(range(2, 301)),
            "kept_source_row": [301] * 299,
            "matched_on": ["name + phone"] * 299,
        }
    )
    assert_frame_equal(result, expected)


def test_an_email_holding_the_job_separator_is_still_matched(settings):
    frame = _typed(
        [
            {"source_row": 2, "email": "a\x1fb@example.com", "applied_at": "2026-01-01"},
            {"source_row": 3, "email": "c@example.com"},
            {"source_row": 4, "email": "A\x1fB@example.com", "applied_at": "2026-02-01"},
            {"source_row": 5, "email": "c@example.com"},
        ]
    )

    kept, duplicates = dedupe(frame, settings.validation)

    assert kept.get_column("source_row").to_list() == [4, 5]
    assert duplicates.get_column("kept_source_row").to_list() == [4, 5]
