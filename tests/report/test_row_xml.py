"""Tests for pipelines.report.row_xml: table rows as worksheet XML."""

from __future__ import annotations

from datetime import date, datetime

import polars as pl
import pytest
from lxml import etree
from openpyxl.utils.datetime import to_excel
from polars.testing import assert_frame_equal

from pipelines.report.row_xml import (
    XmlColumn,
    cell_xml,
    escape_attribute,
    escape_text,
    rows_xml,
    rows_xml_chunks,
    serial_days,
    size_bound,
)


def test_escape_text_keeps_markup_and_carriage_returns_as_text() -> None:
    frame = pl.DataFrame({"v": ["a & b", "<b>x</b>", "line\r\nbreak", None]})
    result = frame.select(escape_text(pl.col("v")))
    expected = pl.DataFrame({"v": ["a &amp; b", "&lt;b&gt;x&lt;/b&gt;", "line&#13;\nbreak", None]})
    assert_frame_equal(result, expected)


def test_serial_days_match_openpyxl() -> None:
    values = [
        datetime(2024, 3, 1, 18, 30),
        datetime(1900, 2, 28),
        datetime(1900, 3, 1),
        datetime(1899, 12, 31, 6),
        None,
    ]
    frame = pl.DataFrame({"at": values}, schema={"at": pl.Datetime("us")})
    result = frame.select(serial_days(pl.col("at")))["at"].to_list()
    expected = [to_excel(v) if v is not None else None for v in values]
    assert result == [pytest.approx(v, abs=1e-9) if v is not None else None for v in expected]


def test_serial_days_of_a_date_column() -> None:
    frame = pl.DataFrame({"d": [date(2024, 1, 2), None]})
    result = frame.select(serial_days(pl.col("d")))["d"].to_list()
    assert result == [to_excel(date(2024, 1, 2)), None]


def test_cell_xml_by_type() -> None:
    frame = pl.DataFrame(
        {
            "text": [" padded", "=1+1", "", None],
            "number": [1.5, None, 100.0, 2.0],
            "flag": [True, False, None, True],
        }
    )
    ref = pl.lit("A1")
    style = pl.lit(3)
    result = frame.select(
        cell_xml(pl.col(k), frame.schema[k], ref, style).alias(k) for k in frame.columns
    )
    expected = pl.DataFrame(
        {
            "text": [
                '<c r="A1" s="3" t="inlineStr"><is><t xml:space="preserve"> padded</t></is></c>',
                '<c r="A1" s="3" t="inlineStr"><is><t>=1+1</t></is></c>',
                None,
                None,
            ],
            "number": [
                '<c r="A1" s="3" t="n"><v>1.5</v></c>',
                None,
                '<c r="A1" s="3" t="n"><v>100.0</v></c>',
                '<c r="A1" s="3" t="n"><v>2.0</v></c>',
            ],
            "flag": [
                '<c r="A1" s="3" t="b"><v>1</v></c>',
                '<c r="A1" s="3" t="b"><v>0</v></c>',
                None,
                '<c r="A1" s="3" t="b"><v>1</v></c>',
            ],
        }
    )
    assert_frame_equal(result, expected)


def test_rows_xml_numbers_rows_skips_nulls_and_sets_heights() -> None:
    frame = pl.DataFrame({"__row": ["x", None], "n": [1, None], "h": [None, 30.0]})
    columns = [XmlColumn("__row", "A", pl.lit(0)), XmlColumn("n", "B", pl.lit(2))]
    result = rows_xml(frame, columns, pl.col("h"), first_row=7)
    expected = (
        '<row r="7"><c r="A7" s="0" t="inlineStr"><is><t>x</t></is></c>'
        '<c r="B7" s="2" t="n"><v>1</v></c></row>'
        '<row r="8" ht="30.0" customHeight="1"></row>'
    )
    assert result == expected
    rows = etree.fromstring(f"<sheetData>{result}</sheetData>")
    assert [r.get("r") for r in rows] == ["7", "8"]


def test_rows_xml_of_no_rows_is_empty() -> None:
    frame = pl.DataFrame({"n": []}, schema={"n": pl.Int64})
    assert rows_xml(frame, [XmlColumn("n", "A", pl.lit(0))], None, first_row=2) == ""


def test_escape_attribute_keeps_quotes_and_whitespace() -> None:
    frame = pl.DataFrame({"v": ['mailto:a"b&c@x.y', "tab\there\nline", None]})
    result = frame.select(escape_attribute(pl.col("v")))
    expected = pl.DataFrame({"v": ["mailto:a&quot;b&amp;c@x.y", "tab&#9;here&#10;line", None]})
    assert_frame_equal(result, expected)
    element = etree.fromstring(f'<x a="{result["v"][0]}"/>')
    assert element.get("a") == frame["v"][0]


def test_size_bound_holds_for_text_that_needs_every_escape() -> None:
    frame = pl.DataFrame(
        {
            "t": ["&" * 50, "<>\r" * 20, None],
            "n": [-2.2250738585072014e-308, 1e300, None],
            "d": [datetime(2024, 1, 2), None, datetime(1900, 1, 1)],
        }
    )
    columns = [XmlColumn(k, letter, pl.lit(65535)) for k, letter in zip("tnd", "ABC", strict=True)]
    written = rows_xml(frame, columns, pl.lit(409.5), first_row=1_048_574)
    assert len(written.encode()) <= size_bound(frame)


def test_rows_xml_chunks_join_to_the_whole() -> None:
    frame = pl.DataFrame({"n": list(range(7))})
    columns = [XmlColumn("n", "A", pl.lit(1))]
    result = list(rows_xml_chunks(frame, columns, None, first_row=3, chunk_rows=3))
    assert len(result) == 3
    assert "".join(result) == rows_xml(frame, columns, None, first_row=3)
