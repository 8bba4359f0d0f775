"""Protected columns never reach scoring: permuting, blanking or removing them changes nothing."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest
from openpyxl import Workbook
from polars.testing import assert_frame_equal

from pipelines.fairness.outputs import fairness_sheet_writer, result_audit
from pipelines.screening.stages import screen_file
from pipelines.settings import Settings

# Greenhouse self-identification columns, plus Bullhorn-style birth data and two age proxies.
PROTECTED_HEADERS = [
    "Gender",
    "Race",
    "Veteran Status",
    "Disability Status",
    "Date of Birth",
    "Age",
    "Graduation Year",
    "Photo URL",
]
PROTECTED_NAMES = [
    "gender",
    "race",
    "veteran_status",
    "disability_status",
    "date_of_birth",
    "age",
    "graduation_year",
    "photo_url",
]
RESUMES = [
    "Senior coder, 9 years. Supervised team of 5 medical coders. Conducted coding audits and "
    "compliance reviews. Trained and mentored new coders. Reduced denials by 20%. ICD-10-CM, "
    "CPT, HCPCS. 98% accuracy. HIPAA compliance training.",
    "Outpatient coder, 4 years across cardiology and orthopedics. Complex cases with multiple "
    "codes, payer and insurance requirements, NCCI edits. ICD-10 and CPT. 96% accuracy.",
    "Entry-level coder. Medical terminology and anatomy coursework. ICD-10, CPT. Microsoft "
    "Excel. Detail oriented, double-check every chart.",
    "Billing clerk, some coding exposure. Fast typist.",
    "Inpatient coder 6 years, ICD-10-PCS, MS-DRG, coding guidelines, CDI queries, audit "
    "findings, trained staff on Epic upgrade. 97.5% accuracy, 30 records per day.",
    None,
    "Coder, 2 years, radiology and pathology. ICD-10-CM, CPT. 95 % accuracy. HIPAA.",
    "Certified coder with pro-fee experience in emergency medicine, 3 years, insurance "
    "requirements, modifiers. 99% accurate.",
]


def _export() -> pl.DataFrame:
    """A Greenhouse-style export with self-identification columns (and blanks)."""
    n = len(RESUMES)
    text = {
        "Candidate ID": [f"GH-{1000 + i}" for i in range(n)],
        "First Name": ["Ana", "Ben", "Cy", "Dee", "Eli", "Fay", "Gus", "Hal"],
        "Last Name": ["Ames", "Bell", "Cole", "Diaz", "Eng", "Fox", "Gray", "Hunt"],
        "Email": [f"person{i}@example.org" for i in range(n)],
        "Phone": [f"(206) 555-01{i:02d}" for i in range(n)],
        "Job": ["Medical Coder II"] * n,
        "Applied On": ["2025-03-0" + str(i + 1) for i in range(n)],
        "Source": ["Indeed", "LinkedIn", None, "Referral", "Indeed", "Indeed", None, "Website"],
        "Current Company": [
            "Mercy",
            None,
            "Clinic",
            "Billing Co",
            "General",
            None,
            "Imaging",
            "ER Group",
        ],
        "Title": [
            "Coding Supervisor",
            "Coder",
            "Coding Intern",
            "Billing Clerk",
            "Inpatient Coder",
            None,
            "Coder",
            "Pro-fee Coder",
        ],
        "Years of Experience": ["9", "4", "0.5", None, "6", "1", "2 years", "3"],
        "Certifications": ["CPC, CRC", "CCS", None, None, "CCS, RHIT", None, "CPC-A", "CPC"],
        "HIPAA Training": ["Yes", "Yes", None, "No", "Yes", None, "Yes", "Yes"],
        "Resume Text": RESUMES,
        "Gender": [
            "Female",
            "Male",
            "Decline To Self Identify",
            "Female",
            "male",
            None,
            "Female",
            "Male",
        ],
        "Race": [
            "White",
            "Asian",
            "Black or African American",
            "Hispanic or Latino",
            "Two or More Races",
            "White",
            None,
            "Decline To Self Identify",
        ],
        "Veteran Status": [
            "I am not a protected veteran",
            "I identify as one or more of the classifications of protected veteran",
            None,
            "I don't wish to answer",
            "I am not a protected veteran",
            "I am not a protected veteran",
            None,
            "I am not a protected veteran",
        ],
        "Disability Status": [
            "No, I don't have a disability",
            "Yes, I have a disability",
            "I don't wish to answer",
            None,
            "No, I don't have a disability",
            "No, I don't have a disability",
            "Yes, I have a disability",
            None,
        ],
        "Date of Birth": [
            "1975-04-02",
            None,
            "2001-11-30",
            "1990-01-15",
            None,
            "1962-07-07",
            "1998-02-28",
            "1984-12-01",
        ],
        "Age": ["49", "38", None, "35", "61", None, "27", "Prefer not to say"],
        "Graduation Year": ["1997", None, "2023", "2012", "1986", "1984", None, "2006"],
        "Photo URL": [f"https://photos.example.org/{i}.jpg" if i % 3 else None for i in range(n)],
    }
    return pl.DataFrame(text, schema={name: pl.String for name in text})


def _variants() -> dict[str, pl.DataFrame]:
    """The original export and versions whose protected columns are permuted, blanked, removed."""
    original = _export()
    rest = [c for c in original.columns if c not in PROTECTED_HEADERS]
    rotated = original.with_columns(
        pl.col(name).shift(offset + 1, fill_value=None).fill_null(pl.col(name).reverse())
        for offset, name in enumerate(PROTECTED_HEADERS)
    )
    return {
        "original": original,
        "permuted rows": rotated,
        "permuted columns": original.select([*reversed(PROTECTED_HEADERS), *rest]),
        "reversed values": original.with_columns(pl.col(PROTECTED_HEADERS).reverse()),
        "blanked": original.with_columns(
            pl.lit(None, dtype=pl.String).alias(c) for c in PROTECTED_HEADERS
        ),
        "removed": original.select(rest),
    }


@pytest.fixture(scope="module")
def screened(settings: Settings, tmp_path_factory) -> dict:
    """Every variant written as greenhouse.csv in its own folder and screened end to end."""
    results = {}
    for index, (name, frame) in enumerate(_variants().items()):
        path: Path = tmp_path_factory.mktemp(f"variant{index}") / "greenhouse.csv"
        frame.write_csv(path)
        results[name] = screen_file(path, settings)
    return results


def test_protected_columns_are_split_off_at_ingest(screened):
    original = screened["original"]

    assert sorted(c for c in original.protected.columns if c != "source_row") == sorted(
        PROTECTED_NAMES
    )
    assert not set(PROTECTED_NAMES + PROTECTED_HEADERS) & set(original.scored.columns)
    assert original.scored.height == len(RESUMES)


@pytest.mark.parametrize(
    "variant", ["permuted rows", "permuted columns", "reversed values", "blanked", "removed"]
)
def test_scores_ranks_levels_flags_and_recommendations_do_not_move(screened, variant):
    expected = screened["original"].scored

    result = screened[variant].scored

    assert_frame_equal(result, expected)


def test_the_audit_sheet_is_written_for_a_greenhouse_export(screened, settings):
    original = screened["original"]
    workbook = Workbook()

    sheet = fairness_sheet_writer(workbook, original, settings)
    audit = result_audit(original, settings)

    assert sheet is not None and sheet.title == settings.fairness.sheet.title
    dimensions = set(audit["dimension"])
    assert {
        "gender",
        "race",
        "veteran_status",
        "disability_status",
        "age_band",
        "gender x race",
    } <= dimensions
    per_dimension = audit.group_by("dimension").agg(pl.col("candidates").sum())
    assert set(per_dimension["candidates"]) == {len(RESUMES)}
    assert fairness_sheet_writer(Workbook(), screened["removed"], settings) is None
