"""Recruiters' decisions in the Fairness audit of a run, its counts file, and the pooled audit."""

from __future__ import annotations

import shutil
from pathlib import Path

import openpyxl
import polars as pl
import pytest

from pipelines.fairness.pooled import write_pooled_workbook
from pipelines.screening.score_one import score_one
from tests.carry.recruiter import REPO

BULLHORN = REPO / "data" / "samples" / "bullhorn_candidates.csv"
DECISIONS = ["Advance", "Reject", "Phone screen", "Advance", "Reject", "On hold", "Advance"]


def _section(path: Path, title: str) -> list[tuple]:
    """The rows of the first sheet from the decisions section's title on."""
    rows = list(
        openpyxl.load_workbook(path, read_only=True).worksheets[0].iter_rows(values_only=True)
    )
    starts = [i for i, row in enumerate(rows) if row and row[0] == title]
    return rows[starts[0] :] if starts else []


@pytest.fixture(scope="module")
def decided_run(tmp_path_factory, settings) -> Path:
    """Bullhorn scored, seven decisions typed into its workbook, then scored again with it."""
    root = tmp_path_factory.mktemp("audit")
    first, second = root / "first", root / "second"
    for folder in (first, second):
        folder.mkdir()
        shutil.copy(BULLHORN, folder / BULLHORN.name)
    score_one(first / BULLHORN.name, first, settings)
    workbook = first / f"{BULLHORN.stem}-ranked.xlsx"
    wb = openpyxl.load_workbook(workbook)
    ws = wb[settings.report.sheets.ranked]
    column = [c.value for c in ws[1]].index("Decision") + 1
    for row, decision in enumerate(DECISIONS, start=2):
        ws.cell(row, column).value = decision
    edited = root / "edited.xlsx"
    wb.save(edited)
    outcome = score_one(second / BULLHORN.name, second, settings, previous=[edited])
    assert outcome.status == "scored"
    return second


def test_the_fairness_sheet_sets_decisions_beside_the_tool(decided_run, settings):
    workbook = decided_run / f"{BULLHORN.stem}-ranked.xlsx"
    wb = openpyxl.load_workbook(workbook, read_only=True)
    rows = list(wb[settings.fairness.sheet.title].iter_rows(values_only=True))
    start = next(i for i, r in enumerate(rows) if r and r[0] == settings.carry.audit.title)

    header = next(r for r in rows[start:] if r and r[0] == settings.carry.audit.headers[0])

    assert list(header[:9]) == settings.carry.audit.headers
    gender = rows[rows.index(header) + 1 :]
    groups = []
    for row in gender:
        if not row or row[0] is None:
            break
        groups.append(row)
    assert sum(row[4] for row in groups) == len(DECISIONS)  # Decided: every decision once
    selected = sum(d in settings.carry.decisions.selected for d in DECISIONS)
    assert sum(row[5] for row in groups) == selected


def test_the_run_writes_decision_counts_and_the_pooled_audit_reads_them(
    decided_run, tmp_path, settings
):
    counts = pl.read_parquet(decided_run / f"{BULLHORN.stem}-decisions-audit.parquet")
    gender = counts.filter(pl.col("dimension") == "gender")
    assert gender.get_column("candidates").sum() == len(DECISIONS)
    assert not {"full_name", "email", "decision"} & set(counts.columns)

    pooled = write_pooled_workbook([decided_run], tmp_path / "audit.xlsx", settings)

    section = _section(pooled.workbook, settings.carry.audit.title)
    assert section and any(settings.carry.audit.pooled_note[:40] in str(r[0]) for r in section)


def test_no_decisions_no_section_and_no_counts_file(tmp_path, settings):
    shutil.copy(BULLHORN, tmp_path / BULLHORN.name)

    score_one(tmp_path / BULLHORN.name, tmp_path, settings)

    assert not (tmp_path / f"{BULLHORN.stem}-decisions-audit.parquet").exists()
    assert _section(tmp_path / f"{BULLHORN.stem}-ranked.xlsx", settings.carry.audit.title) == []
