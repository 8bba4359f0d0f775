"""Two nightly runs, no flag: the recruiter's edits in the outbox carry into the next night."""

from __future__ import annotations

import shutil
from pathlib import Path

import openpyxl
import polars as pl
import pytest
from polars.testing import assert_frame_equal

from pipelines.carry.decisions_log import read_log
from pipelines.carry.previous import read_previous
from pipelines.ops.dirs import NightlyDirs
from pipelines.ops.manifest import read_manifest
from pipelines.ops.process import NightContext, plan, score_job
from pipelines.ops.run import RunInfo
from pipelines.ops.sweep import fingerprint, list_inbox
from tests.carry.exports import NEWCOMERS, next_export
from tests.carry.recruiter import (
    DELETED,
    ENTRIES,
    SAMPLE,
    WORKBOOK_NAME,
    edit_as_recruiter,
    libreoffice_round_trip,
)
from tests.carry.workbooks import carried_values, expected_values, note_cells, sheet_table

NIGHT_1 = RunInfo("run-1", "2026-11-30", "2026-11-30T07:00:00+00:00")
NIGHT_2 = RunInfo("run-2", "2026-12-01", "2026-12-01T07:00:00+00:00")
GONE = "Rosa Patel"


def night(dirs: NightlyDirs, run: RunInfo, settings) -> None:
    """One nightly run over the inbox, without Prefect."""
    ctx = NightContext(dirs=dirs, run=run, nightly=settings.runtime.nightly)
    ready = [fingerprint(f) for f in list_inbox(dirs.inbox, ["*.csv"], [])]
    for job in plan(ready, ctx, read_manifest(ctx.manifest)):
        assert score_job(job, ctx, settings).status == "scored"


@pytest.fixture(scope="module", params=["openpyxl", "libreoffice"])
def two_nights(request, tmp_path_factory, settings) -> NightlyDirs:
    """Night 1 scores the sample; the recruiter edits the outbox workbook in place (saved by
    openpyxl or LibreOffice, Excel's lock file beside it); night 2 scores the next export."""
    root = tmp_path_factory.mktemp(f"nights-{request.param}")
    dirs = NightlyDirs(*(root / name for name in ("inbox", "out", "archive", "failed", "state")))
    dirs.inbox.mkdir(parents=True)
    shutil.copy(SAMPLE, dirs.inbox / SAMPLE.name)
    night(dirs, NIGHT_1, settings)
    produced = dirs.outbox / NIGHT_1.run_date / WORKBOOK_NAME
    edit_as_recruiter(produced, produced, settings)
    if request.param == "libreoffice":
        saved = libreoffice_round_trip(produced, root / "libreoffice")
        shutil.copy(saved, produced)
    produced.with_name("~$" + WORKBOOK_NAME).write_bytes(b"\x00owner")
    next_export(dirs.inbox / SAMPLE.name)
    night(dirs, NIGHT_2, settings)
    return dirs


def test_the_second_night_carries_every_value_without_a_flag(two_nights, settings):
    first = two_nights.outbox / NIGHT_1.run_date / WORKBOOK_NAME
    second = two_nights.outbox / NIGHT_2.run_date / WORKBOOK_NAME
    label = f"from {read_previous(first, settings).run_date}"

    result = carried_values(second, settings)

    names = result.get_column("full_name").to_list()
    kept = {k: v for k, v in ENTRIES.items() if k != GONE}
    assert_frame_equal(result, expected_values(names, label, kept))
    assert result.filter(pl.col("full_name") == DELETED).row(0)[1:] == (None,) * 4
    assert note_cells(second, settings)["Maria Adeyemi"] == ("=1+2", "s", True)


def test_the_second_night_has_a_changes_sheet(two_nights, settings):
    second = two_nights.outbox / NIGHT_2.run_date / WORKBOOK_NAME
    labels = settings.carry.changes

    table = sheet_table(second, labels.sheet)

    new = table.filter(pl.col("Change") == labels.new).get_column("Candidate").sort()
    assert new.to_list() == sorted([*(n for n, _, _ in NEWCOMERS), DELETED])
    gone = table.filter(pl.col("Change") == labels.gone)
    assert gone.select("Candidate", "Decision").rows() == [(GONE, "Reject")]
    contradicted = table.filter(pl.col("Decision contradicted").is_not_null())
    assert contradicted.select("Candidate", "Decision contradicted").rows() == [
        ("Maria Adeyemi", "Advance, but now: Below accuracy standard")
    ]


def test_the_first_night_has_no_changes_sheet_and_logs_nothing(tmp_path, settings):
    dirs = NightlyDirs(*(tmp_path / n for n in ("inbox", "out", "archive", "failed", "state")))
    dirs.inbox.mkdir(parents=True)
    shutil.copy(SAMPLE, dirs.inbox / SAMPLE.name)

    night(dirs, NIGHT_1, settings)

    produced = dirs.outbox / NIGHT_1.run_date / WORKBOOK_NAME
    assert settings.carry.changes.sheet not in openpyxl.load_workbook(produced).sheetnames
    assert not (dirs.state / settings.carry.decisions.log_file).exists()


def test_the_decisions_log_survives_a_lost_workbook(two_nights, settings):
    log_path = two_nights.state / settings.carry.decisions.log_file

    log = read_log(log_path)

    assert sorted(log.get_column("decision")) == sorted(v[0] for v in ENTRIES.values())
    assert set(log.get_column("source_run_date")) == {
        read_previous(two_nights.outbox / NIGHT_1.run_date / WORKBOOK_NAME, settings).run_date
    }
    assert set(log.get_column("job_key")) == {Path(SAMPLE).stem}


def test_an_unreadable_earlier_workbook_is_named_and_the_night_goes_on(tmp_path, settings):
    dirs = NightlyDirs(*(tmp_path / n for n in ("inbox", "out", "archive", "failed", "state")))
    earlier = dirs.outbox / NIGHT_1.run_date / WORKBOOK_NAME
    earlier.parent.mkdir(parents=True)
    earlier.write_bytes(b"PK\x03\x04 not a workbook")
    dirs.inbox.mkdir(parents=True)
    shutil.copy(SAMPLE, dirs.inbox / SAMPLE.name)

    night(dirs, NIGHT_2, settings)

    produced = openpyxl.load_workbook(dirs.outbox / NIGHT_2.run_date / WORKBOOK_NAME)
    assert settings.carry.changes.sheet not in produced.sheetnames
    about = [
        str(cell)
        for row in produced[settings.report.sheets.about].iter_rows(values_only=True)
        for cell in row
        if cell is not None and "previous workbook" in str(cell)
    ]
    assert len(about) == 1 and about[0].startswith(f"previous workbook {WORKBOOK_NAME}: ")
