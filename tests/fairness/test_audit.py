"""Impact-ratio arithmetic, answer normalisation, small groups, intersections, age bands."""

from __future__ import annotations

from datetime import date, datetime

import polars as pl
from polars.testing import assert_frame_equal

from pipelines.fairness.audit import audit_table, categorise, pool_counts, with_age_band
from schemas.names import Recommendation
from tests.fairness.conftest import groups_frame

SELECTION = [
    "group",
    "candidates",
    "selected",
    "selection_rate",
    "selection_impact_ratio",
    "selection_reference",
    "selection_flag",
    "is_unknown",
    "is_small",
]


def test_impact_ratios_match_a_hand_computed_example(fairness):
    # 106 candidates: four groups, a 1-person group (0.9 %) and 5 who declined.
    scored, protected = groups_frame(
        "race",
        [
            ("A", 40, 20),
            ("B", 30, 12),
            ("C", 20, 6),
            ("D", 10, 1),
            ("E", 1, 1),
            ("Decline To Self Identify", 3, 3),
            (None, 2, 2),
        ],
    )

    result = audit_table(scored, protected, fairness).select(SELECTION)

    # A is the most-selected eligible group (20/40 = 0.5); B 0.4/0.5 = 0.8 sits on the line
    # (not flagged), C 0.3/0.5 = 0.6 and D 0.1/0.5 = 0.2 are flagged. E (1/1) is small, so it is
    # not the reference: 1.0/0.5 = 2.0. Declined answers get no ratio.
    expected = pl.DataFrame(
        {
            "group": ["A", "B", "C", "D", "E", "Unknown/declined"],
            "candidates": [40, 30, 20, 10, 1, 5],
            "selected": [20, 12, 6, 1, 1, 5],
            "selection_rate": [0.5, 0.4, 0.3, 0.1, 1.0, 1.0],
            "selection_impact_ratio": [1.0, 0.8, 0.6, 0.2, 2.0, None],
            "selection_reference": [True, False, False, False, False, False],
            "selection_flag": [False, False, True, True, False, False],
            "is_unknown": [False, False, False, False, False, True],
            "is_small": [False, False, False, False, True, False],
        },
        schema_overrides={"candidates": pl.Int64, "selected": pl.Int64},
    )
    assert_frame_equal(result, expected)


def test_scoring_rate_counts_scores_strictly_above_the_median_of_all(fairness):
    scored = pl.DataFrame(
        {
            "rank": [1, 2, 3, 4, 5, 6],
            "score": [60.0, 50.0, 40.0, 30.0, 20.0, 10.0],
            "recommendation": [Recommendation.REVIEW.value] * 6,
            "source_row": [2, 3, 4, 5, 6, 7],
        }
    )
    protected = pl.DataFrame(
        {"source_row": [2, 3, 4, 5, 6, 7], "gender": ["F", "f", "M", "m", "M", "female"]}
    )

    result = audit_table(scored, protected, fairness).select(
        "group",
        "scored_above_median",
        "scoring_rate",
        "scoring_impact_ratio",
        "scoring_flag",
        "selection_impact_ratio",
    )

    # Median 35: 60, 50 (Female) and 40 (Male) are above it.
    expected = pl.DataFrame(
        {
            "group": ["Female", "Male"],
            "scored_above_median": [2, 1],
            "scoring_rate": [0.6667, 0.3333],
            "scoring_impact_ratio": [1.0, 0.5],
            "scoring_flag": [False, True],
            "selection_impact_ratio": [None, None],  # nobody advanced: no ratio
        },
        schema_overrides={"scored_above_median": pl.Int64, "selection_impact_ratio": pl.Float64},
    )
    assert_frame_equal(result, expected)


def test_unknown_and_declined_answers_fold_into_one_group(fairness):
    answers = pl.DataFrame(
        {
            "disability_status": [
                "  Decline to self-identify",
                "Prefer not to say",
                "",
                None,
                "   ",
                "I don't wish to answer",
                "I don\u2019t wish to answer",
                "N/A",
                "No, I don't have a disability",
                "no,  I don't have a disability",
                "Yes, I have a disability",
            ]
        }
    )

    result = categorise(answers, "disability_status", fairness.answers)

    unknown = "Unknown/declined"
    expected = pl.DataFrame(
        {
            "disability_status": [unknown] * 8
            + ["No, I don't have a disability"] * 2
            + ["Yes, I have a disability"]
        }
    )
    assert_frame_equal(result, expected)


def test_spellings_of_one_answer_share_the_commonest_label(fairness):
    answers = pl.DataFrame(
        {
            "race": [
                "Two or More Races",
                "two or more races",
                "TWO OR MORE RACES ",
                "Two or More Races",
                None,
                "MALE",
            ]
        }
    )

    result = categorise(answers, "race", fairness.answers)

    expected = pl.DataFrame({"race": ["Two or More Races"] * 4 + ["Unknown/declined", "Male"]})
    assert_frame_equal(result, expected)


def test_groups_under_the_small_share_are_marked_and_never_the_reference(fairness):
    # 1 of 60 is 1.7 % (small); 2 of 60 is 3.3 % (not small).
    scored, protected = groups_frame(
        "veteran_status", [("Protected veteran", 1, 1), ("Not a veteran", 57, 19), ("Other", 2, 0)]
    )

    result = audit_table(scored, protected, fairness).select(
        "group", "is_small", "selection_reference", "selection_impact_ratio"
    )

    expected = pl.DataFrame(
        {
            "group": ["Not a veteran", "Other", "Protected veteran"],
            "is_small": [False, False, True],
            "selection_reference": [True, False, False],
            "selection_impact_ratio": [1.0, 0.0, 3.0],
        }
    )
    assert_frame_equal(result, expected)


def test_intersection_uses_ethnicity_when_race_is_absent_and_unknown_wins(fairness):
    scored, _ = groups_frame("x", [("-", 4, 2)])
    protected = pl.DataFrame(
        {
            "source_row": [2, 3, 4, 5],
            "gender": ["Female", "Male", None, "Female"],
            "ethnicity": [
                "Hispanic or Latino",
                "Hispanic or Latino",
                "Hispanic or Latino",
                "Not Hispanic or Latino",
            ],
        }
    )

    result = (
        audit_table(scored, protected, fairness)
        .filter(pl.col("dimension") == "gender x ethnicity")
        .select("group", "candidates", "is_unknown")
    )

    expected = pl.DataFrame(
        {
            "group": [
                "Female / Hispanic or Latino",
                "Female / Not Hispanic or Latino",
                "Male / Hispanic or Latino",
                "Unknown/declined",
            ],
            "candidates": [1, 1, 1, 1],
            "is_unknown": [False, False, False, True],
        },
        schema_overrides={"candidates": pl.Int64},
    )
    assert_frame_equal(result, expected)


def test_age_band_comes_from_age_then_birth_date_at_application(fairness):
    frame = pl.DataFrame(
        {
            "age": ["34", "45 years", "40-49", None, None, "Prefer not to say", "300"],
            "date_of_birth": [None, None, None, "1985-06-15", "06/16/1985", None, None],
            "applied_at": [None, None, None, datetime(2025, 6, 15), None, None, None],
        }
    )

    result = with_age_band(frame, fairness.age, as_of=date(2025, 6, 15)).select("age_band")

    # 1985-06-15 -> 40 on 2025-06-15; 1985-06-16 -> still 39 that day.
    expected = pl.DataFrame(
        {
            "age_band": [
                "Under 40",
                "40 and over",
                "40-49",
                "40 and over",
                "Under 40",
                "Prefer not to say",
                None,
            ]
        }
    )
    assert_frame_equal(result, expected)


def test_an_export_without_protected_columns_has_an_empty_audit(fairness):
    scored, protected = groups_frame("gender", [("Female", 3, 1)])

    result = audit_table(scored, protected.select("source_row"), fairness)

    assert result.is_empty()
    assert "selection_impact_ratio" in result.columns


def test_candidates_missing_from_the_protected_table_count_as_unknown(fairness):
    scored, protected = groups_frame("gender", [("Female", 2, 1), ("Male", 2, 1)])

    result = audit_table(scored, protected.head(3), fairness).select("group", "candidates")

    expected = pl.DataFrame(
        {"group": ["Female", "Male", "Unknown/declined"], "candidates": [2, 1, 1]},
        schema_overrides={"candidates": pl.Int64},
    )
    assert_frame_equal(result, expected)


def test_pooled_ratios_are_recomputed_from_summed_counts(fairness):
    run_1 = audit_table(*groups_frame("gender", [("female", 10, 5), ("Male", 10, 5)]), fairness)
    run_2 = audit_table(*groups_frame("gender", [("Female", 10, 10), ("male", 10, 2)]), fairness)

    result = pool_counts([run_1, run_2], fairness).select(
        "group", "candidates", "selected", "selection_impact_ratio", "selection_flag"
    )

    # Female 15/20 = 0.75, Male 7/20 = 0.35: 0.35 / 0.75 = 0.4667 (flagged); averaging the two
    # runs' ratios (1.0 and 0.2) would give 0.6 instead.
    expected = pl.DataFrame(
        {
            "group": ["Female", "Male"],
            "candidates": [20, 20],
            "selected": [15, 7],
            "selection_impact_ratio": [1.0, 0.4667],
            "selection_flag": [False, True],
        },
        schema_overrides={"candidates": pl.Int64, "selected": pl.Int64},
    )
    assert_frame_equal(result, expected)
