"""Carried recruiter columns through the real flows: two nightly runs, and `score-export`."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from polars.testing import assert_frame_equal

from pipelines.carry.decisions_log import read_log
from pipelines.carry.previous import read_previous
from tests.carry.exports import next_export
from tests.carry.recruiter import ENTRIES, SAMPLE, WORKBOOK_NAME, edit_as_recruiter
from tests.carry.workbooks import carried_values, expected_values
from tests.ops.exports import SETTLED_AGE_SECONDS, drop

pytestmark = pytest.mark.flow

NIGHTS = ("2026-11-30", "2026-12-01")
KEPT = {k: v for k, v in ENTRIES.items() if k != "Rosa Patel"}


def folders(root: Path) -> dict[str, str]:
    return {name: str(root / name) for name in ("inbox", "outbox", "archive", "failed", "state")}


def settle(path: Path) -> None:
    landed = path.stat().st_mtime - SETTLED_AGE_SECONDS
    os.utime(path, (landed, landed))


def test_two_nightly_runs_carry_the_recruiters_edits(prefect_harness, tmp_path, settings):
    from pipelines.flows.nightly import nightly

    drop(tmp_path / "inbox", SAMPLE.name, SAMPLE.read_bytes())
    assert nightly(**folders(tmp_path), run_date=NIGHTS[0])["counts"]["scored"] == 1
    first = tmp_path / "outbox" / NIGHTS[0] / WORKBOOK_NAME
    edit_as_recruiter(first, first, settings)
    settle(next_export(tmp_path / "inbox" / SAMPLE.name))

    summary = nightly(**folders(tmp_path), run_date=NIGHTS[1])

    assert summary["counts"]["scored"] == 1
    second = tmp_path / "outbox" / NIGHTS[1] / WORKBOOK_NAME
    result = carried_values(second, settings)
    label = f"from {read_previous(first, settings).run_date}"
    names = result.get_column("full_name").to_list()
    assert_frame_equal(result, expected_values(names, label, KEPT))
    log = read_log(tmp_path / "state" / settings.carry.decisions.log_file)
    assert log.height == len(ENTRIES)


def test_score_export_with_previous_logs_in_the_given_state(prefect_harness, tmp_path, settings):
    from pipelines.flows.score_export import score_export
    from pipelines.screening.score_one import score_one

    first_dir = tmp_path / "first"
    first_dir.mkdir()
    (first_dir / SAMPLE.name).write_bytes(SAMPLE.read_bytes())
    score_one(first_dir / SAMPLE.name, first_dir, settings)
    edited = edit_as_recruiter(first_dir / WORKBOOK_NAME, tmp_path / "edited.xlsx", settings)
    export = next_export(tmp_path / "second" / SAMPLE.name)

    outcome = score_export(
        input_path=str(export),
        out_dir=str(export.parent),
        previous=[str(edited)],
        state_dir=str(tmp_path / "state"),
    )

    assert outcome["status"] == "scored"
    result = carried_values(export.parent / WORKBOOK_NAME, settings)
    label = f"from {read_previous(edited, settings).run_date}"
    assert_frame_equal(
        result, expected_values(result.get_column("full_name").to_list(), label, KEPT)
    )
    assert read_log(tmp_path / "state" / settings.carry.decisions.log_file).height == 5
