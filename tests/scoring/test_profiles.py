"""Job profiles: which profile a job gets, ranking within a job, and what a profile weighs."""

from __future__ import annotations

from datetime import date, datetime
from types import SimpleNamespace

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from pipelines.scoring import job_profiles
from tests.scoring.helpers import candidates, scored

RUN_DATE = date(2026, 12, 1)

# Two applicants for the same kind of work, each strong where the other is not.
INPATIENT_CODER = {
    "full_name": "Inez Patel",
    "current_title": "Inpatient Coder",
    "years_experience": 5.0,
    "certifications": "CCS, RHIT",
    "resume_text": "Inpatient coder: acute care records with ICD-10-CM, ICD-10-PCS and MS-DRG, "
    "present on admission review. HIPAA trained.",
    "hipaa": "Yes",
}
RISK_CODER = {
    "full_name": "Rafa Quinn",
    "current_title": "Risk Adjustment Coder",
    "years_experience": 5.0,
    "certifications": "CRC, CPC",
    "resume_text": "Risk adjustment coder: retrospective chart review, HCC capture, RAF scores, "
    "MEAT criteria, ICD-10-CM. HIPAA trained.",
    "hipaa": "Yes",
}


def _with_pins(settings: SimpleNamespace, pinned: dict[str, str]) -> SimpleNamespace:
    """A copy of `settings` whose profiles config pins some jobs."""
    profiles = settings.profiles.model_copy(update={"pinned": pinned})
    return SimpleNamespace(
        scoring=settings.scoring, vocabulary=settings.vocabulary, profiles=profiles
    )


def _score(settings: SimpleNamespace, *rows: dict, **options: object) -> pl.DataFrame:
    """Score rows with the fixed run date, in input order."""
    return scored(settings, *rows, run_date=RUN_DATE, **options)


# Profile choice -------------------------------------------------------------------------------


def test_profile_comes_from_pin_then_argument_then_title_then_default(settings) -> None:
    frame = candidates(
        {"job": "Inpatient Coder II"},
        {"job": "Coder - Req 4411"},
        {"job": "Medical Coder II"},
        {"job": "Risk Adjustment Coder"},
    )
    pinned = _with_pins(settings, {"coder - req 4411": "coding_auditor"})

    by_title = job_profiles(frame, pinned.profiles).select("job", "job_profile", "profile_reason")
    by_argument = job_profiles(frame, pinned.profiles, "professional_fee")

    expected = pl.DataFrame(
        {
            "job": [
                "Inpatient Coder II",
                "Coder - Req 4411",
                "Medical Coder II",
                "Risk Adjustment Coder",
            ],
            "job_profile": ["inpatient_facility", "coding_auditor", "general", "risk_adjustment"],
            "profile_reason": [
                "title 'Inpatient Coder II' matched pattern 'inpatient'",
                "pinned in config",
                "no pattern matched: general",
                "title 'Risk Adjustment Coder' matched pattern 'risk adjustment'",
            ],
        }
    )
    assert_frame_equal(by_title, expected)
    assert by_argument.item(0, "profile_reason") == "--profile professional_fee"
    assert by_argument.get_column("job_profile").to_list() == [
        "professional_fee",
        "coding_auditor",
        "professional_fee",
        "professional_fee",
    ]


def test_an_export_without_jobs_is_one_job_with_the_default_profile(settings) -> None:
    result = job_profiles(candidates({}, {}), settings.profiles)

    assert result.select("job", "job_profile", "applications").to_dicts() == [
        {"job": None, "job_profile": "general", "applications": 2}
    ]
    assert result.item(0, "profile_reason") == "no job title in the export: general"


def test_an_unknown_profile_argument_names_the_known_ones(settings) -> None:
    with pytest.raises(
        ValueError, match=r"unknown profile 'inpatient'; known: .*inpatient_facility"
    ):
        job_profiles(candidates({}), settings.profiles, "inpatient")


# Ranking --------------------------------------------------------------------------------------


def test_the_same_two_candidates_rank_in_opposite_order_under_two_profiles(settings) -> None:
    inpatient = _score(
        settings,
        {**INPATIENT_CODER, "job": "Inpatient Coder II"},
        {**RISK_CODER, "job": "Inpatient Coder II"},
    )
    risk = _score(
        settings,
        {**INPATIENT_CODER, "job": "Risk Adjustment Coder"},
        {**RISK_CODER, "job": "Risk Adjustment Coder"},
    )

    assert inpatient.get_column("rank").to_list() == [1, 2]
    assert risk.get_column("rank").to_list() == [2, 1]
    # The explanations say why: the profile, its credential weights and its evidence terms.
    first, second = inpatient.get_column("explanation").to_list()
    assert first.startswith("profile: inpatient facility; 5 years (+15); CCS, RHIT (+20)")
    assert "DRG assignment, inpatient records, POA / CC-MCC (+8)" in first
    assert "CPC, CRC (+10)" in second
    first, second = risk.get_column("explanation").to_list()
    assert first.startswith("profile: risk adjustment / HCC; 5 years (+15); CCS, RHIT (+14)")
    assert "CPC, CRC (+20)" in second
    assert "HCC / RAF, MEAT / TAMPER, retrospective chart review (+9)" in second
    assert inpatient.get_column("knockouts").to_list() == [
        None,
        "must-have missing: CCS, CIC, RHIT or RHIA (review)",
    ]


def test_rank_restarts_at_one_in_every_job(settings) -> None:
    result = _score(
        settings,
        {**INPATIENT_CODER, "job": "Inpatient Coder II"},
        {**RISK_CODER, "job": "Risk Adjustment Coder"},
        {**RISK_CODER, "job": "Inpatient Coder II", "years_experience": 1.0},
        {**INPATIENT_CODER, "job": "Risk Adjustment Coder", "years_experience": 1.0},
        {**INPATIENT_CODER, "job": "Medical Coder II"},
    )

    assert result.select("job", "rank", "job_profile").rows() == [
        ("Inpatient Coder II", 1, "inpatient_facility"),
        ("Risk Adjustment Coder", 1, "risk_adjustment"),
        ("Inpatient Coder II", 2, "inpatient_facility"),
        ("Risk Adjustment Coder", 2, "risk_adjustment"),
        ("Medical Coder II", 1, "general"),
    ]


def test_general_profile_scores_as_without_profiles_and_does_not_name_itself(settings) -> None:
    result = _score(settings, {**INPATIENT_CODER, "job": "Inpatient Coder II"}, profile="general")

    assert result.item(0, "job_profile") == "general"
    explanation = result.item(0, "explanation")
    assert explanation.startswith("5 years (+15); CCS, RHIT (+20)")
    assert "profile" not in explanation and "relevant title" not in explanation


# Title relevance ------------------------------------------------------------------------------


def test_title_relevance_reads_the_current_title_and_dated_resume_lines(settings) -> None:
    result = _score(
        settings,
        {"current_title": "Clinical Coding Specialist"},
        {"current_title": "Receptionist", "resume_text": "Front desk work, scheduling."},
        {"current_title": None, "resume_text": "Outpatient Coder, Mercy Clinic 2019-2024\nCPT"},
        {"current_title": None, "resume_text": "I want to become a coder one day."},
        {"current_title": "Air Traffic Controller"},
    )

    assert result.get_column("title_relevant").to_list() == [True, False, True, False, False]


def test_cpc_on_an_air_traffic_controller_line_is_not_a_coding_credential(settings) -> None:
    result = _score(
        settings,
        {
            "current_title": "Air Traffic Controller",
            "resume_text": "Air Traffic Controller, FAA 2012-2024, CPC.\nTower and approach.",
        },
        {"current_title": "Certified Professional Controller (CPC)"},
        {"current_title": "Medical Coder", "resume_text": "Medical Coder 2019-2024, CPC."},
    )

    assert result.get_column("credentials").to_list() == [None, None, "CPC"]
    assert result.get_column("title_relevant").to_list() == [False, False, True]


# Credential lapse -----------------------------------------------------------------------------


def test_credential_lapse_from_the_column_and_the_text_null_when_no_dates(settings) -> None:
    result = _score(
        settings,
        {"certifications": "CPC", "credential_expires": "2024-06-30"},
        {"certifications": "CPC, exp. 03/2025"},
        {"certifications": "CCS", "resume_text": "CCS expires 2028."},
        {"certifications": "CPC (expired)"},
        {"certifications": "CPC"},
        {"certifications": "CPC, exp. 03/2025", "applied_at": datetime(2025, 1, 15)},
    )

    assert result.get_column("credential_lapsed").to_list() == [
        True,
        True,
        False,
        True,
        None,
        False,
    ]
    assert result.get_column("claim_checks").to_list() == [
        "a credential expiry (06/2024) is before 2026-12-01: check",
        "a credential expiry (03/2025) is before 2026-12-01: check",
        None,
        "a credential is stated as expired or lapsed: check",
        None,
        None,
    ]
    # A lapse is a fact to check, not a red flag, and the credential still counts.
    assert result.get_column("flag_no_certification").to_list() == [False] * 6
    assert result.get_column("credentials").to_list()[:2] == ["CPC", "CPC"]


def test_an_apprentice_credential_with_two_years_is_noted(settings) -> None:
    result = _score(
        settings,
        {"certifications": "CPC-A", "years_experience": 3.0},
        {"certifications": "CPC-A", "years_experience": 1.0},
    )

    assert result.get_column("claim_checks").to_list() == [
        "CPC-A with 3 years: apprentice designation may be removable",
        None,
    ]


# Claims that need a check ---------------------------------------------------------------------


def test_implausible_records_per_day_and_accuracy_over_100_are_checked_not_scored(
    settings,
) -> None:
    plausible = {"job": "Inpatient Coder", "records_per_day": 25.0, "certifications": "CCS"}
    result = _score(
        settings,
        plausible,
        {**plausible, "records_per_day": 400.0},
        {**plausible, "resume_text": "Coded at 140% accuracy."},
        {**plausible, "accuracy_claimed": 130.0},
    )

    assert result.get_column("claim_checks").to_list() == [
        None,
        "records/day 400 is outside 15-40 for inpatient facility: check",
        "accuracy 140% is over 100%: check",
        "accuracy 130% is over 100%: check",
    ]
    assert "records/day (+5)" in result.item(0, "explanation")
    assert "records/day" not in result.item(1, "explanation")
    assert result.get_column("accuracy_pct").to_list() == [None] * 4


# Knockouts ------------------------------------------------------------------------------------


def test_ats_rejections_stay_ranked_and_marked_with_their_recommendation(settings) -> None:
    strong = {**INPATIENT_CODER, "job": "Inpatient Coder II"}
    result = _score(
        settings,
        {**strong, "stage": "Not Selected - Prescreen Disqualification"},
        {**strong, "stage": "Phone Screen"},
        {**strong, "stage": None},
    )

    assert result.get_column("ats_status_rejected").to_list() == [True, False, None]
    assert result.get_column("knockouts").to_list() == [
        "ATS status 'Not Selected - Prescreen Disqualification': already rejected there "
        "(still ranked)",
        None,
        None,
    ]
    assert result.get_column("recommendation").n_unique() == 1
    assert result.get_column("rank").sort().to_list() == [1, 2, 3]


def test_a_must_have_not_stated_is_no_knockout(settings) -> None:
    result = _score(
        settings,
        {"job": "Risk Adjustment Coder", "certifications": "CCS"},
        {"job": "Risk Adjustment Coder", "current_title": "Coder"},
        {"job": "Risk Adjustment Coder", "certifications": "CRC"},
    )

    assert result.get_column("knockouts").to_list() == [
        "must-have missing: CRC or CPC (review)",
        None,
        None,
    ]


def test_unrelated_title_lines_in_any_case_script_or_markup(settings) -> None:
    result = _score(
        settings,
        {"resume_text": "AIR TRAFFIC CONTROLLER, CPC"},
        {"resume_text": "Air Traffic Controller – CPC"},
        {"resume_text": "Air Traffic Controller<br>Medical Coder, CPC"},
        {"resume_text": "Receptionist https://example.com/cpc CPC"},
        {"resume_text": "Medical Coder, CPC"},
    )

    assert result.get_column("credentials").to_list() == [None, None, "CPC", None, "CPC"]
