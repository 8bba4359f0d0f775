"""Application-question answers read by shape: yes/no, years, percent, counts, lists."""

from __future__ import annotations

import polars as pl
from polars.testing import assert_frame_equal

from pipelines.validate.answers import (
    count_answer,
    credentials_answer,
    list_items,
    pending_credentials,
    percent_answer,
    terms_answer,
    years_answer,
    yes_no,
)


def _check(table: list[tuple], expression, dtype: pl.DataType) -> None:
    raw = pl.DataFrame({"raw": [text for text, _ in table]}, schema={"raw": pl.String})
    result = raw.select("raw", value=expression(pl.col("raw")))
    expected = pl.DataFrame(
        {"raw": [text for text, _ in table], "value": [value for _, value in table]},
        schema={"raw": pl.String, "value": dtype},
    )
    assert_frame_equal(result, expected)


def test_yes_no(settings) -> None:
    table = [
        ("Y", True),
        ("yes", True),
        ("Yes - annually", True),
        ("YES, every year", True),
        ("Completed 2025", True),
        ("2025", True),
        ("March 2025", True),
        ("03/2025", True),
        ("True", True),
        ("x", True),
        ("N", False),
        ("No", False),
        ("N/A", False),
        ("Not yet", False),
        ("not yet - scheduled", False),
        ("None", False),
        ("Yes - scheduled for March", False),
        ("Pending", False),
        ("In progress", False),
        ("maybe", None),
        ("Ask me", None),
        ("", None),
        (None, None),
    ]
    _check(table, lambda e: yes_no(e, settings.vocabulary), pl.Boolean)


def test_years_answer(settings) -> None:
    table = [
        ("3-5 years", 3.0),
        ("3 – 5 yrs", 3.0),
        ("10+ years", 10.0),
        ("Less than 1 year", 0.0),
        ("less than a year", 0.0),
        ("Under 6 months", 0.0),
        ("2 years 6 months", 2.5),
        ("Six years", 6.0),
        ("twelve", 12.0),
        ("about two years", 2.0),
        ("18 months", 1.5),
        ("Over 15 years", 15.0),
        ("None", 0.0),
        ("No experience", 0.0),
        ("4", 4.0),
        ("someone said many", None),
        ("lots", None),
        ("", None),
        (None, None),
    ]
    _check(table, lambda e: years_answer(e, settings.vocabulary), pl.Float64)


def test_percent_answer(settings) -> None:
    table = [
        ("95%+", 95.0),
        ("over 97 percent", 97.0),
        ("98%", 98.0),
        ("96.5 %", 96.5),
        ("0.96", 96.0),
        ("97-99%", 97.0),
        ("Above 95 pct", 95.0),
        ("N/A", None),
        ("not audited yet", None),
        (None, None),
    ]
    _check(table, lambda e: percent_answer(e, settings.vocabulary), pl.Float64)


def test_count_answer(settings) -> None:
    table = [
        ("25-30", 25.0),
        ("About 120 encounters", 120.0),
        ("40+", 40.0),
        ("1,200 per week", 1200.0),
        ("twenty", 20.0),
        ("varies", None),
        (None, None),
    ]
    _check(table, lambda e: count_answer(e, settings.vocabulary), pl.Float64)


LIST = pl.List(pl.String)


def test_credentials_answer_holds_only_held_credentials(settings) -> None:
    table = [
        ("Yes - CPC", ["CPC"]),
        ("Yes; CCS, RHIT", ["CCS", "RHIT"]),
        ("CPC-A", ["CPC-A"]),
        ("COC and CPC", ["CPC", "COC"]),
        ("CPC\nCRC", ["CPC", "CRC"]),
        ("CPC | CPMA", ["CPC", "CPMA"]),
        ("RHIT; CCS-P", ["CCS-P", "RHIT"]),
        ("Certified Professional Coder (CPC)", ["CPC"]),
        ("Not yet - sitting for the CPC exam in March", []),
        ("CPC, CRC (pending)", ["CPC"]),
        ("CPC eligible", []),
        ("Scheduled to take the CCA in June", []),
        ("Pursuing CPC", []),
        ("CPC in progress; RHIT", ["RHIT"]),
        ("CPB", []),
        ("CPB, CPC", ["CPC"]),
        ("No", []),
        ("N/A", []),
        ("", None),
        (None, None),
    ]
    _check(table, lambda e: credentials_answer(e, settings.vocabulary), LIST)


def test_pending_credentials(settings) -> None:
    table = [
        ("Not yet - sitting for the CPC exam in March", ["CPC"]),
        ("CPC, CRC (pending)", ["CRC"]),
        ("CPC eligible", ["CPC"]),
        ("Yes - CPC", []),
        ("CPB in progress", []),
        (None, None),
    ]
    _check(table, lambda e: pending_credentials(e, settings.vocabulary), LIST)


def test_list_items_split_multi_select(settings) -> None:
    table = [
        ("ICD-10-CM, CPT; HCPCS", ["ICD-10-CM", "CPT", "HCPCS"]),
        ("Cardiology\nOrthopedics\n", ["Cardiology", "Orthopedics"]),
        ("Epic and Cerner", ["Epic", "Cerner"]),
        ("Brand new ; ", ["Brand new"]),
        ("N/A", ["N/A"]),
        ("  ", None),
        (None, None),
    ]
    _check(table, lambda e: list_items(e, settings.vocabulary), LIST)


def test_terms_answer_names_code_sets_and_specialties(settings) -> None:
    vocabulary = settings.vocabulary
    codes = [
        ("ICD-10-CM, CPT; HCPCS", ["ICD-10-CM", "CPT", "HCPCS"]),
        ("icd 10 pcs and MS-DRG", ["ICD-10-PCS", "MS-DRG"]),
        ("none", []),
        (None, None),
    ]
    _check(codes, lambda e: terms_answer(e, vocabulary.coding_systems), LIST)
    specialties = [("Cardiology\nOrthopedics", ["Cardiology", "Orthopedics"]), (None, None)]
    _check(specialties, lambda e: terms_answer(e, vocabulary.specialties), LIST)
