"""Nightly, without a flag: the newest earlier workbook of the same job in the outbox."""

from __future__ import annotations

import os
import shutil
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import openpyxl
import polars as pl

from pipelines.carry.merge import carry
from pipelines.carry.previous import read_previous
from pipelines.carry.search import find_previous, job_name
from pipelines.report import write_workbook
from tests.carry.recruiter import ENTRIES, edit_as_recruiter, headers, next_export

NAME = "lever_candidates-ranked.xlsx"


def place(outbox: Path, folder: str, source: Path, name: str = NAME) -> Path:
    target = outbox / folder / name
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(source, target)
    return target


def test_the_newest_earlier_run_of_the_same_job_is_chosen(tmp_path, workbook, settings):
    outbox = tmp_path / "outbox"
    place(outbox, "2026-11-20", workbook)
    newest = place(outbox, "2026-11-28", workbook)
    place(outbox, "2026-11-28", workbook, "greenhouse-ranked.xlsx")  # another job
    tonight = place(outbox, "2026-11-30", workbook)  # the workbook about to be written
    place(outbox, "2026-12-02", workbook)  # later
    place(outbox, "2026-11-28", workbook, f"~${NAME}")  # Excel's lock file
    place(outbox, "notes", workbook)  # not a run-date folder

    result = find_previous(
        outbox, "lever_candidates.csv", "2026-11-30", settings.carry, exclude=tonight
    )

    assert result == newest


def test_an_earlier_run_the_same_night_counts(tmp_path, workbook, settings):
    outbox = tmp_path / "outbox"
    place(outbox, "2026-11-28", workbook)
    earlier_tonight = place(outbox, "2026-11-30", workbook)
    writing = outbox / "2026-11-30" / "abc123" / NAME

    result = find_previous(
        outbox, "lever_candidates.csv", "2026-11-30", settings.carry, exclude=writing
    )

    assert result == earlier_tonight


def test_a_clash_folder_and_same_day_files_pick_the_latest_written(tmp_path, workbook, settings):
    outbox = tmp_path / "outbox"
    plain = place(outbox, "2026-11-28", workbook)
    clash = place(outbox, "2026-11-28/abc123", workbook)
    os.utime(plain, (1_000_000, 1_000_000))

    assert find_previous(outbox, "lever_candidates.csv", "2026-11-29", settings.carry) == clash


def test_nothing_older_than_days_back_and_nothing_when_empty(tmp_path, workbook, settings):
    outbox = tmp_path / "outbox"
    days = settings.carry.previous.days_back

    assert find_previous(outbox, "lever_candidates.csv", "2026-11-30", settings.carry) is None
    tonight = date(2026, 11, 30)
    place(outbox, (tonight - timedelta(days=days + 1)).isoformat(), workbook)
    assert find_previous(outbox, "lever_candidates.csv", "2026-11-30", settings.carry) is None
    oldest = place(outbox, (tonight - timedelta(days=days)).isoformat(), workbook)
    assert find_previous(outbox, "lever_candidates.csv", "2026-11-30", settings.carry) == oldest


def test_a_date_in_the_export_name_is_not_part_of_the_job(settings):
    names = ["lever-2026-11-30", "Lever_20261130", "lever", "lever 2026-11-30 (2)"]

    assert [job_name(n, settings.carry) for n in names] == ["lever", "lever", "lever", "lever (2)"]


def carried_values(path: Path, scored: pl.DataFrame, settings) -> dict:
    previous = read_previous(path, settings).rows
    carried = carry(
        scored, previous, settings.validation.dedupe.order, settings.carry, settings.report
    )
    frame = pl.concat([scored.select("full_name"), carried.carried], how="horizontal")
    typed = frame.filter(pl.col("decision").is_not_null() | pl.col("notes").is_not_null())
    return {
        r[0]: r[1:5]
        for r in typed.select(
            "full_name", "decision", "interviewer", "notes", "carried_from"
        ).rows()
    }


def write_carried(path: Path, scored: pl.DataFrame, values: dict) -> None:
    """What the writer will do once wired: the carried recruiter columns in the new workbook."""
    wb = openpyxl.load_workbook(path)
    ws = wb.worksheets[0]
    columns = headers(ws)
    for r in range(2, ws.max_row + 1):
        entry = values.get(ws.cell(r, columns["Candidate"]).value)
        if entry:
            for header, value in zip(("Decision", "Interviewer", "Notes"), entry[:3], strict=True):
                cell = ws.cell(r, columns[header], value)
                cell.data_type = "s"  # carried text is never a formula
    wb.save(path)


def test_two_nightly_runs_carry_without_any_flag(tmp_path, workbook, result, settings):
    outbox = tmp_path / "outbox"
    night_1 = outbox / "2026-11-29" / NAME
    night_1.parent.mkdir(parents=True)
    edit_as_recruiter(workbook, night_1, settings, run_started="2026-11-29T07:00:00+00:00")
    (night_1.parent / f"~${NAME}").write_bytes(b"\x0bDana Ruiz" + b"\x00" * 150)

    found = find_previous(outbox, "lever_candidates.csv", "2026-11-30", settings.carry)
    scored_2 = next_export(result.scored)
    night_2_values = carried_values(found, scored_2, settings)

    kept = {k: v for k, v in ENTRIES.items() if k != "Rosa Patel"}
    assert found == night_1
    assert night_2_values == {k: (*v, "from 2026-11-29") for k, v in kept.items()}

    night_2 = outbox / "2026-11-30" / NAME
    started = "2026-11-30T07:00:00+00:00"
    meta = replace(result.meta, started_at=started)
    write_workbook(night_2, replace(result, scored=scored_2, meta=meta), settings)
    write_carried(night_2, scored_2, night_2_values)

    found_3 = find_previous(outbox, "lever_candidates.csv", "2026-12-01", settings.carry)
    night_3_values = carried_values(found_3, scored_2, settings)

    assert found_3 == night_2
    assert night_3_values == {k: (*v, "from 2026-11-30") for k, v in kept.items()}
    assert night_3_values["Maria Adeyemi"][2] == "=1+2"  # still text after two nights
