"""Each experience-level indicator from its own evidence, and nothing else."""

from __future__ import annotations

import polars as pl
from polars.testing import assert_frame_equal

from schemas.names import INDICATOR_COLUMNS
from tests.scoring.helpers import scored

# One row per indicator, in INDICATOR_COLUMNS order; each should raise exactly that indicator.
ONE_EACH = [
    {"resume_text": "Strong anatomy and physiology"},
    {"coding_systems": "ICD-10-CM"},
    {"skills": "Epic, Excel"},
    {"resume_text": "Detail-oriented"},
    {"resume_text": "Applied NCCI edits and modifiers"},
    {"specialties": "Cardiology, Dermatology"},
    {"resume_text": "Inpatient trauma charts"},
    {"resume_text": "Worked Medicare denials"},
    {"current_title": "Lead Coder"},
    {"resume_text": "RAC audits"},
    {"resume_text": "Mentored new hires"},
    {"resume_text": "Streamlined the workflow"},
]


def _identity(rows: int) -> pl.DataFrame:
    return pl.DataFrame(
        {name: [row == col for row in range(rows)] for col, name in enumerate(INDICATOR_COLUMNS)}
    )


def test_each_indicator_from_text(settings) -> None:
    result = scored(settings, *ONE_EACH, {}).select(INDICATOR_COLUMNS)
    expected = _identity(len(ONE_EACH) + 1)
    assert_frame_equal(result, expected)


def test_indicators_from_structured_conditions(settings) -> None:
    standard = settings.scoring.red_flags.accuracy_standard_pct
    result = scored(
        settings,
        {"accuracy": standard},
        {"accuracy": standard - 0.1},
        {"resume_text": "Managed 4 analysts"},
        {"resume_text": "Cut turnaround by 12%"},
        {"specialties": "Cardiology"},
        {},
    ).select(
        "ind_attention_to_detail",
        "ind_team_leadership",
        "ind_process_improvement",
        "ind_multiple_specialties",
    )
    expected = pl.DataFrame(
        {
            "ind_attention_to_detail": [True, False, False, False, False, False],
            "ind_team_leadership": [False, False, True, False, False, False],
            "ind_process_improvement": [False, False, False, True, False, False],
            "ind_multiple_specialties": [False] * 6,
        }
    )
    assert_frame_equal(result, expected)


def test_indicator_words_need_whole_words(settings) -> None:
    result = scored(
        settings,
        {"resume_text": "Epicurean racquet club; trainee"},
        {},
    ).select("ind_computer_skills", "ind_audit_compliance", "ind_training_mentoring")
    expected = pl.DataFrame(
        {
            "ind_computer_skills": [False, False],
            "ind_audit_compliance": [False, False],
            "ind_training_mentoring": [False, False],
        }
    )
    assert_frame_equal(result, expected)
