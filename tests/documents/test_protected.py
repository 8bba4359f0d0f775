"""Lines stating protected attributes are cut from document text; only their count is kept."""

from __future__ import annotations

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from pipelines.documents.protected import strip_protected


@pytest.mark.parametrize(
    "line",
    [
        "Date of Birth: 03/14/1988",
        "DOB: 1988-03-14",
        "D.O.B. 03/14/1988",
        "Birthdate 14 March 1988",
        "Born on March 14, 1988",
        "Age: 37",
        "37 years old",
        "Gender: Female",
        "Sex - M",
        "Female",
        "Marital Status: Married",
        "Married, two children",
        "Nationality: Canadian",
        "Citizenship: Indian",
    ],
)
def test_a_protected_line_is_removed(config, line):
    frame = pl.DataFrame({"text": [f"JANE DOE\n{line}\nCPC - active"]})

    result = strip_protected(frame, config.protected)

    expected = pl.DataFrame(
        {"text": ["JANE DOE\nCPC - active"], "protected_lines_removed": [1]},
        schema={"text": pl.String, "protected_lines_removed": pl.Int32},
    )
    assert_frame_equal(result, expected)


@pytest.mark.parametrize(
    "line",
    [
        "Coded for patients of all ages in pediatrics and geriatrics",
        "Average 40 charts per day",
        "MEDICAL CODER 01/2012 to Current",
        "Medical Coding Certificate, Community College 2008",
        "Reviewed gender-specific procedure edits (NCCI)",
        "Managed page-age reports",
    ],
)
def test_a_work_line_is_kept(config, line):
    frame = pl.DataFrame({"text": [line]})

    result = strip_protected(frame, config.protected)

    assert result.to_dicts() == [{"text": line, "protected_lines_removed": 0}]


def test_a_document_without_text_counts_zero(config):
    frame = pl.DataFrame({"text": [None]}, schema={"text": pl.String})

    result = strip_protected(frame, config.protected)

    assert result.to_dicts() == [{"text": None, "protected_lines_removed": 0}]
