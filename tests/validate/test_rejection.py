"""Rows that are not candidates go to rejected rows with a reason; nothing is lost."""

from __future__ import annotations

import polars as pl
from polars.testing import assert_frame_equal

from pipelines.validate.rejection import reject_non_candidates
from tests.conftest import raw_frame


def test_each_kind_of_non_candidate_gets_its_reason(settings):
    frame = raw_frame(
        [
            {"source_row": 4, "full_name": "Ana Diaz", "email": None},
            {"source_row": 5, "skills": "ICD-10", "resume_text": None},
            {"source_row": 6, "full_name": "Total candidates: 40"},
            {"source_row": 7, "full_name": "#N/A", "email": "#REF!", "skills": None},
            {"source_row": 8, "email": "x@example.com"},
            {"source_row": 9, "candidate_id": "0042"},
            {"source_row": 10, "candidate_id": "Total candidates: 40"},
        ]
    )
    reasons = settings.validation.rejection.reasons

    kept, rejected = reject_non_candidates(frame, settings.validation)

    assert kept.get_column("source_row").to_list() == [4, 8, 9]
    result = rejected.select("source_row", "reason")
    expected = pl.DataFrame(
        {
            "source_row": [5, 6, 7, 10],
            "reason": [
                reasons.unidentifiable,
                reasons.footer,
                reasons.error_values,
                reasons.footer,
            ],
        }
    )
    assert_frame_equal(result, expected)
    assert rejected.columns[:3] == ["source_row", "source_file", "reason"]
    assert kept.height + rejected.height == frame.height


def test_a_footer_word_is_not_a_footer_when_the_row_has_an_email(settings):
    frame = raw_frame([{"full_name": "Total Smith", "email": "total@example.com"}])

    kept, rejected = reject_non_candidates(frame, settings.validation)

    assert kept.height == 1
    assert rejected.height == 0


def test_clean_input_rejects_nothing_and_keeps_columns(settings):
    frame = raw_frame([{"full_name": "A B"}, {"email": "c@example.com"}], extra=["Notes"])

    kept, rejected = reject_non_candidates(frame, settings.validation)

    assert_frame_equal(kept, frame)
    assert rejected.height == 0
    assert "Notes" in rejected.columns


def test_an_exports_own_reason_column_never_stands_for_ours(settings):
    frame = raw_frame(
        [
            {"full_name": "Ana Diaz", "reason": "Relocating"},
            {"full_name": "Total candidates: 2", "reason": "Relocating"},
        ],
        extra=["reason"],
    )

    for rows in (frame, frame.head(1)):
        _, rejected = reject_non_candidates(rows, settings.validation)
        assert rejected.columns[:3] == ["source_row", "source_file", "reason"]
        assert "reason (export)" in rejected.columns and "reason_right" not in rejected.columns
    _, rejected = reject_non_candidates(frame, settings.validation)
    result = rejected.select("reason", "reason (export)")
    expected = pl.DataFrame(
        {
            "reason": [settings.validation.rejection.reasons.footer],
            "reason (export)": ["Relocating"],
        }
    )
    assert_frame_equal(result, expected)
