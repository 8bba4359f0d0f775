"""Header folding, alias coverage of the ATS exports in DESIGN.md, header-row search."""

from __future__ import annotations

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from pipelines.ingest.headers import alias_table, find_header, match_headers
from pipelines.settings.columns import ColumnsConfig

# Header -> canonical column, as listed in docs/DESIGN.md plus obvious others.
DESIGN_HEADERS = {
    # Greenhouse
    "Candidate ID": "candidate_id",
    "First Name": "first_name",
    "Last Name": "last_name",
    "Email": "email",
    "Phone": "phone",
    "Job": "job",
    "Applied On": "applied_at",
    "Source": "source",
    "Current Company": "current_company",
    "Title": "current_title",
    # Lever
    "Full Name": "full_name",
    "Current company": "current_company",
    "Current Location": "location",
    "Sources": "source",
    "Resume": "resume_text",
    "Date-Added": "applied_at",
    "Stage": "stage",
    # Workday
    "Candidate_ID": "candidate_id",
    "First_Name": "first_name",
    "Last_Name": "last_name",
    "Job_Posting_Title": "job",
    "Job_Req_ID": "job",
    "Candidate_Stage": "stage",
    # SmartRecruiters
    "applicationID": "candidate_id",
    "candidateEmail": "email",
    "applicationCreationDate": "applied_at",
    "applicationStage": "stage",
    # Bullhorn
    "firstName": "first_name",
    "lastName": "last_name",
    "email": "email",
    "mobile": "phone",
    "occupation": "current_title",
    "experience": "years_experience",
    "certifications": "certifications",
    "skillSet": "skills",
    "description": "resume_text",
    # custom questions
    "Name": "full_name",
    "Candidate Name": "full_name",
    "Email Address": "email",
    "Phone Number": "phone",
    "Current Title": "current_title",
    "Years of Experience": "years_experience",
    "Certifications": "certifications",
    "Credentials": "certifications",
    "HIPAA Training": "hipaa",
    "Coding Accuracy": "accuracy",
    "Accuracy Rate": "accuracy",
    "Specialties": "specialties",
    "Resume Text": "resume_text",
    "Skills": "skills",
    "Education": "education",
    "Charts per Day": "records_per_day",
    # obvious others
    "Years Experience": "years_experience",
    "CV Text": "resume_text",
    "Mobile Phone": "phone",
    "Date Applied": "applied_at",
    "Requisition": "job",
    # protected and proxies
    "Gender": "gender",
    "Sex": "gender",
    "Gender Identity": "gender",
    "Race": "race",
    "Ethnicity": "ethnicity",
    "Are you a protected veteran?": "veteran_status",
    "Veteran Status": "veteran_status",
    "Disability Status": "disability_status",
    "DOB": "date_of_birth",
    "Birth Date": "date_of_birth",
    "Date of Birth": "date_of_birth",
    "Age": "age",
    "Graduation Year": "graduation_year",
    "Birth Year": "birth_year",
    "Photo URL": "photo_url",
}
SPELLINGS = ["First_Name", "firstName", "first name", "First-Name", "FIRST.NAME", " First  Name "]


def _canonical(columns: ColumnsConfig, headers: list[str | None]) -> list[str | None]:
    """Canonical column per header, via the ingest matcher."""
    return match_headers(headers, alias_table(columns))["canonical"].to_list()


@pytest.mark.parametrize(("header", "expected"), sorted(DESIGN_HEADERS.items()))
def test_design_headers_map_to_canonical_columns(columns, header, expected):
    result = _canonical(columns, [header])
    assert result == [expected]


@pytest.mark.parametrize("spelling", SPELLINGS)
def test_spellings_fold_to_the_same_column(columns, spelling):
    result = _canonical(columns, [spelling])
    assert result == ["first_name"]


def test_unknown_and_blank_headers_stay_unmatched(columns):
    result = match_headers(["Favourite Colour", None, "Email"], alias_table(columns)).select(
        "position", "header", "canonical", "protected"
    )
    expected = pl.DataFrame(
        {
            "position": [0, 1, 2],
            "header": ["Favourite Colour", None, "Email"],
            "canonical": [None, None, "email"],
            "protected": [None, None, False],
        },
        schema={
            "position": pl.Int64,
            "header": pl.String,
            "canonical": pl.String,
            "protected": pl.Boolean,
        },
    )
    assert_frame_equal(result, expected)


def test_header_row_found_below_banner_rows(columns):
    grid = pl.DataFrame(
        {
            "c0": ["Candidates report", None, "Name", "Ann Lee", "Email"],
            "c1": [None, "Exported 2024-05-01", "Email", "ann@example.com", None],
            "c2": [None, None, "Phone", None, "Phone"],
        }
    )
    result = find_header(grid, alias_table(columns), scan_rows=10)
    assert result is not None
    assert (result.index, result.matches) == (2, 3)


def test_header_beyond_scan_rows_is_not_found(columns):
    grid = pl.DataFrame({"c0": [None, None, "Name"], "c1": ["x", None, "Email"]})
    result = find_header(grid, alias_table(columns), scan_rows=2)
    assert result is None
