"""Credentials, coding systems and specialties from the columns and the resume text."""

from __future__ import annotations

import polars as pl
from polars.testing import assert_frame_equal

from tests.scoring.helpers import scored


def test_credentials_from_certifications_column(settings) -> None:
    table = [
        ("CPC", "CPC"),
        ("CPC-A", "CPC-A"),
        ("CCS-P", "CCS-P"),
        ("cpc, CCS (AHIMA), RHIT", "CPC, CCS, RHIT"),
        ("COC-A; CIC; CRC; CPMA", "COC-A, CIC, CRC, CPMA"),
        ("CCA / RHIA / CDIP", "CCA, RHIA, CDIP"),
        ("CPC in progress", None),
        ("CPC (pending)", None),
        ("Pursuing CPC", None),
        ("studying for the AAPC CPC", None),
        ("CPC in progress, CCS", "CCS"),
        ("CPB", None),
        ("None", None),
        ("N/A", None),
        (None, None),
    ]
    result = scored(settings, *({"certifications": text} for text, _ in table)).select(
        "credentials"
    )
    expected = pl.DataFrame(
        {"credentials": [value for _, value in table]}, schema={"credentials": pl.String}
    )
    assert_frame_equal(result, expected)


def test_credentials_spelled_out_in_resume_text(settings) -> None:
    table = [
        ("Certified Professional Coder since 2018", "CPC"),
        ("Certified Professional Coder Apprentice", "CPC-A"),
        ("Certified Coding Specialist - Physician-based", "CCS-P"),
        ("Registered Health Information Technician", "RHIT"),
        ("Certified Professional Coder (CPC) - in progress; RHIA", "RHIA"),
        ("Certified Professional Biller (CPB)", None),
        (None, None),
    ]
    result = scored(settings, *({"resume_text": text} for text, _ in table)).select("credentials")
    expected = pl.DataFrame(
        {"credentials": [value for _, value in table]}, schema={"credentials": pl.String}
    )
    assert_frame_equal(result, expected)


def test_coding_systems_from_column_and_text(settings) -> None:
    result = scored(
        settings,
        {"coding_systems": "ICD-10-CM, ICD-10-PCS, CPT, HCPCS"},
        {"resume_text": "Coded with ICD10 and CPT-4 daily"},
        {"coding_systems": "CPT", "resume_text": "MS-DRG assignment, HCC capture"},
        {"coding_systems": "none"},
        {},
    ).select("coding_systems")
    expected = pl.DataFrame(
        {
            "coding_systems": [
                "ICD-10-CM, ICD-10-PCS, CPT, HCPCS",
                "ICD-10, CPT",
                "CPT, MS-DRG, HCC",
                None,
                None,
            ]
        }
    )
    assert_frame_equal(result, expected)


def test_specialties_from_column_and_text(settings) -> None:
    result = scored(
        settings,
        {"specialties": "Cardiology; Orthopaedics", "resume_text": "ED coding for trauma"},
        {"resume_text": "Coded oncology and OB/GYN charts"},
        {"specialties": "n/a"},
        {},
    ).select("specialties")
    expected = pl.DataFrame(
        {
            "specialties": [
                "Cardiology, Orthopedics, Emergency Medicine",
                "Oncology, OB/GYN",
                None,
                None,
            ]
        }
    )
    assert_frame_equal(result, expected)


def test_negation_words_in_another_field_do_not_apply(settings) -> None:
    result = scored(
        settings,
        {"certifications": "CPC", "education": "Pending: associate degree"},
        {"certifications": "CPC", "education": None},
        {},
    ).select("credentials")
    expected = pl.DataFrame({"credentials": ["CPC", "CPC", None]})
    assert_frame_equal(result, expected)
