"""Tests for pipelines.report.sheet_names: sheet names Excel accepts, made from hostile text."""

from __future__ import annotations

import pytest
from openpyxl import Workbook, load_workbook

from pipelines.report.sheet_names import (
    DEFAULT_TITLE,
    MAX_TITLE_CHARS,
    new_sheet,
    sheet_title,
    sheet_titles,
)


@pytest.mark.parametrize(
    ("name", "taken", "expected"),
    [
        ("Ranked", [], "Ranked"),
        ("x" * 40, [], "x" * 31),
        ("a[b]c:d*e?f/g\\h", [], "a b c d e f g h"),  # forbidden characters part words
        ("[]:*?/\\", [], DEFAULT_TITLE),
        ("", [], DEFAULT_TITLE),
        ("   ", [], DEFAULT_TITLE),
        ("'quoted'", [], "quoted"),
        ("''''", [], DEFAULT_TITLE),
        ("O'Brien", [], "O'Brien"),
        ("tab\tand\nline\x00break", [], "tab and line break"),
        ("RANKED", ["Ranked"], "RANKED (2)"),
        ("ranked", ["Ranked", "RANKED (2)"], "ranked (3)"),
        ("x" * 40, ["x" * 31], "x" * 27 + " (2)"),
        ("History", [], "History (2)"),
        ("history", [], "history (2)"),
        ('=HYPERLINK("http://evil.invalid","x")', [], '=HYPERLINK("http evil.invalid",'),
        ("Coder I/II", [], "Coder I II"),
    ],
)
def test_sheet_title(name: str, taken: list[str], expected: str) -> None:
    result = sheet_title(name, taken)

    assert result == expected
    assert len(result) <= MAX_TITLE_CHARS


def test_sheet_title_falls_back_to_the_given_default() -> None:
    assert sheet_title("???", [], default="Jobs") == "Jobs"
    assert sheet_title("???", ["jobs"], default="Jobs") == "Jobs (2)"


def test_a_cut_name_ends_without_an_apostrophe() -> None:
    cut_at_quote = "a" * 30 + "'b"
    suffix_at_quote = "a" * 26 + "'aaaa"

    assert sheet_title(cut_at_quote, []) == "a" * 30
    assert sheet_title(cut_at_quote, ["a" * 30]) == "a" * 27 + " (2)"
    assert sheet_title(suffix_at_quote, [suffix_at_quote]) == "a" * 26 + " (2)"


@pytest.mark.parametrize("write_only", [True, False])
def test_new_sheet_names_every_hostile_title_so_excel_files_open(write_only, tmp_path) -> None:
    names = ["Job: Coder II / Remote?", "job: coder ii / remote?", "'" * 3, "History", "y" * 50]
    workbook = Workbook(write_only=write_only)
    if not write_only:
        workbook.remove(workbook.active)

    titles = [new_sheet(workbook, name).title for name in names]
    path = tmp_path / "names.xlsx"
    workbook.save(path)

    assert titles == [
        "Job Coder II Remote",
        "job coder ii remote (2)",
        DEFAULT_TITLE,
        "History (2)",
        "y" * 31,
    ]
    assert load_workbook(path).sheetnames == titles


def test_sheet_titles_are_sanitised_unique_and_short() -> None:
    result = sheet_titles(
        [
            "Inpatient Coder II",
            "Inpatient Coder II",
            "Coder I/II [nights]: weekend team alpha",
            None,
            "summary",
            "inpatient coder ii",
        ],
        reserved=["Summary", "All jobs"],
        default="Export",
    )

    assert result == [
        "Inpatient Coder II",
        "Inpatient Coder II (2)",
        "Coder I II nights weekend team",
        "Export",
        "summary (2)",
        "inpatient coder ii (3)",
    ]
    assert all(len(name) <= MAX_TITLE_CHARS for name in result)
