"""Each red flag raised and not raised."""

from __future__ import annotations

import polars as pl
from polars.testing import assert_frame_equal

from tests.scoring.helpers import scored


def _flag(settings, name: str, rows: list[tuple[dict, bool]]) -> None:
    result = scored(settings, *(row for row, _ in rows)).select(name)
    expected = pl.DataFrame({name: [flag for _, flag in rows]})
    assert_frame_equal(result, expected)


def test_no_certification(settings) -> None:
    _flag(
        settings,
        "flag_no_certification",
        [
            ({"certifications": "CPC"}, False),
            ({"certifications": "CPC-A"}, False),
            ({"education": "Completed medical coding certificate program, 2022"}, False),
            ({"education": "Certificate in Medical Billing and Coding"}, False),
            ({"certifications": "CPC in progress"}, True),
            ({"certifications": "CPB"}, True),
            ({"certifications": "None"}, True),
            ({}, True),
        ],
    )


def test_limited_terminology(settings) -> None:
    _flag(
        settings,
        "flag_limited_terminology",
        [
            ({"resume_text": "Receptionist, scheduling"}, True),
            ({"resume_text": "Medical terminology coursework"}, False),
            ({"certifications": "CCS"}, False),
            ({"coding_systems": "CPT"}, False),
            ({}, True),
        ],
    )


def test_poor_attention_to_detail(settings) -> None:
    _flag(
        settings,
        "flag_poor_attention_to_detail",
        [
            ({"resume_text": "Knowledge of HIPPA rules"}, True),
            ({"skills": "ICD-01, CPT"}, True),
            ({"resume_text": "Medical codeing specialist"}, True),
            ({"email": "jane.doe@example"}, True),
            ({"email": "jane.doe@example.com"}, False),
            ({"years_experience": 0.5, "resume_text": "Supervised a team of 12 coders"}, True),
            ({"years_experience": 8.0, "resume_text": "Supervised a team of 12 coders"}, False),
            ({"years_experience": 2.0, "resume_text": "10 years of experience in coding"}, True),
            ({"years_experience": 9.0, "resume_text": "10 years of experience in coding"}, False),
            ({"resume_text": "Knowledge of HIPAA, ICD-10 and medical coding"}, False),
            ({}, False),
        ],
    )


def test_poor_attention_reasons_are_explained(settings) -> None:
    reasons = settings.scoring.red_flags.detail_reasons
    result = scored(settings, {"email": "not-an-email", "resume_text": "HIPPA trained"}, {}).select(
        pl.col("explanation").str.contains(f"{reasons.misspelling}, {reasons.malformed_email}")
    )
    expected = pl.DataFrame({"explanation": [True, False]})
    assert_frame_equal(result, expected)


def test_no_hipaa(settings) -> None:
    _flag(
        settings,
        "flag_no_hipaa",
        [
            ({"hipaa": "no"}, True),
            ({"hipaa": "None"}, True),
            ({"hipaa": "FALSE"}, True),
            ({"hipaa": " "}, True),
            ({"hipaa": "Yes"}, False),
            ({"hipaa": "Completed 2023"}, False),
            ({"hipaa": "no", "resume_text": "HIPAA-compliant handling of PHI"}, False),
            ({"skills": "HIPAA"}, False),
            ({"resume_text": "No HIPAA training yet"}, True),
            ({"resume_text": "not yet HIPAA certified"}, True),
            ({"resume_text": "Audited charts with no HIPAA violations"}, False),
            ({"resume_text": "No HIPAA training; later completed HIPAA privacy course"}, False),
            ({}, True),
        ],
    )


def test_below_accuracy_standard(settings) -> None:
    _flag(
        settings,
        "flag_below_accuracy_standard",
        [
            ({"accuracy": 94.9}, True),
            ({"accuracy": 95.0}, False),
            ({"accuracy": 99.0}, False),
            ({"resume_text": "accuracy rate of 90%"}, True),
            ({"accuracy": 97.0, "resume_text": "accuracy rate of 90%"}, False),
            ({}, False),
        ],
    )


def test_red_flag_count(settings) -> None:
    result = scored(
        settings,
        {"accuracy": 90.0, "hipaa": "no"},
        {"certifications": "CPC", "hipaa": "yes", "accuracy": 99.0},
        {},
    ).select("red_flag_count")
    # row 1: no certification, limited terminology, no HIPAA, below standard; row 3: first three
    expected = pl.DataFrame({"red_flag_count": [4, 0, 3]})
    assert_frame_equal(result, expected)
