"""Tests for pipelines.report.safety: text cleaning and the formula guard."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import polars as pl
import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.styles.cell_style import StyleArray
from polars.testing import assert_frame_equal

from pipelines.report import styles
from pipelines.report.columns import Column, ready_frame
from pipelines.report.package import PackageWorkbook
from pipelines.report.safety import (
    clean_frame,
    clean_text,
    clean_text_expr,
    needs_guard,
    needs_guard_expr,
    safe_cell,
)
from pipelines.report.table_sheet import write_table_sheet
from tests.corpus.hostile import unsafe_parts, workbook_parts
from tests.report.frames import report_config
from tests.report.test_injection import PAYLOADS as FORMULA_PAYLOADS

PAYLOADS = [*FORMULA_PAYLOADS, "#N/A", "#DIV/0!"]  # and text Excel would read as an error


def test_clean_text_expr_strips_control_characters_and_keeps_line_breaks() -> None:
    config = report_config()
    frame = pl.DataFrame(
        {"text": ["a\x00b\x08c\x0bd\x1fe", "line\nbreak\ttab\rcr", None, "\ufffeok"]}
    )
    result = frame.select(clean_text_expr(pl.col("text"), config))
    expected = pl.DataFrame({"text": ["abcde", "line\nbreak\ttab\rcr", None, "ok"]})
    assert_frame_equal(result, expected)


def test_clean_text_expr_cuts_text_over_the_cell_limit_with_a_marker() -> None:
    config = report_config(max_cell_chars=100)
    marker = config.text.truncation_marker
    frame = pl.DataFrame({"text": ["x" * 100, "y" * 101, None]})
    result = frame.select(clean_text_expr(pl.col("text"), config))
    expected = pl.DataFrame({"text": ["x" * 100, "y" * (100 - len(marker)) + marker, None]})
    assert_frame_equal(result, expected)
    assert result["text"].str.len_chars().max() == 100


def test_clean_text_scalar_matches_the_expression() -> None:
    config = report_config(max_cell_chars=64)
    values = ["a\x01b", "z" * 65, "plain"]
    result = [clean_text(v, config) for v in values]
    expected = pl.DataFrame({"v": values}).select(clean_text_expr(pl.col("v"), config))
    assert result == expected["v"].to_list()


def test_clean_frame_drops_time_zones_and_non_finite_numbers() -> None:
    config = report_config()
    frame = pl.DataFrame(
        {
            "at": pl.Series(["2024-01-02 03:04:05", None]).str.to_datetime(time_zone="UTC"),
            "x": [float("inf"), None],
            "y": [float("nan"), 1.5],
            "tags": [["a", "b"], None],
        }
    )
    result = clean_frame(frame, config)
    assert result.schema["at"] == pl.Datetime("us")
    assert result["x"].to_list() == [None, None]
    assert result["y"].to_list() == [None, 1.5]
    assert result.schema["tags"] == pl.String


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ('=HYPERLINK("http://x","y")', True),
        ("+1+1", True),
        ("-2+3", True),
        ("@SUM(A1)", True),
        ("\t=1", True),
        ("\r=1", True),
        ("#N/A", True),
        ("Ana Ortiz", False),
        ("a=b", False),
        ("", False),
    ],
)
def test_needs_guard(value: str, expected: bool) -> None:
    assert needs_guard(value) is expected


def test_the_scalar_and_the_expression_guard_agree() -> None:
    values = [*PAYLOADS, "Ana Ortiz", "a=b", "", " =1", "#n/a", "5+5"]
    frame = pl.DataFrame({"v": values})

    result = frame.select(needs_guard_expr(pl.col("v")))["v"].to_list()

    assert result == [needs_guard(v) for v in values]
    assert result[: len(PAYLOADS)] == [True] * len(PAYLOADS)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_safe_cell_keeps_formula_like_text_as_quote_prefixed_text(payload: str) -> None:
    ws = Workbook(write_only=True).create_sheet()

    cell = safe_cell(ws, payload, report_config())

    assert (cell.value, cell.data_type, cell.quotePrefix) == (payload, "s", True)


def test_safe_cell_cleans_plain_text_and_cuts_it_with_the_marker() -> None:
    config = report_config(max_cell_chars=20)
    ws = Workbook(write_only=True).create_sheet()
    marker = config.text.truncation_marker

    plain = safe_cell(ws, "Ana\x00 Ortiz\x1f", config)
    long = safe_cell(ws, "x" * 21, config)
    header = safe_cell(ws, "y" * 21, config, limit=10)

    assert (plain.value, plain.data_type, plain.quotePrefix) == ("Ana Ortiz", "s", False)
    assert long.value == "x" * (20 - len(marker)) + marker
    assert header.value == "y" * (10 - len(marker)) + marker


@pytest.mark.parametrize(
    ("value", "expected", "data_type"),
    [
        (3, 3, "n"),
        (2.5, 2.5, "n"),
        (Decimal("1.5"), Decimal("1.5"), "n"),
        (True, True, "b"),
        (date(2024, 1, 2), date(2024, 1, 2), "d"),
        (datetime(2024, 1, 2, 3, 4, tzinfo=UTC), datetime(2024, 1, 2, 3, 4), "d"),
        (float("nan"), None, "n"),
        (float("inf"), None, "n"),
        (None, None, "n"),
        (["=1", "b"], "['=1', 'b']", "s"),
    ],
)
def test_safe_cell_types_numbers_booleans_and_dates(value, expected, data_type) -> None:
    ws = Workbook(write_only=True).create_sheet()

    cell = safe_cell(ws, value, report_config())

    assert (cell.value, cell.data_type) == (expected, data_type)


def test_safe_cell_keeps_the_given_look_and_adds_the_quote_prefix() -> None:
    ws = Workbook(write_only=True).create_sheet()
    look = StyleArray()
    look.fontId = 3

    cell = safe_cell(ws, "=1+2", report_config(), look)

    assert (cell._style.fontId, cell.quotePrefix) == (3, True)
    assert look.quotePrefix == 0  # the shared look itself is not changed


@pytest.mark.parametrize("write_only", [True, False])
def test_a_saved_sheet_of_safe_cells_holds_no_formula(write_only: bool, tmp_path) -> None:
    workbook = Workbook(write_only=write_only)
    if not write_only:
        workbook.remove(workbook.active)
    ws = workbook.create_sheet("S")
    ws.append([safe_cell(ws, payload, report_config()) for payload in PAYLOADS])
    path = tmp_path / "cells.xlsx"
    workbook.save(path)

    row = next(load_workbook(path)["S"].iter_rows())

    assert unsafe_parts(workbook_parts(path)) == []
    assert [(c.value, c.data_type, c.quotePrefix) for c in row] == [
        (p, "s", True) for p in PAYLOADS
    ]


def test_table_rows_written_as_xml_follow_the_same_rules_as_safe_cell(tmp_path) -> None:
    config = report_config(max_cell_chars=40)
    values = [*PAYLOADS, "Ana\x00 Ortiz", "z" * 41, "plain"]
    workbook = PackageWorkbook(deflate_level=config.package.deflate_level)
    looks = styles.register_styles(workbook, config)
    column = Column(key="text", header="Text", kind="text", width=20, cue=None, about="")
    frame = ready_frame(pl.DataFrame({"text": values}), [column], config)
    write_table_sheet(
        workbook,
        title="Xml",
        table_name="Xml",
        frame=frame,
        columns=[column],
        config=config,
        looks=looks,
    )
    ws = workbook.create_sheet("Cells")
    for value in values:
        ws.append([safe_cell(ws, value, config)])
    path = tmp_path / "paths.xlsx"
    workbook.save(path)
    book = load_workbook(path)

    def written(title: str, first: int) -> list[tuple]:
        cells = [row[0] for row in book[title].iter_rows(min_row=first)]
        return [(c.value, c.data_type, c.quotePrefix) for c in cells]

    assert written("Xml", 2) == written("Cells", 1)
    assert written("Cells", 1)[len(PAYLOADS) :] == [
        ("Ana Ortiz", "s", False),
        (
            "z" * (40 - len(config.text.truncation_marker)) + config.text.truncation_marker,
            "s",
            False,
        ),
        ("plain", "s", False),
    ]
