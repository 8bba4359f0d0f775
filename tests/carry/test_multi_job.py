"""Carrying from a workbook of several jobs: decisions typed on any job's sheet or on All jobs."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import polars as pl

from pipelines.screening.score_one import score_one

SAMPLE = Path(__file__).resolve().parents[2] / "data" / "samples" / "workday_three_requisitions.csv"


def _columns(ws) -> dict[str, int]:
    """Header -> column number of a ranked sheet (header on row 1)."""
    return {cell.value: cell.column for cell in ws[1] if cell.value}


def _type(ws, email: str, decision: str) -> None:
    """Type a decision on the row of `email`, as a recruiter would."""
    col = _columns(ws)
    for row in range(2, ws.max_row + 1):
        if ws.cell(row, col["Email"]).value == email:
            ws.cell(row, col["Decision"]).value = decision
            return
    raise AssertionError(f"{email} not on {ws.title}")


def test_decisions_on_job_sheets_and_all_jobs_carry_to_their_own_job(tmp_path, settings):
    first = score_one(SAMPLE, tmp_path / "first", settings)
    scored = pl.read_parquet(first.outputs["parquet"])
    twice = scored.filter(pl.col("cross_job_applications").is_not_null())
    person = twice.get_column("email")[0]
    jobs = twice.filter(pl.col("email") == person).get_column("job").to_list()
    single = scored.filter(pl.col("cross_job_applications").is_null()).row(0, named=True)
    assert len(jobs) == 2
    book = openpyxl.load_workbook(first.outputs["workbook"])
    sheets = {ws.title: ws for ws in book.worksheets}
    # the person's two applications, each decided on its own job's sheet
    for job, decision in zip(jobs, ["Reject", "Advance"], strict=True):
        (title,) = [t for t in sheets if t.startswith(job[:20])]
        _type(sheets[title], person, decision)
    _type(sheets["All jobs"], single["email"], "Phone screen")  # another one on All jobs
    edited = tmp_path / "edited.xlsx"
    book.save(edited)

    again = score_one(SAMPLE, tmp_path / "second", settings, previous=[edited])

    assert again.status == "scored", again.reason
    carried = openpyxl.load_workbook(again.outputs["workbook"])["All jobs"]
    col = _columns(carried)
    decisions = {
        (
            carried.cell(r, col["Email"]).value,
            carried.cell(r, col["Job applied for"]).value,
        ): carried.cell(r, col["Decision"]).value
        for r in range(2, carried.max_row + 1)
    }
    assert decisions[(person, jobs[0])] == "Reject"
    assert decisions[(person, jobs[1])] == "Advance"
    assert decisions[(single["email"], single["job"])] == "Phone screen"
    typed = [value for value in decisions.values() if value]
    assert sorted(typed) == ["Advance", "Phone screen", "Reject"]
