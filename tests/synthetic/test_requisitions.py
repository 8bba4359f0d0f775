"""The three-requisition Workday sample: reproducible, and ranked per job under three profiles."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from pipelines.scoring import job_profiles
from pipelines.screening.stages import screen_file
from pipelines.synthetic.requisitions import write_requisitions

REPO = Path(__file__).resolve().parents[2]
SAMPLE = REPO / "data" / "samples" / "workday_three_requisitions.csv"


@pytest.fixture(scope="module")
def screened(settings):
    return screen_file(SAMPLE, settings)


def test_the_committed_sample_is_what_the_script_writes(tmp_path: Path) -> None:
    assert write_requisitions(tmp_path).read_bytes() == SAMPLE.read_bytes()


def test_the_report_title_row_is_skipped_and_every_application_is_kept(screened) -> None:
    assert screened.meta.header_row == 2
    assert screened.rejected.height == 0
    assert screened.scored.height + screened.duplicates.height == 49
    # The same person twice for one job is a duplicate; for two jobs, one candidate in each.
    assert screened.duplicates.height == 2


def test_each_requisition_gets_its_profile_and_its_own_ranks(screened, settings) -> None:
    scored = screened.scored
    jobs = job_profiles(scored, settings.profiles)

    assert jobs.select("job", "job_profile").rows() == [
        ("Inpatient Coder II", "inpatient_facility"),
        ("Professional Fee Coder", "professional_fee"),
        ("Risk Adjustment Coder", "risk_adjustment"),
    ]
    ranks = scored.group_by("job").agg(
        (pl.col("rank").sort() == pl.int_range(1, pl.len() + 1)).all().alias("one_to_n")
    )
    assert ranks.get_column("one_to_n").all()
    assert scored.get_column("cross_job_applications").drop_nulls().len() >= 6
    assert scored.get_column("ats_status_rejected").sum() == 8
    notes = scored.get_column("claim_checks").drop_nulls().str.join(" | ").item()
    assert "records/day 400 is outside 15-40 for inpatient facility: check" in notes
    assert "accuracy 140% is over 100%: check" in notes
    assert "apprentice designation may be removable" in notes
    assert scored.get_column("credential_lapsed").sum() == 3
