"""An earlier workbook, edited by a recruiter and saved by openpyxl or LibreOffice, read back."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import polars as pl
import pytest
from openpyxl.packaging.custom import StringProperty
from polars.testing import assert_frame_equal

from pipelines.carry.previous import (
    PreviousError,
    cell_text,
    read_many,
    read_previous,
)
from tests.carry.recruiter import (
    DELETED,
    ENTRIES,
    RENAMED,
    libreoffice_round_trip,
    set_run_started,
)
from tests.corpus.hostile import rezip

SHEET = "xl/worksheets/sheet1.xml"
RECRUITER = ["full_name", "decision", "interviewer", "notes"]


def expected_entries(result) -> pl.DataFrame:
    """Every candidate still in the edited sheet with what the recruiter typed (nulls elsewhere)."""
    names = [n for n in result.scored.get_column("full_name").to_list() if n != DELETED]
    rows = [(name, *ENTRIES.get(name, (None, None, None))) for name in names]
    return pl.DataFrame(rows, schema=dict.fromkeys(RECRUITER, pl.String), orient="row").sort(
        "full_name"
    )


def check_read(path: Path, result, settings) -> None:
    """Every value, blanks included; identity, scores and facts match the run."""
    read = read_previous(path, settings)
    rows = read.rows

    assert_frame_equal(rows.select(RECRUITER).sort("full_name"), expected_entries(result))
    maria = rows.filter(pl.col("full_name") == "Maria Adeyemi").row(0, named=True)
    assert maria["notes"] == "=1+2"  # the formula's text, never its value 3
    assert maria["email"] == "maria.adeyemi20@example.com"
    assert maria["phone"] == "(404) 555-0178"
    assert maria["score"] == 91.0
    assert maria["rank"] == 1
    assert maria["red_flags"] is None
    assert maria["red_flags_known"] is True
    scored = result.scored.filter(pl.col("full_name") != DELETED)
    expected = scored.select("full_name", "score").sort("full_name")
    assert_frame_equal(rows.select("full_name", "score").sort("full_name"), expected)
    assert read.run_date == result.meta.started_at[:10]
    assert read.run_started == result.meta.started_at
    assert read.export_file == "lever_candidates.csv"
    assert read.warnings == []
    assert rows.get_column("sheet_row").to_list() == list(range(2, rows.height + 2))
    assert rows.get_column("score").is_sorted()  # the recruiter's order, lowest score first


def test_an_edited_workbook_saved_by_openpyxl_reads_back_every_value(edited, result, settings):
    assert RENAMED in openpyxl.load_workbook(edited, read_only=True).sheetnames

    check_read(edited, result, settings)


def test_the_same_workbook_saved_by_libreoffice_reads_back_the_same(
    tmp_path, edited, result, settings
):
    saved = libreoffice_round_trip(edited, tmp_path / "lo")

    check_read(saved, result, settings)
    lo = read_previous(saved, settings).rows.drop("source_workbook", "source_sha256")
    ours = read_previous(edited, settings).rows.drop("source_workbook", "source_sha256")
    assert_frame_equal(lo, ours)


def test_the_unedited_workbook_has_blank_recruiter_columns(workbook, result, settings):
    rows = read_previous(workbook, settings).rows

    assert rows.height == result.scored.height
    assert (
        rows.select(pl.col("decision", "interviewer", "notes").null_count()).row(0)
        == (rows.height,) * 3
    )


def test_a_formula_injection_from_the_export_stays_its_text(workbook, settings):
    rows = read_previous(workbook, settings).rows

    # The export put `=HYPERLINK(...)` in a location; it is a text cell, and read as text.
    assert rows.height > 0
    assert not any(
        isinstance(v, int | float) for v in rows.get_column("full_name").to_list() if v is not None
    )


def test_header_row_found_below_inserted_rows_and_run_date_from_about(tmp_path, edited, settings):
    wb = openpyxl.load_workbook(edited)
    ws = wb[RENAMED]
    for row in ws.iter_rows():
        for cell in row:
            cell.hyperlink = None  # openpyxl would not move them with the rows (Excel does)
    ws.insert_rows(1, amount=2)
    ws["A1"] = "Shortlist for Tuesday"
    set_run_started(wb, settings, "2026-11-30T07:00:00+00:00")
    target = tmp_path / "moved.xlsx"
    wb.save(target)

    read = read_previous(target, settings)

    assert read.run_date == "2026-11-30"
    assert read.rows.get_column("sheet_row").to_list() == list(range(4, 30))
    rosa = read.rows.filter(pl.col("full_name") == "Rosa Patel")
    assert rosa.select("decision", "notes").row(0) == ("Reject", "Not local")


def test_recruiter_entries_on_a_row_without_identity_are_reported_by_row(
    tmp_path, edited, settings
):
    wb = openpyxl.load_workbook(edited)
    ws = wb[RENAMED]
    ws.append([None] * ws.max_column)
    headers = {c.value: c.column for c in ws[1]}
    ws.cell(ws.max_row, headers["Decision"]).value = "Advance"
    target = tmp_path / "orphan.xlsx"
    wb.save(target)

    read = read_previous(target, settings)

    assert read.rows.height == 26
    assert read.warnings == [
        f"row {ws.max_row}: recruiter entries but no candidate id, email or name + phone; "
        "not carried"
    ]


def test_the_writer_marks_its_workbooks_with_the_custom_property(workbook):
    props = openpyxl.load_workbook(workbook, read_only=True).custom_doc_props.props

    assert [(p.name, p.value) for p in props] == [("coder-screen", "ranked-workbook")]


def test_custom_property_marks_a_workbook_even_without_the_about_sheet(tmp_path, edited, settings):
    wb = openpyxl.load_workbook(edited)
    del wb[settings.report.sheets.about]
    wb.custom_doc_props.props = []  # as written before the writer set the mark
    stripped = tmp_path / "no-about.xlsx"
    wb.save(stripped)
    wb.custom_doc_props.append(StringProperty(name="coder-screen", value="ranked-workbook"))
    marked = tmp_path / "marked.xlsx"
    wb.save(marked)

    with pytest.raises(PreviousError, match=r"^no-about\.xlsx: not a coder-screen workbook$"):
        read_previous(stripped, settings)
    assert read_previous(marked, settings).rows.height == 26


def test_cell_text_never_evaluates():
    result = [cell_text(v) for v in ("=1+2", 7.0, 7.5, 12, True, "  ", None)]

    assert result == ["=1+2", "7", "7.5", "12", "TRUE", None, None]


def _refused(path: Path, settings, reason: str) -> None:
    with pytest.raises(PreviousError) as caught:
        read_previous(path, settings)
    message = str(caught.value)
    assert message.startswith(f"{path.name}: ")
    assert reason in message
    assert "\n" not in message


def test_a_zip_bomb_is_refused_before_openpyxl(tmp_path, workbook, settings):
    padding = b"<!-- " + b" " * 4_000_000 + b" -->"
    bomb = tmp_path / "bomb.xlsx"
    bomb.write_bytes(rezip(workbook.read_bytes(), SHEET, lambda xml: xml + padding))

    _refused(bomb, settings, "possible zip bomb")


def test_an_xxe_workbook_is_refused(tmp_path, workbook, settings):
    entity = b'<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><worksheet'
    xxe = tmp_path / "xxe.xlsx"
    xxe.write_bytes(
        rezip(workbook.read_bytes(), SHEET, lambda xml: xml.replace(b"<worksheet", entity, 1))
    )

    _refused(xxe, settings, "entity declarations")


def test_a_workbook_this_project_did_not_write_is_refused_in_one_line(tmp_path, settings):
    wb = openpyxl.Workbook()
    wb.active.append(["Candidate", "Email", "Decision", "Interviewer", "Notes"])
    wb.active.append(["Ann Lee", "ann@example.org", "Advance", None, None])
    foreign = tmp_path / "theirs.xlsx"
    wb.save(foreign)

    with pytest.raises(PreviousError, match=r"^theirs\.xlsx: not a coder-screen workbook$"):
        read_previous(foreign, settings)


def test_a_csv_or_damaged_file_is_refused(tmp_path, settings):
    text = tmp_path / "export.xlsx"
    text.write_text("Candidate,Decision\nAnn,Advance\n")
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"PK\x03\x04" + b"\x00" * 64)

    _refused(text, settings, "not a coder-screen workbook")
    _refused(broken, settings, "damaged file")


def test_a_workbook_without_recruiter_columns_is_refused(tmp_path, edited, settings):
    wb = openpyxl.load_workbook(edited)
    ws = wb[RENAMED]
    headers = {c.value: c.column for c in ws[1]}
    ws.delete_cols(headers["Notes"])
    target = tmp_path / "no-notes.xlsx"
    wb.save(target)

    _refused(target, settings, "no ranked sheet")


def test_an_excel_lock_file_is_skipped_with_a_note(tmp_path, edited, settings):
    lock = tmp_path / f"~${edited.name}"
    lock.write_bytes(b"\x0bDana Ruiz" + b"\x00" * 150)

    workbooks, notes = read_many([lock, edited], settings)

    assert [w.path for w in workbooks] == [edited]
    assert notes == [f"~${edited.name}: skipped: an Excel lock file (~$), not a workbook"]
    _refused(lock, settings, "lock file")


def test_a_smaller_sheet_with_recruiter_headers_does_not_hide_the_ranked_one(
    tmp_path, edited, result, settings
):
    wb = openpyxl.load_workbook(edited)
    extra = wb.create_sheet("For the manager", 0)
    extra.append(["Candidate", "Decision", "Interviewer", "Notes"])
    extra.append(["Maria Adeyemi", "Reject", None, None])
    target = tmp_path / "two-sheets.xlsx"
    wb.save(target)

    check_read(target, result, settings)
