"""Read a produced workbook back as a test would check it: Ranked and Changes by header."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import polars as pl

from tests.carry.recruiter import ENTRIES

CARRIED = ["Candidate", "Decision", "Interviewer", "Notes", "Carried from"]
FIELDS = ["decision", "interviewer", "notes", "carried_from"]


def sheet_table(path: Path, title: str) -> pl.DataFrame:
    """A sheet's table (header in row 1) as text columns named by header."""
    ws = openpyxl.load_workbook(path, read_only=True)[title]
    rows = list(ws.iter_rows(values_only=True))
    header = [str(h) for h in rows[0]]
    body = [[None if v is None else str(v) for v in row] for row in rows[1:]]
    return pl.DataFrame(body, schema=dict.fromkeys(header, pl.String), orient="row")


def carried_values(path: Path, settings) -> pl.DataFrame:
    """The Ranked sheet's candidate and recruiter columns, by candidate name."""
    table = sheet_table(path, settings.report.sheets.ranked).select(CARRIED)
    return table.rename(dict(zip(CARRIED, ["full_name", *FIELDS], strict=True))).sort("full_name")


def expected_values(names: list[str], label: str, entries: dict = ENTRIES) -> pl.DataFrame:
    """Each candidate's expected recruiter columns: the entries, else blanks."""
    rows = [
        (name, *entries[name], label) if name in entries else (name, None, None, None, None)
        for name in sorted(names)
    ]
    schema = dict.fromkeys(["full_name", *FIELDS], pl.String)
    return pl.DataFrame(rows, schema=schema, orient="row")


def note_cells(path: Path, settings) -> dict[str, tuple[str, str, bool]]:
    """Per candidate with a note: (value, openpyxl data type, quote prefix) of the Notes cell."""
    ws = openpyxl.load_workbook(path)[settings.report.sheets.ranked]
    header = {cell.value: cell.column for cell in ws[1]}
    found = {}
    for row in range(2, ws.max_row + 1):
        cell = ws.cell(row, header["Notes"])
        if cell.value is not None:
            name = ws.cell(row, header["Candidate"]).value
            found[name] = (cell.value, cell.data_type, bool(cell.quotePrefix))
    return found


def highlight_rules(path: Path, title: str) -> list[tuple[str, list[str]]]:
    """The Changes sheet's conditional formats: (cell range, formulas)."""
    ws = openpyxl.load_workbook(path)[title]
    return [
        (str(rng.sqref), [f for rule in rng.rules for f in rule.formula])
        for rng in ws.conditional_formatting
    ]
