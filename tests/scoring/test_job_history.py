"""Years of coding work from the resume's dated positions."""

from __future__ import annotations

from datetime import date, datetime

import polars as pl
from polars.testing import assert_frame_equal

from pipelines.scoring.job_history import job_history_years, years_with_source

RUN_DATE = date(2026, 12, 1)

# resume text, applied_at -> expected years, positions counted
CASES: list[tuple[str | None, datetime | None, float | None, int]] = [
    # Current = the application month (Nov 2026): Jan 2012 .. Nov 2026 = 178 months
    ("Medical Coder II, Riverside Health — 01/2012 to Current", datetime(2026, 11, 5), 14.8333, 1),
    # no application date: Present = the run month (Dec 2026)
    ("Medical Biller | Summit Billing | 2016 - Present", None, 10.9167, 1),
    # title on the line above the dates; month names; end exclusive (38 months)
    ("Billing Specialist\nSummit Billing | Jan 2015 - Mar 2018", None, 3.1667, 1),
    # full month names with an en dash, capitals
    ("MEDICAL CODER\nHARBOR HOSPITAL  JANUARY 2015 – MARCH 2018", None, 3.1667, 1),
    # overlapping jobs merge: Jan 2015..Mar 2018 with 2016..2019 = Jan 2015..Jan 2019
    (
        "Billing Specialist, Summit | Jan 2015 - Mar 2018\nCoding Auditor, Harbor | 2016-2019",
        None,
        4.0,
        2,
    ),
    # year only counts from January to January; "thru" and numeric months
    ("HIM Analyst 2016-2019\nCoding Specialist 05/2019 thru 06/2021", None, 5.0833, 2),
    # non-coding jobs never count
    (
        "Receptionist | Maple Family Practice | Jan 2008 - Dec 2011\n"
        "Air Traffic Controller — 2012 - 2019\nRetail Sales Associate, 2019 to present",
        None,
        None,
        0,
    ),
    # a previous job's bullet is not the next job's title
    (
        "Medical Coder, Riverside | 2010 - 2012\n- Coded 30 outpatient charts per day\n"
        "Starbucks | 2012 - 2020",
        None,
        2.0,
        1,
    ),
    # the description counts when the title says nothing (coded ICD-10-CM)
    (
        "Associate, Lakeview Clinic | 2018 - 2020\n- Coded ICD-10-CM and CPT for clinic visits",
        None,
        2.0,
        1,
    ),
    # education: neither its section nor a degree line nor a graduation year counts
    (
        "EXPERIENCE\nMedical Coder | 2020 - 2022\nEDUCATION\n"
        "Health Information Technology program, 2016 - 2018\nB.S. 2010\nGraduated 2012",
        None,
        2.0,
        1,
    ),
    ("A.A.S. Health Information Technology, Community College, 2014-2016", None, None, 0),
    # an end after the present is cut at the present month; a range backwards is ignored
    ("Coder | 2025 - 2030\nBiller | 2020 - 2018", datetime(2026, 1, 15), 1.0, 1),
    # the next candidate's lines never describe this candidate's last position
    ("Associate, Lakeview Clinic | 2018 - 2020", None, None, 0),
    ("- Coded ICD-10-CM for 40 charts a day\nClinic Aide | 2010 - 2012", None, None, 0),
    ("Experienced coder, no dates here", None, None, 0),
    (None, None, None, 0),
]


def test_years_from_dated_coding_positions(settings) -> None:
    frame = pl.DataFrame(
        {
            "source_row": list(range(2, len(CASES) + 2)),
            "resume_text": [text for text, *_ in CASES],
            "applied_at": [applied for _, applied, *_ in CASES],
        },
        schema={"source_row": pl.Int64, "resume_text": pl.String, "applied_at": pl.Datetime("us")},
    )
    result = job_history_years(frame, settings.vocabulary, RUN_DATE)
    expected = pl.DataFrame(
        {
            "source_row": list(range(2, len(CASES) + 2)),
            "job_history_years": [years for *_, years, _ in CASES],
            "job_history_positions": [count for *_, count in CASES],
        },
        schema={
            "source_row": pl.Int64,
            "job_history_years": pl.Float64,
            "job_history_positions": pl.Int64,
        },
    )
    assert_frame_equal(result, expected)


def test_years_source_prefers_column_answer_resume_then_history() -> None:
    frame = pl.DataFrame(
        {
            "column": [5.0, None, None, None, None],
            "answer": [3.0, 3.0, None, None, None],
            "stated": [8.0, 8.0, 8.0, None, None],
            "history": [2.0, 2.0, 2.0, 2.0, None],
        }
    )
    years, source = years_with_source(
        pl.col("column"), pl.col("answer"), pl.col("stated"), pl.col("history")
    )
    result = frame.select(years.alias("years"), source.alias("years_source"))
    expected = pl.DataFrame(
        {
            "years": [5.0, 3.0, 8.0, 2.0, None],
            "years_source": ["column", "answer", "resume", "job_history", "none"],
        }
    )
    assert_frame_equal(result, expected)
