"""Text exports: encodings, delimiters, `sep=`, quoted newlines, ragged rows, line numbers."""

from __future__ import annotations

import codecs

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from pipelines.ingest import read_export

ROWS = [
    ["First Name", "Last Name", "Email", "Notes"],
    ["José", "Núñez", "jose@example.com", ""],
    ["Zoë", "", "zoe@example.com", "café"],
]


def _text(delimiter: str, rows: list[list[str]] = ROWS) -> str:
    """Rows joined with `delimiter`, CRLF line ends."""
    return "".join(delimiter.join(row) + "\r\n" for row in rows)


def _expected(source_file: str, rows: list[int]) -> pl.DataFrame:
    """The identity columns and the carried-through Notes column that ROWS yield."""
    return pl.DataFrame(
        {
            "source_row": rows,
            "source_file": [source_file] * 2,
            "first_name": ["José", "Zoë"],
            "last_name": ["Núñez", None],
            "full_name": ["José Núñez", "Zoë"],
            "email": ["jose@example.com", "zoe@example.com"],
            "Notes": [None, "café"],
        },
        schema_overrides={"source_row": pl.Int64},
    )


def _select(frame: pl.DataFrame) -> pl.DataFrame:
    """The columns _expected describes."""
    return frame.select(
        "source_row", "source_file", "first_name", "last_name", "full_name", "email", "Notes"
    )


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("utf8.csv", _text(",").encode("utf-8")),
        ("bom.csv", codecs.BOM_UTF8 + _text(",").encode("utf-8")),
        ("cp1252.csv", _text(",").encode("cp1252")),
        ("semicolon.csv", _text(";").encode("utf-8")),
        ("tab.tsv", _text("\t").encode("utf-8")),
        ("pipe.txt", _text("|").encode("utf-8")),
        ("utf16.csv", codecs.BOM_UTF16_LE + _text(",").encode("utf-16-le")),
        ("utf32.csv", codecs.BOM_UTF32_BE + _text(";").encode("utf-32-be")),
    ],
)
def test_encodings_and_delimiters(tmp_path, columns, ingest, name, data):
    path = tmp_path / name
    path.write_bytes(data)
    result = read_export(path, columns, ingest)
    assert_frame_equal(_select(result.frame), _expected(name, [2, 3]))
    assert result.header_row == 1
    assert result.sheet is None


def test_excel_sep_line_is_honoured(tmp_path, columns, ingest):
    # Commas inside values would win a sniff; the sep= line says the delimiter is `;`.
    rows = [*ROWS[:2], ["Zoë", "", "zoe@example.com", "café, bar, tea"]]
    path = tmp_path / "sep.csv"
    path.write_bytes(("sep=;\r\n" + _text(";", rows)).encode("utf-8"))
    result = read_export(path, columns, ingest)
    expected = _expected("sep.csv", [3, 4]).with_columns(Notes=pl.Series([None, "café, bar, tea"]))
    assert_frame_equal(_select(result.frame), expected)
    assert result.header_row == 2


def test_quoted_newlines_keep_line_numbers_of_record_start(tmp_path, columns, ingest):
    text = (
        "Name,Email,Resume\n"
        'Ann Lee,ann@example.com,"CPC, 5 years\nICD-10 ""expert""\nHIPAA"\n'
        "\n"
        "Bob Roe,,short\n"
    )
    path = tmp_path / "multi.csv"
    path.write_text(text, encoding="utf-8")
    result = read_export(path, columns, ingest)
    expected = pl.DataFrame(
        {
            "source_row": [2, 6],
            "full_name": ["Ann Lee", "Bob Roe"],
            "email": ["ann@example.com", None],
            "resume_text": ['CPC, 5 years\nICD-10 "expert"\nHIPAA', "short"],
        },
        schema_overrides={"source_row": pl.Int64},
    )
    assert_frame_equal(result.frame.select(expected.columns), expected)
    assert (result.rows_read, result.blank_rows) == (3, 1)


def test_ragged_rows_are_kept_and_reported(tmp_path, columns, ingest):
    text = "Name,Email,Phone\nAnn Lee,ann@example.com\nBob Roe,bob@example.com,555,surplus\n"
    path = tmp_path / "ragged.csv"
    path.write_text(text, encoding="utf-8")
    result = read_export(path, columns, ingest)
    expected = pl.DataFrame(
        {
            "source_row": [2, 3],
            "phone": [None, "555"],
            "Unnamed column 4": [None, "surplus"],
        },
        schema_overrides={"source_row": pl.Int64},
    )
    assert_frame_equal(result.frame.select(expected.columns), expected)
    assert any("fewer fields" in warning and "lines 2" in warning for warning in result.warnings)
    assert any("more fields" in warning and "lines 3" in warning for warning in result.warnings)


def test_banner_lines_above_the_header(tmp_path, columns, ingest):
    text = "Applicant export\nGenerated 2024-05-01,by admin\n\nEmail,Name\nann@example.com,\n"
    path = tmp_path / "banner.csv"
    path.write_text(text, encoding="utf-8")
    result = read_export(path, columns, ingest)
    expected = pl.DataFrame(
        {"source_row": [5], "email": ["ann@example.com"], "full_name": [None]},
        schema={"source_row": pl.Int64, "email": pl.String, "full_name": pl.String},
    )
    assert_frame_equal(result.frame.select(expected.columns), expected)
    assert result.header_row == 4
