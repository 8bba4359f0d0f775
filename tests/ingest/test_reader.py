"""read_export end to end on small CSVs: protected split, blanks, duplicates, unknown headers."""

from __future__ import annotations

import polars as pl
from polars.testing import assert_frame_equal

from pipelines.ingest import read_export

TEXT = (
    "Name,Email,Gender,Are you a protected veteran?,DOB,Phone,Mobile,Favourite Colour,Notes,Notes\n"
    "Ann Lee,ann@example.com,F,No,1990-01-01,,555 0101,blue,n1,n2\n"
    ",,,,,,,,,\n"
    "Bob Roe,bob@example.com,,Yes,,555 0202,555 0303,,,\n"
    "   ,\t,,,,,,,,\n"
)


def _read(tmp_path, columns, ingest, text=TEXT, name="people.csv"):
    """Write `text` and read it."""
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return read_export(path, columns, ingest)


def test_frame_columns_and_order(tmp_path, columns, ingest):
    result = _read(tmp_path, columns, ingest)
    expected = [
        "source_row",
        "source_file",
        *columns.canonical_columns,
        "Favourite Colour",
        "Notes",
        "Notes (2)",
        "Mobile",
    ]
    assert result.frame.columns == expected
    assert set(result.frame.dtypes[1:]) == {pl.String}
    assert result.extra_columns == ["Favourite Colour", "Notes", "Notes (2)", "Mobile"]
    assert result.unknown_headers == ["Favourite Colour", "Notes", "Notes (2)"]


def test_protected_columns_are_split_off(tmp_path, columns, ingest):
    result = _read(tmp_path, columns, ingest)
    expected = pl.DataFrame(
        {
            "source_row": [2, 4],
            "gender": ["F", None],
            "veteran_status": ["No", "Yes"],
            "date_of_birth": ["1990-01-01", None],
        },
        schema_overrides={"source_row": pl.Int64},
    )
    assert_frame_equal(result.protected, expected)
    assert not set(columns.protected_columns) & set(result.frame.columns)
    assert result.mapping["Gender"] == "gender"


def test_blank_rows_skipped_and_counted(tmp_path, columns, ingest):
    result = _read(tmp_path, columns, ingest)
    assert result.frame["source_row"].to_list() == [2, 4]
    assert (result.rows_read, result.blank_rows, result.header_row) == (4, 2, 1)


def test_duplicate_meanings_coalesce_in_alias_order(tmp_path, columns, ingest):
    result = _read(tmp_path, columns, ingest)
    expected = pl.DataFrame(
        {
            "phone": ["555 0101", "555 0202"],
            "Mobile": ["555 0101", "555 0303"],
            "Notes": ["n1", None],
            "Notes (2)": ["n2", None],
        }
    )
    assert_frame_equal(result.frame.select(expected.columns), expected)
    assert any("duplicate header 'Notes'" in warning for warning in result.warnings)
    assert any("'Phone', 'Mobile' all mean phone" in warning for warning in result.warnings)


def test_control_characters_are_stripped(tmp_path, columns, ingest):
    text = (
        "Name,Email,Resume,Phone\r\n"
        'Ann\x00 Lee\x1b,\x0bann@example.com,"line one\r\nline\x07 two\x7f",\r\n'
        "Bob Roe,bob@example.com,plain resume text for a longer file,555 0101\r\n"
    )
    result = _read(tmp_path, columns, ingest, text=text)
    expected = pl.DataFrame(
        {
            "source_row": [2, 4],
            "full_name": ["Ann Lee", "Bob Roe"],
            "email": ["ann@example.com", "bob@example.com"],
            "resume_text": ["line one\nline two", "plain resume text for a longer file"],
            "phone": [None, "555 0101"],
        },
        schema_overrides={"source_row": pl.Int64},
    )
    assert_frame_equal(result.frame.select(expected.columns), expected)
