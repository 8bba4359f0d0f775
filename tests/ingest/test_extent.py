"""Sheet extent guards: valued cells placed by reference, by order or by ODS repeat counts."""

from __future__ import annotations

import io
import zipfile

import openpyxl
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from polars.testing import assert_frame_equal

from pipelines.ingest import IngestError, read_export
from pipelines.ingest.extent import (
    OdsExtent,
    RefScan,
    Span,
    XlsxExtent,
    beyond_pattern,
    column_number,
    settled_pattern,
)

SHEET = "xl/worksheets/sheet1.xml"
HEAD = b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
TAIL = b"</sheetData></worksheet>"


def _inline(text: str, ref: str | None = None) -> bytes:
    """An inline-string cell, with or without an `r` reference."""
    where = f' r="{ref}"' if ref else ""
    return f'<c{where} t="inlineStr"><is><t>{text}</t></is></c>'.encode()


def _xlsx(sheet_xml: bytes) -> bytes:
    """A real .xlsx whose first worksheet part is replaced by `sheet_xml`."""
    book = openpyxl.Workbook()
    book.active.append(["x"])
    source = io.BytesIO()
    book.save(source)
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(source) as original,
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in original.infolist():
            data = sheet_xml if info.filename == SHEET else original.read(info)
            target.writestr(info.filename, data)
    return buffer.getvalue()


def _ods(rows: bytes, manifest_extra: bytes = b"") -> bytes:
    """A minimal .ods whose single table holds `rows`."""
    content = (
        b'<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
        b' xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"'
        b' xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body>'
        b'<office:spreadsheet><table:table table:name="Sheet1">' + rows + b"</table:table>"
        b"</office:spreadsheet></office:body></office:document-content>"
    )
    manifest = (
        b'<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">'
        b'<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml">'
        + manifest_extra
        + b"</manifest:file-entry></manifest:manifest>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("META-INF/manifest.xml", manifest)
        archive.writestr("content.xml", content)
    return buffer.getvalue()


def _ods_cell(text: str, repeat: int = 1) -> bytes:
    """An ODS string cell, repeated across `repeat` columns."""
    return (
        f'<table:table-cell table:number-columns-repeated="{repeat}" office:value-type="string">'
        f"<text:p>{text}</text:p></table:table-cell>"
    ).encode()


ODS_HEADER = b"<table:table-row>" + _ods_cell("Name") + _ods_cell("Email") + b"</table:table-row>"
ODS_ROW = (
    b"<table:table-row>" + _ods_cell("Ann Lee") + _ods_cell("ann@x.org") + b"</table:table-row>"
)


@pytest.fixture
def small(ingest):
    """Ingest config whose sheets may span at most 1,000 cells."""
    return ingest.model_copy(
        update={"zip": ingest.zip.model_copy(update={"max_sheet_cells": 1_000})}
    )


def _read(tmp_path, name: str, data: bytes, columns, ingest):
    path = tmp_path / name
    path.write_bytes(data)
    return read_export(path, columns, ingest)


def test_column_number():
    result = [column_number(letters) for letters in ("A", "Z", "AA", "XFD", "xfd")]
    assert result == [1, 26, 27, 16_384, 16_384]


def test_cells_without_references_are_placed_by_order(tmp_path, columns, small):
    wide = b"<row>" + b"".join(_inline("x") for _ in range(40)) + b"</row>"
    empty_rows = b"<row/>" * 30
    last = b"<row>" + _inline("y") + b"</row>"
    data = _xlsx(
        HEAD
        + b"<row>"
        + _inline("Name")
        + _inline("Email")
        + b"</row>"
        + wide
        + empty_rows
        + last
        + TAIL
    )
    with pytest.raises(IngestError, match=r"too large \(a sheet spans 33 rows x 40 columns"):
        _read(tmp_path, "noref.xlsx", data, columns, small)


def test_cells_without_references_are_read(tmp_path, columns, small):
    rows = [("Name", "Email"), ("Ann Lee", "ann@x.org"), (None, "bo@x.org")]
    xml = b"".join(
        b"<row>" + b"".join(_inline(v) if v else b"<c/>" for v in row) + b"</row>" for row in rows
    )
    result = _read(tmp_path, "noref.xlsx", _xlsx(HEAD + xml + TAIL), columns, small).frame
    expected = pl.DataFrame(
        {"source_row": [2, 3], "email": ["ann@x.org", "bo@x.org"], "full_name": ["Ann Lee", None]},
        schema={"source_row": pl.Int64, "email": pl.String, "full_name": pl.String},
    )
    assert_frame_equal(result.select(expected.columns), expected)


def test_styled_empty_cells_at_the_last_cell_do_not_count(tmp_path, columns, small):
    xml = (
        b'<dimension ref="A1:XFD1048576"/>'
        + HEAD
        + b'<row r="1">'
        + _inline("Name", "A1")
        + _inline("Email", "B1")
        + b"</row>"
        + b'<row r="2">'
        + _inline("Ann Lee", "A2")
        + _inline("ann@x.org", "B2")
        + b"</row>"
        + b'<row r="1048576"><c r="XFD1048576" s="1"/></row>'
        + TAIL
    )
    result = _read(tmp_path, "styled.xlsx", _xlsx(xml), columns, small)
    assert result.frame["email"].to_list() == ["ann@x.org"]


@pytest.mark.parametrize(
    "cell",
    [
        b"<c r='XFD1048576'><v>1</v></c>",  # single quotes
        b'<c r = "XFD1048576"><v>1</v></c>',  # spaces around "="
        b'<c x=">" r="XFD1048576"><v>1</v></c>',  # ">" inside another attribute
        b'<x:c xmlns:x="urn:x" r="XFD1048576"><v>1</v></x:c>',  # prefixed element
    ],
)
def test_unusual_references_fall_back_to_a_full_parse(tmp_path, columns, small, cell):
    xml = HEAD + b'<row r="1">' + _inline("Name", "A1") + _inline("Email", "B1") + cell
    data = _xlsx(xml + b"</row>" + TAIL)
    with pytest.raises(IngestError, match="too large"):
        _read(tmp_path, "odd.xlsx", data, columns, small)


def test_ref_scan_and_full_parse_agree_on_plain_references():
    xml = HEAD + b'<row r="3"><c r="B3"><v>1</v></c><c r="AA7" s="2"/></row>' + TAIL
    fast, full = RefScan(max_carry=16), XlsxExtent()
    for start in range(0, len(xml), 7):  # chunks that split tags
        fast.feed(xml[start : start + 7])
        full.feed(xml[start : start + 7])
    fast.close()
    full.close()
    assert fast.exact
    assert (fast.span.rows, fast.span.columns) == (3, 2)
    assert (full.largest.rows, full.largest.columns) == (3, 2)


def test_ods_repeated_valued_cells_are_refused(tmp_path, columns, small):
    bomb = b'<table:table-row table:number-rows-repeated="500">' + _ods_cell("X", 50)
    data = _ods(ODS_HEADER + bomb + b"</table:table-row>")
    with pytest.raises(IngestError, match=r"too large \(a sheet spans 501 rows x 50 columns"):
        _read(tmp_path, "repeat.ods", data, columns, small)


def test_ods_repeated_empty_rows_and_cells_are_read(tmp_path, columns, small):
    filler = (
        b'<table:table-row table:number-rows-repeated="1048570">'
        b'<table:table-cell table:number-columns-repeated="16384"/></table:table-row>'
    )
    result = _read(tmp_path, "filler.ods", _ods(ODS_HEADER + ODS_ROW + filler), columns, small)
    assert result.frame["email"].to_list() == ["ann@x.org"]


def test_ods_extent_is_per_table():
    tracker = OdsExtent()
    content = (
        b'<r xmlns:table="t" xmlns:office="o"><table:table><table:table-row>'
        b'<table:table-cell table:number-columns-repeated="4" office:value-type="float"/>'
        b"</table:table-row></table:table>"
        b'<table:table><table:table-row table:number-rows-repeated="3">'
        b'<table:table-cell office:value-type="float"/></table:table-row></table:table></r>'
    )
    tracker.feed(content)
    tracker.close()
    assert (tracker.largest.rows, tracker.largest.columns) == (1, 4)


def test_encrypted_ods_is_password_protected(tmp_path, columns, ingest):
    data = _ods(ODS_HEADER + ODS_ROW, b'<manifest:encryption-data manifest:checksum="x"/>')
    with pytest.raises(IngestError, match="password-protected"):
        _read(tmp_path, "locked.ods", data, columns, ingest)


def test_malformed_sheet_xml_is_damaged(tmp_path, columns, ingest):
    data = _xlsx(HEAD + b"<row><c><v>1</v></row>" + TAIL)
    with pytest.raises(IngestError, match="damaged file"):
        _read(tmp_path, "broken.xlsx", data, columns, ingest)


@pytest.mark.parametrize("batch_bytes", [0, 40, 1 << 20])
def test_ref_scan_finds_cells_out_of_order(batch_bytes):
    cells = [
        b'<row r="2"><c r="B2"><v>1</v></c><c r="ZZ0000009"><v>1</v></c></row>',  # wide, early
        b'<row r="7"><c r="C0000070"><v>1</v></c><c r="XFD70" s="1"/></row>',  # styled only
        b'<row r="3"><c r="A3"><v>1</v></c></row>',  # lowest at the end
    ]
    xml = HEAD + b"".join(cells) + TAIL
    fast, full = RefScan(max_carry=16, batch_bytes=batch_bytes), XlsxExtent()
    for start in range(0, len(xml), 11):
        fast.feed(xml[start : start + 11])
        full.feed(xml[start : start + 11])
    fast.close()
    full.close()
    result = (fast.exact, fast.span.rows, fast.span.columns)
    assert result == (True, 70, column_number("ZZ"))
    assert (full.largest.rows, full.largest.columns) == (70, column_number("ZZ"))


def test_beyond_pattern_matches_only_cells_past_the_span():
    pattern = beyond_pattern(Span(rows=120, columns=column_number("AB")))
    tags = pl.Series(
        [
            '<c r="AB120"><v>1</v>',  # at the span
            '<c r="AA0000120">',  # leading zeros, inside
            '<c r="AC1">',  # one column past
            '<c r="ABC1">',  # longer letters
            '<c r="A121">',  # one row past
            '<c r="A0000121">',  # past, with leading zeros
            '<c r="Z999" s="1"/>',  # past but self-closing (no value)
        ]
    )
    result = tags.str.contains(pattern).to_list()
    assert result == [False, False, True, True, True, True, False]
    assert beyond_pattern(Span(rows=9_999_999, columns=column_number("ZZZ"))) is None


def test_settled_pattern_matches_the_plain_tags_beyond_pattern_leaves_out():
    span = Span(rows=120, columns=column_number("AB"))
    tags = pl.Series(
        [
            '<c r="AB120"><v>1</v>',  # at the span
            '<c r="AA0000120">',  # leading zeros, inside
            '<c r="A1" t="s">',  # inside
            '<c r="AC1">',  # one column past
            '<c r="ABC1">',  # longer letters
            '<c r="A121">',  # one row past
            '<c r="A0000121">',  # past, with leading zeros
            '<c r="Z999" s="1"/>',  # past but self-closing (no value)
        ]
    )
    result = tags.str.contains(settled_pattern(span))
    expected = ~tags.str.contains(beyond_pattern(span))
    assert result.to_list() == expected.to_list() == [True] * 3 + [False] * 4 + [True]
    assert pl.Series(['<c r="A1">', '<c r="A1"/>']).str.contains(
        settled_pattern(Span())
    ).to_list() == [False, True]


class _GeneralScan(RefScan):
    """RefScan with its fast path turned off: the general patterns alone."""

    def _plain(self, text: pl.DataFrame, candidate: Span) -> bool:
        return False


_REFS = st.sampled_from(
    ["A1", "B2", "A30", "Q1", "Q30", "AA7", "A0000099", "C0000070", "ZZ9", "a1", "$B$2", "XFD70"]
)
_CELL_TAGS = st.builds(
    lambda ref, form: form.format(ref=ref),
    _REFS,
    st.sampled_from(
        [
            '<c r="{ref}"><v>1</v></c>',
            '<c r="{ref}" s="1"/>',
            '<c r="{ref}"></c>',
            '<c s="1" r="{ref}"><v>1</v></c>',
            "<c><v>1</v></c>",
            '<x:c r="{ref}"><v>1</v></x:c>',
            '<c\tr="{ref}"><v>1</v></c>',
            '<c r="{ref}" t="inlineStr"><is><t>a:c b</t></is></c>',
        ]
    ),
)


# Plain cells enough to push the tags before them out of the tail the candidate span is read
# from.
_FILLER = b"<row>" + b'<c r="A1"><v>1</v></c>' * 250 + b"</row>"


@settings(max_examples=50, deadline=None)
@given(
    rows=st.lists(st.lists(_CELL_TAGS, max_size=4), min_size=1, max_size=8),
    filler_at=st.integers(min_value=0, max_value=8),
    chunk=st.integers(min_value=16, max_value=4096),
    batch_bytes=st.sampled_from([0, 30, 5000, 1 << 20]),
)
def test_ref_scan_fast_path_agrees_with_the_general_patterns(rows, filler_at, chunk, batch_bytes):
    parts = [b"<row>" + "".join(row).encode() + b"</row>" for row in rows]
    xml = HEAD + b"".join([*parts[:filler_at], _FILLER, *parts[filler_at:]]) + TAIL
    fast = RefScan(max_carry=16, batch_bytes=batch_bytes)
    general = _GeneralScan(max_carry=16, batch_bytes=batch_bytes)
    for start in range(0, len(xml), chunk):
        fast.feed(xml[start : start + chunk])
        general.feed(xml[start : start + chunk])
    fast.close()
    general.close()
    result = (fast.opened, fast.referenced, fast.span)
    assert result == (general.opened, general.referenced, general.span)
