"""Build a real ranked workbook and edit it the way a recruiter does (openpyxl, LibreOffice)."""

from __future__ import annotations

import os
import shutil
import subprocess
from copy import copy
from pathlib import Path

import openpyxl
import polars as pl
import pytest

from pipelines.report import write_workbook
from pipelines.screening.results import ScreeningResult
from pipelines.settings import Settings

REPO = Path(__file__).resolve().parents[2]
SAMPLE = REPO / "data" / "samples" / "lever_candidates.csv"
WORKBOOK_NAME = "lever_candidates-ranked.xlsx"
# Five candidates get recruiter entries: (decision, interviewer, notes); two notes are formulas.
ENTRIES = {
    "Maria Adeyemi": ("Advance", "Dana Ruiz", "=1+2"),
    "Hannah Clark": ("Phone screen", "Lee Kim", '=HYPERLINK("x")'),
    "Rosa Patel": ("Reject", None, "Not local"),
    "Dmitri Dubois": ("On hold", "Dana Ruiz", None),
    "Jose Nunez": ("Advance", None, "Strong cover letter"),
}
DELETED = "Wei Brown"
ADDED_HEADER = "Priority"
RENAMED = "My shortlist"


def headers(ws) -> dict[str, int]:
    """Header text -> 1-based column of the first row."""
    return {cell.value: cell.column for cell in ws[1] if cell.value is not None}


def _sort_by_score(ws, score_column: int) -> None:
    """Sort the data rows by score, lowest first, moving values, styles and links together."""
    rows = list(ws.iter_rows(min_row=2, max_row=ws.max_row))
    snapshot = [
        [
            (c.value, c.data_type, copy(c._style), c.hyperlink.target if c.hyperlink else None)
            for c in row
        ]
        for row in rows
    ]
    snapshot.sort(key=lambda row: row[score_column - 1][0])
    for row, values in zip(rows, snapshot, strict=True):
        for cell, (value, data_type, style, link) in zip(row, values, strict=True):
            cell.hyperlink = None
            cell.value = value
            cell.data_type = data_type
            cell._style = style
            if link:
                cell.hyperlink = link


def _refit_table(ws) -> None:
    """Let the Excel table cover the edited range again, its column names from the header row."""
    for table in ws.tables.values():
        ref = f"A1:{openpyxl.utils.get_column_letter(ws.max_column)}{ws.max_row}"
        table.ref = ref
        table.autoFilter.ref = ref
        table.tableColumns = []


def set_run_started(wb, settings: Settings, started: str) -> None:
    """Change the About sheet's 'Run started' value (to stage workbooks of different nights)."""
    about = wb[settings.report.sheets.about]
    for row in about.iter_rows(min_col=1, max_col=2):
        if row[0].value == settings.report.labels.run_started:
            row[1].value = started


def edit_as_recruiter(
    source: Path,
    target: Path,
    settings: Settings,
    entries: dict[str, tuple] = ENTRIES,
    run_started: str | None = None,
) -> Path:
    """Sort by score, type decisions and notes, delete a row, add a column, rename the sheet."""
    wb = openpyxl.load_workbook(source)
    ws = wb[settings.report.sheets.ranked]
    ws.title = RENAMED
    _sort_by_score(ws, headers(ws)["Score"])
    columns = headers(ws)
    by_name = {ws.cell(r, columns["Candidate"]).value: r for r in range(2, ws.max_row + 1)}
    for name, values in entries.items():
        for header, value in zip(("Decision", "Interviewer", "Notes"), values, strict=True):
            ws.cell(by_name[name], columns[header]).value = value
    # openpyxl leaves hyperlinks where they were when rows and columns move (Excel moves them)
    for row in ws.iter_rows():
        for cell in row:
            cell.hyperlink = None
    if DELETED in by_name:
        ws.delete_rows(by_name[DELETED])
    ws.insert_cols(columns["Decision"])
    ws.cell(1, columns["Decision"]).value = ADDED_HEADER
    ws.cell(2, columns["Decision"]).value = "high"
    email = headers(ws)["Email"]
    for r in range(2, ws.max_row + 1):
        cell = ws.cell(r, email)
        if cell.value and "@" in cell.value:
            cell.hyperlink = f"mailto:{cell.value}"
    _refit_table(ws)
    if run_started is not None:
        set_run_started(wb, settings, run_started)
    wb.save(target)
    return target


REQUIRE_SOFFICE = "CODER_SCREEN_REQUIRE_SOFFICE"


def soffice() -> str:
    """The LibreOffice binary; the test needing it skips when it is not installed, and fails
    instead where $CODER_SCREEN_REQUIRE_SOFFICE is set (CI installs it)."""
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found is None:
        if os.environ.get(REQUIRE_SOFFICE):
            pytest.fail(f"LibreOffice (soffice) is not installed and {REQUIRE_SOFFICE} is set")
        pytest.skip("LibreOffice (soffice) is not installed")
    return found


def libreoffice_round_trip(source: Path, out_dir: Path) -> Path:
    """Open and save `source` with LibreOffice headless (own profile, so runs never collide)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    profile = (out_dir / "profile").as_uri()
    env = {**os.environ, "HOME": str(out_dir)}
    subprocess.run(
        [
            soffice(),
            f"-env:UserInstallation={profile}",
            "--headless",
            "--convert-to",
            "xlsx:Calc MS Excel 2007 XML",
            "--outdir",
            str(out_dir),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
        env=env,
    )
    return out_dir / source.name


def produced(tmp_path: Path, result: ScreeningResult, settings: Settings) -> Path:
    """The project's own workbook for `result`."""
    return write_workbook(tmp_path / WORKBOOK_NAME, result, settings)


def next_export(scored: pl.DataFrame) -> pl.DataFrame:
    """The next night's scored table: Rosa Patel gone, two new candidates, Maria Adeyemi's
    accuracy now below the standard (a new red flag, a lower score)."""
    kept = scored.filter(pl.col("full_name") != "Rosa Patel")
    template = scored.filter(pl.col("full_name") == "Liam Rahimi")
    newcomers = pl.concat(
        [
            template.with_columns(
                full_name=pl.lit(name),
                email=pl.lit(email),
                phone=pl.lit(phone),
                source_row=pl.lit(row, dtype=pl.Int64),
            )
            for name, email, phone, row in [
                ("Noor Haddad", "noor.haddad@example.net", "(212) 555-0101", 901),
                ("Tomas Berg", "tomas.berg@example.net", "(212) 555-0102", 902),
            ]
        ]
    )
    maria = pl.col("full_name") == "Maria Adeyemi"
    changed = kept.with_columns(
        pl.when(maria).then(81.0).otherwise(pl.col("score")).alias("score"),
        pl.when(maria)
        .then(True)
        .otherwise(pl.col("flag_below_accuracy_standard"))
        .alias("flag_below_accuracy_standard"),
        pl.when(maria)
        .then(
            pl.col("explanation").str.replace(
                "accuracy 95.8% (+10)", "accuracy 88% (+0)", literal=True
            )
        )
        .otherwise(pl.col("explanation"))
        .alias("explanation"),
    )
    table = pl.concat([changed, newcomers.select(changed.columns)])
    return table.sort("score", descending=True).with_columns(
        pl.int_range(1, pl.len() + 1, dtype=pl.Int64).alias("rank")
    )
