"""Each red flag raised and not raised."""

from __future__ import annotations

import polars as pl
from polars.testing import assert_frame_equal

from tests.scoring.helpers import scored


def _flag(settings, name: str, rows: list[tuple[dict, bool | None]]) -> None:
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
            ({"resume_text": "Front desk receptionist, scheduling"}, True),
            # not stated: nothing, a link only, an answer that says nothing
            ({}, None),
            ({"resume_text": "https://ats.example.com/resumes/cpc-jane.pdf"}, None),
            ({"certifications": "N/A"}, None),
            ({"skills": "Excel"}, None),
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
            ({"skills": "Excel, Word"}, True),
            ({}, None),
            ({"education": "High school diploma"}, None),
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
            ({"full_name": "Jane Doe"}, None),
            ({}, None),
        ],
    )


def test_poor_attention_reasons_are_explained(settings) -> None:
    reasons = settings.scoring.red_flags.detail_reasons
    result = scored(
        settings, {"email": "not-an-email", "resume_text": "HIPPA trained"}, {"email": "a@b.org"}
    ).select(
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
            ({"hipaa": " "}, None),
            ({"hipaa": "N/A"}, None),
            ({"hipaa": "unknown"}, None),
            ({"hipaa": "not yet"}, True),
            ({"hipaa": "Yes"}, False),
            ({"hipaa": "Completed 2023"}, False),
            ({"hipaa": "no", "resume_text": "HIPAA-compliant handling of PHI"}, False),
            ({"skills": "HIPAA"}, False),
            ({"resume_text": "No HIPAA training yet"}, True),
            ({"resume_text": "not yet HIPAA certified"}, True),
            ({"resume_text": "Audited charts with no HIPAA violations"}, False),
            ({"resume_text": "No HIPAA training; later completed HIPAA privacy course"}, False),
            # a resume that was read and lacks HIPAA is evidence; nothing at all is not
            ({"resume_text": "Medical coder, ICD-10-CM and CPT"}, True),
            ({"certifications": "CPC"}, None),
            ({}, None),
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
            ({"resume_text": "Medical coder, ICD-10-CM and CPT"}, None),
            ({}, None),
        ],
    )


def test_red_flag_count(settings) -> None:
    result = scored(
        settings,
        {"accuracy": 90.0, "hipaa": "no", "resume_text": "Front desk receptionist"},
        {"certifications": "CPC", "hipaa": "yes", "accuracy": 99.0},
        {},
    ).select("red_flag_count")
    # row 1: no certification, limited terminology, no HIPAA, below standard; row 3: nothing
    # stated, so nothing raised
    expected = pl.DataFrame({"red_flag_count": [4, 0, 0]})
    assert_frame_equal(result, expected)


def test_not_stated_costs_nothing_and_is_explained(settings) -> None:
    rows = scored(settings, {"certifications": "CPC"}, {"certifications": "CPC", "hipaa": "no"})
    words, facts = settings.scoring.explanation, settings.scoring.red_flags.facts
    penalty = settings.scoring.weights.flag_penalty.no_hipaa
    result = rows.select(
        "flag_no_hipaa",
        pl.col("score") - pl.col("score").first(),
        pl.col("explanation").str.contains(f"{words.not_stated}: ", literal=True).alias("ask"),
        pl.col("explanation").str.contains(facts.no_hipaa, literal=True).alias("hipaa_unstated"),
    )
    expected = pl.DataFrame(
        {
            "flag_no_hipaa": [None, True],
            "score": [0.0, -penalty],
            "ask": [True, True],  # accuracy is not stated for either
            "hipaa_unstated": [True, False],
        }
    )
    assert_frame_equal(result, expected)


def test_credential_lookalikes_and_unheld_credentials(settings) -> None:
    result = scored(
        settings,
        {"resume_text": "Air traffic: Certified Professional Controller (CPC), FAA"},
        {"resume_text": "Managed CPC campaigns and cost per click (CPC) bidding"},
        {"resume_text": "Citrix Certified Associate CCA-V; Citrix XenApp CCA"},
        {"resume_text": "CIC (Certified Insurance Counselor)"},
        {"certifications": "RHIT pending"},
        {"certifications": "CPC exam scheduled"},
        {"certifications": "Eligible for CCS"},
        {"certifications": "CPB"},
        {"resume_text": "Certified Professional Coder (CPC), AAPC"},
    ).select("credentials")
    expected = pl.DataFrame(
        {"credentials": [None] * 8 + ["CPC"]}, schema={"credentials": pl.String}
    )
    assert_frame_equal(result, expected)


def test_lookalikes_written_as_resumes_write_them(settings) -> None:
    result = scored(
        settings,
        {"resume_text": "CPC - Certified Professional Controller, FAA (2004)"},
        {"resume_text": "CCA - Citrix Certified Associate (virtualization)"},
        {"resume_text": "Processed CIC insurance claims for commercial clients"},
    ).select("credentials")
    expected = pl.DataFrame({"credentials": [None, None, None]}, schema={"credentials": pl.String})
    assert_frame_equal(result, expected)
