"""Years from the column or the resume, level bands and evidence-based levels."""

from __future__ import annotations

import polars as pl
from polars.testing import assert_frame_equal

from tests.scoring.helpers import scored

SENIOR_TEXT = "Supervised a team of 6 coders; led RAC audits and compliance reviews."
MID_TEXT = "Applied NCCI edits and modifiers on inpatient surgical cases."


def test_level_boundaries_belong_to_the_higher_band(settings) -> None:
    years = [1.9, 2.0, 4.9, 5.0, 0.0, None]
    result = scored(settings, *({"years_experience": y} for y in years)).select(
        "years_experience", "level", "level_basis"
    )
    expected = pl.DataFrame(
        {
            "years_experience": years,
            "level": ["Junior", "Mid", "Mid", "Senior", "Junior", "Unknown"],
            "level_basis": ["years", "years", "years", "years", "years", "none"],
        }
    )
    assert_frame_equal(result, expected)


STRONG_SENIOR_TEXT = (
    "Supervised a team of 6 coders; led RAC audits and compliance reviews; mentored new coders."
)
SKILLS_ONLY = "Skills: Auditing, Training, Team leadership, Workflow, Compliance"


def test_level_without_years_needs_strong_evidence(settings) -> None:
    result = scored(
        settings,
        {"resume_text": SENIOR_TEXT},  # two Senior indicators, no lead title: not enough
        {"resume_text": MID_TEXT},
        {"resume_text": SENIOR_TEXT, "years_experience": 1.0},
        {"resume_text": None},
        # three Senior indicators and a supervisor title
        {"resume_text": STRONG_SENIOR_TEXT, "current_title": "Coding Supervisor"},
        {"resume_text": SKILLS_ONLY, "current_title": "Coding Supervisor"},  # a list only
    ).select("level", "level_basis", "level_evidence")
    expected = pl.DataFrame(
        {
            "level": ["Unknown", "Unknown", "Junior", "Unknown", "Senior", "Unknown"],
            "level_basis": ["none", "none", "years", "none", "evidence", "none"],
            "level_evidence": ["Senior", "Mid", "Senior", "Unknown", "Senior", "Senior"],
        }
    )
    assert_frame_equal(result, expected)


def test_one_indicator_is_not_enough_evidence(settings) -> None:
    result = scored(settings, {"resume_text": "Lead coder."}, {}).select("level_evidence")
    expected = pl.DataFrame({"level_evidence": ["Unknown", "Unknown"]})
    assert_frame_equal(result, expected)


def test_years_from_resume_text(settings) -> None:
    result = scored(
        settings,
        {"resume_text": "8 years of experience in a hospital coding department"},
        {"resume_text": "5+ years in medical coding"},
        {"resume_text": "Experience: 4 yrs"},
        {"resume_text": "8 years of experience", "years_experience": 6.0},
        {"resume_text": "Worked at the clinic since 2019"},
        {},
    ).select("years_experience", "years_source", "level")
    expected = pl.DataFrame(
        {
            "years_experience": [8.0, 5.0, 4.0, 6.0, None, None],
            "years_source": ["resume", "resume", "resume", "column", "none", "none"],
            "level": ["Senior", "Senior", "Mid", "Senior", "Unknown", "Unknown"],
        }
    )
    assert_frame_equal(result, expected)


def test_text_years_out_of_range_become_null_with_an_issue(settings) -> None:
    issue = settings.scoring.metrics.years.issue
    result = scored(
        settings,
        {"resume_text": "60 years of experience", "data_issues": "phone: unreadable"},
        {"resume_text": "6 years of experience"},
        {},
    ).select("years_experience", "years_source", "data_issues")
    expected = pl.DataFrame(
        {
            "years_experience": [None, 6.0, None],
            "years_source": ["none", "resume", "none"],
            "data_issues": [f"phone: unreadable; {issue}: 60", None, None],
        }
    )
    assert_frame_equal(result, expected)


def test_years_from_the_dated_jobs_when_nothing_states_them(settings) -> None:
    resume = (
        "CODING SUPERVISOR 01/2015 to Current\nMercy Hospital, Springfield, IL\n"
        "FRONT DESK RECEPTIONIST 2010 - 2014\nDental office"
    )
    result = scored(
        settings,
        {"resume_text": resume, "applied_at": None},
        {"resume_text": resume, "years_experience": 3.0},
    ).select("level", "level_basis", "years_source", pl.col("years_experience") >= 10)
    expected = pl.DataFrame(
        {
            "level": ["Senior", "Mid"],
            "level_basis": ["years", "years"],
            "years_source": ["job_history", "column"],
            "years_experience": [True, False],
        }
    )
    assert_frame_equal(result, expected)
