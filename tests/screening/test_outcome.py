"""The outcome record of one file: built from a result, round-tripped as JSON, printed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipelines.screening.outcome import FileOutcome, refused, render_text, scored_outcome
from pipelines.screening.stages import screen_file
from schemas.names import Level, Recommendation
from schemas.outcomes import OutcomeStatus

LEVER = Path(__file__).resolve().parents[2] / "data" / "samples" / "lever_candidates.csv"


@pytest.fixture(scope="module")
def result(settings):
    return screen_file(LEVER, settings)


def test_a_scored_outcome_accounts_for_every_row(result):
    outcome = scored_outcome(result, {"workbook": Path("out/lever-ranked.xlsx")})

    assert outcome.status == OutcomeStatus.SCORED
    assert outcome.rows_read == (
        outcome.ranked + outcome.rejected + outcome.duplicates + outcome.blank_rows
    )
    assert sum(outcome.by_level.values()) == sum(outcome.by_recommendation.values())
    assert outcome.ranked == result.scored.height
    assert outcome.red_flags == sum(outcome.flags.values())
    assert (outcome.new, outcome.returning) == (None, None)


def test_nightly_fields_are_set_on_top(result):
    outcome = scored_outcome(result, {}, new=3, returning=1, moved_to="archive/x.csv")

    assert (outcome.new, outcome.returning, outcome.moved_to) == (3, 1, "archive/x.csv")


def test_the_record_survives_a_json_round_trip(result):
    outcome = scored_outcome(result, {"workbook": Path("out/lever-ranked.xlsx")})

    text = json.dumps(outcome.as_dict())
    again = FileOutcome.from_dict(json.loads(text))

    assert json.loads(text)["status"] == "scored"
    assert again == outcome
    assert again.status is OutcomeStatus.SCORED


def test_cli_text_of_a_scored_file_puts_the_workbook_first():
    outcome = FileOutcome(
        file="a.csv",
        status=OutcomeStatus.SCORED,
        rows_read=5,
        ranked=2,
        rejected=1,
        duplicates=1,
        blank_rows=1,
        by_level={Level.JUNIOR: 1, Level.MID: 1},
        by_recommendation={Recommendation.ADVANCE: 1, Recommendation.HOLD: 1},
        flags={"flag_no_hipaa": 2},
        outputs={"parquet": "out/a-scored.parquet", "workbook": "out/a-ranked.xlsx"},
    )

    result = render_text(outcome).splitlines()

    assert result == [
        "a.csv: 2 candidates ranked",
        "  levels:          Junior 1, Mid 1",
        "  recommendations: Advance 1, Hold 1",
        "  red flags:       no hipaa 2",
        "  rows read 5 = ranked 2 + rejected 1 + duplicates 1 + blank 1",
        "  workbook:        out/a-ranked.xlsx",
        "  parquet:         out/a-scored.parquet",
    ]


def test_cli_text_of_a_refusal_is_one_line():
    result = render_text(refused("cv.pdf", "not a spreadsheet (PDF)"))

    assert result == "cv.pdf: not a spreadsheet (PDF)"


def test_every_status_is_written_as_its_plain_value():
    assert [s.value for s in OutcomeStatus] == [
        "scored",
        "refused",
        "duplicate",
        "failed",
        "waiting",
        "error",
    ]
    assert json.dumps({"status": OutcomeStatus.DUPLICATE}) == '{"status": "duplicate"}'
