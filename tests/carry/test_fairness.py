"""The fairness audit by recruiters' decisions: Advance and Phone screen count as selected."""

from __future__ import annotations

import polars as pl
from polars.testing import assert_frame_equal

from pipelines.carry.fairness import beside_recommendation, decision_audit, decision_counts
from pipelines.fairness.audit import audit_table

SCORED = pl.DataFrame(
    {
        "source_row": [1, 2, 3, 4, 5, 6],
        "recommendation": ["Advance", "Advance", "Review", "Hold", "Review", "Hold"],
        "score": [90.0, 80.0, 60.0, 30.0, 55.0, 20.0],
    }
)
PROTECTED = pl.DataFrame(
    {"source_row": [1, 2, 3, 4, 5, 6], "gender": ["F", "f", "Female", "M", "m", "Male"]}
)
DECISIONS = pl.Series(["Advance", "Reject", "phone screen ", None, "Advance", "Reject"])


def test_selected_by_decision_among_decided_candidates(settings):
    result = decision_counts(SCORED, DECISIONS, PROTECTED, settings).sort("group")

    expected = pl.DataFrame(
        {
            "dimension": ["gender", "gender"],
            "group": ["Female", "Male"],
            "is_unknown": [False, False],
            "candidates": [3, 2],
            "selected": [2, 1],
            "scored_above_median": [2, 0],  # median of the decided candidates' scores: 60
        }
    )
    assert_frame_equal(result, expected)


def test_every_candidate_counts_when_the_config_says_so(settings):
    rules = settings.carry.decisions.model_copy(update={"audit_decided_only": False})
    everyone = settings.__class__(
        **{**settings.__dict__, "carry": settings.carry.model_copy(update={"decisions": rules})}
    )

    result = decision_counts(SCORED, DECISIONS, PROTECTED, everyone).sort("group")

    assert result.select("group", "candidates", "selected").rows() == [
        ("Female", 3, 2),
        ("Male", 3, 1),
    ]


def test_decision_rates_sit_beside_the_tool_recommendation(settings):
    tool = audit_table(SCORED, PROTECTED, settings.fairness)
    by_decision = decision_audit(SCORED, DECISIONS, PROTECTED, settings)

    result = beside_recommendation(tool, by_decision).sort("group")

    assert result.select(
        "group",
        "candidates",
        "selection_rate",
        "decided",
        "decided_selected",
        "decision_selection_rate",
        "decision_impact_ratio",
        "decision_flag",
    ).rows() == [
        ("Female", 3, round(2 / 3, 4), 3, 2, round(2 / 3, 4), 1.0, False),
        ("Male", 3, 0.0, 2, 1, 0.5, round(0.5 / round(2 / 3, 4), 4), True),
    ]
