"""The stages of one run: the job table in the run's facts, the profile and the run's date."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import polars as pl
from polars.testing import assert_frame_equal

from pipelines.screening.stages import run_day, screen_file

SAMPLE = Path(__file__).resolve().parents[2] / "data" / "samples" / "workday_three_requisitions.csv"


def test_run_day_is_the_date_in_the_configured_time_zone(settings) -> None:
    late_evening_in_new_york = datetime(2026, 12, 2, 3, 30, tzinfo=UTC)

    assert settings.runtime.nightly.timezone == "America/New_York"
    assert run_day(settings, late_evening_in_new_york) == date(2026, 12, 1)


def test_the_job_table_goes_into_the_run_facts(settings) -> None:
    result = screen_file(SAMPLE, settings, run_date=date(2026, 12, 1))

    expected = pl.DataFrame(
        {
            "job": ["Inpatient Coder II", "Professional Fee Coder", "Risk Adjustment Coder"],
            "job_profile": ["inpatient_facility", "professional_fee", "risk_adjustment"],
            "applications": [16, 15, 16],
        }
    )
    assert_frame_equal(result.meta.jobs.select(expected.columns), expected)
    ranked = result.scored.group_by("job", maintain_order=True).agg(pl.len().cast(pl.Int64))
    assert ranked.get_column("len").to_list() == [16, 15, 16]


def test_the_profile_argument_reaches_the_scorer_and_the_run_facts(settings) -> None:
    result = screen_file(SAMPLE, settings, profile="general", run_date=date(2026, 12, 1))

    assert result.scored.get_column("job_profile").unique().to_list() == ["general"]
    assert result.meta.jobs.get_column("profile_reason").to_list() == ["--profile general"] * 3
