"""No silent loss: error cells, encodings, `sep=`, duplicate headers, ragged rows, control
characters, leading zeros, long ids and merged header cells."""

from __future__ import annotations

import codecs

import openpyxl
import polars as pl
import pytest
from polars.testing import assert_frame_equal

from pipelines.ingest import read_export

CSV = "Candidate ID,Name,Email\n007,Ann Lee,ann@x.org\n12345678901234567890,Bo Ma,\n"


def _write(tmp_path, name: str, data: bytes):
    path = tmp_path / name
    path.write_bytes(data)
    return path


def _ids(result) -> pl.DataFrame:
    return result.frame.select("source_row", "candidate_id", "full_name", "email")


EXPECTED_IDS = pl.DataFrame(
    {
        "source_row": [2, 3],
        "candidate_id": ["007", "12345678901234567890"],
        "full_name": ["Ann Lee", "Bo Ma"],
        "email": ["ann@x.org", None],
    },
    schema={
        "source_row": pl.Int64,
        "candidate_id": pl.String,
        "full_name": pl.String,
        "email": pl.String,
    },
)


@pytest.mark.parametrize(
    ("encoding", "bom"),
    [
        ("utf-8", b""),
        ("utf-8", codecs.BOM_UTF8),
        ("utf-16-le", codecs.BOM_UTF16_LE),
        ("utf-16-be", codecs.BOM_UTF16_BE),
        ("utf-32-le", codecs.BOM_UTF32_LE),
        ("utf-32-be", codecs.BOM_UTF32_BE),
    ],
)
def test_unicode_csvs_are_decoded(tmp_path, columns, ingest, encoding, bom):
    path = _write(tmp_path, "wide.csv", bom + CSV.encode(encoding))
    assert_frame_equal(_ids(read_export(path, columns, ingest)), EXPECTED_IDS)


def test_excel_sep_line_is_honoured(tmp_path, columns, ingest):
    text = "sep=;\n" + CSV.replace(",", ";").replace("Bo Ma", "Ma, Bo")
    result = read_export(_write(tmp_path, "semi.csv", text.encode()), columns, ingest)
    expected = EXPECTED_IDS.with_columns(
        source_row=pl.Series([3, 4], dtype=pl.Int64),
        full_name=pl.Series(["Ann Lee", "Ma, Bo"]),
    )
    assert_frame_equal(_ids(result), expected)


def test_duplicate_headers_are_reported(tmp_path, columns, ingest):
    text = "Name,Email,Notes,Notes\nAnn Lee,ann@x.org,a,b\n"
    result = read_export(_write(tmp_path, "dup.csv", text.encode()), columns, ingest)
    assert result.frame.select("Notes", "Notes (2)").row(0) == ("a", "b")
    assert any("duplicate header 'Notes'" in warning for warning in result.warnings)


def test_ragged_rows_are_reported_with_line_numbers_and_not_truncated(tmp_path, columns, ingest):
    text = 'Name,Email\nAnn Lee,ann@x.org,extra\nBo Ma\n"Cy\nDo",cy@x.org\nEd Fu,ed@x.org,,\n'
    result = read_export(_write(tmp_path, "ragged.csv", text.encode()), columns, ingest)
    assert result.frame["source_row"].to_list() == [2, 3, 4, 6]
    assert result.frame["Unnamed column 3"].to_list() == ["extra", None, None, None]
    assert "(lines 3)" in " ".join(result.warnings)
    assert "(lines 2, 6)" in " ".join(result.warnings)


def test_nul_and_control_characters_are_cleaned(tmp_path, columns, ingest):
    text = "Name,Email,Notes\nAnn\x00 Lee,ann@x.org\x07,a\x0bb\x1fc\tok\n"
    result = read_export(_write(tmp_path, "ctrl.csv", text.encode()), columns, ingest)
    assert result.frame.select("full_name", "email", "Notes").row(0) == (
        "Ann Lee",
        "ann@x.org",
        "abc\tok",
    )


def test_workbook_ids_stay_text_and_error_rows_are_kept(tmp_path, columns, ingest):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Candidate ID", "Name", "Email", "Years of Experience"])
    sheet.append(["007", "Ann Lee", "ann@x.org", 3])
    sheet.append(["12345678901234567890", "Bo Ma", None, 2.5])
    sheet.append(["#N/A", "#REF!", None, "#DIV/0!"])
    path = tmp_path / "ids.xlsx"
    book.save(path)
    result = read_export(path, columns, ingest)
    assert result.rows_read == 3
    assert result.frame["candidate_id"].to_list() == ["007", "12345678901234567890", "#N/A"]
    assert result.frame["full_name"].to_list() == ["Ann Lee", "Bo Ma", "#REF!"]
    assert result.frame["years_experience"].to_list() == ["3", "2.5", "#DIV/0!"]


def test_merged_header_cells_keep_every_column(tmp_path, columns, ingest):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Applicants for coding roles", None, None])
    sheet.merge_cells("A1:C1")
    sheet.append(["Name", None, "Email"])
    sheet.merge_cells("A2:B2")
    sheet.append(["Ann", "Lee", "ann@x.org"])
    path = tmp_path / "merged.xlsx"
    book.save(path)
    result = read_export(path, columns, ingest)
    assert result.header_row == 2
    assert result.frame.select("source_row", "full_name", "email").row(0) == (
        3,
        "Ann",
        "ann@x.org",
    )
    assert result.frame["Unnamed column 2"].to_list() == ["Lee"]


def test_1904_dates_are_read_as_dates(tmp_path, columns, ingest):
    book = openpyxl.Workbook()
    book.epoch = openpyxl.utils.datetime.CALENDAR_MAC_1904
    sheet = book.active
    sheet.append(["Name", "Email", "Applied On"])
    sheet.append(["Ann Lee", "ann@x.org", openpyxl.utils.datetime.from_excel(45000)])
    path = tmp_path / "mac.xlsx"
    book.save(path)
    result = read_export(path, columns, ingest)
    assert result.frame["applied_at"].to_list() == ["2023-03-15"]
