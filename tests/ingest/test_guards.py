"""Every refusal reason, raised before (or instead of) parsing, as one recruiter-readable line."""

from __future__ import annotations

import io
import zipfile

import openpyxl
import pytest

from pipelines.ingest import IngestError, read_export
from pipelines.ingest.guards import OLE_MAGIC
from pipelines.ingest.workbook import _guarded
from tests.corpus.hostile import rezip


def _xlsx_bytes(rows: list[list[object]]) -> bytes:
    """A real .xlsx holding `rows` on its first sheet."""
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _expect(tmp_path, columns, ingest, name: str, data: bytes, reason: str) -> IngestError:
    """Write `data` as `name`, read it, and check the error names `reason` on one line."""
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(IngestError) as caught:
        read_export(path, columns, ingest)
    message = str(caught.value)
    assert message.startswith(f"{name}: ")
    assert reason in message
    assert "\n" not in message
    return caught.value


SHEET = "xl/worksheets/sheet1.xml"
ROWS = [["Name", "Email"], ["Ann Lee", None]]


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("empty.csv", b"", "empty file"),
        ("blank.csv", b" \r\n\r\n\t\r\n", "empty file"),
        ("report.xlsx", b"%PDF-1.7\n...", "not a spreadsheet"),
        ("page.xls", b"<html><body><table><tr><td>Name</td></tr></table>", "not a spreadsheet"),
        ("old.xls", b"\x09\x04\x06\x00\x00\x00\x10\x00", "legacy format"),
        ("binary.xlsb", b"PK\x03\x04whatever", "legacy format"),
        ("locked.xlsx", OLE_MAGIC + b"\x00" * 504, "password-protected"),
        ("broken.xlsx", b"PK\x03\x04" + b"\x00" * 64, "damaged file"),
        ("nothing.csv", b"favourite,colour\nblue,green\n", "no candidate header found"),
    ],
)
def test_refusals(tmp_path, columns, ingest, name, data, reason):
    _expect(tmp_path, columns, ingest, name, data, reason)


def test_missing_file(tmp_path, columns, ingest):
    with pytest.raises(IngestError, match="file not found"):
        read_export(tmp_path / "nope.csv", columns, ingest)


def test_file_size_limit(tmp_path, columns, ingest):
    small = ingest.model_copy(update={"max_file_bytes": 10})
    _expect(tmp_path, columns, small, "big.csv", b"Name,Email\n" * 3, "too large")


def test_word_document_in_a_zip(tmp_path, columns, ingest):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    _expect(tmp_path, columns, ingest, "cv.xlsx", buffer.getvalue(), "Word document")


def test_xml_entity_declaration_is_refused(tmp_path, columns, ingest):
    data = rezip(
        _xlsx_bytes(ROWS),
        SHEET,
        lambda xml: xml.replace(b"<worksheet", b'<!DOCTYPE x [<!ENTITY a "b">]><worksheet', 1),
    )
    _expect(tmp_path, columns, ingest, "entities.xlsx", data, "entity declarations")


def test_zip_bomb_is_refused_by_ratio(tmp_path, columns, ingest):
    padding = b"<!-- " + b" " * 4_000_000 + b" -->"
    data = rezip(_xlsx_bytes(ROWS), SHEET, lambda xml: xml + padding)
    _expect(tmp_path, columns, ingest, "bomb.xlsx", data, "possible zip bomb")


def test_zip_bomb_is_refused_by_total_size(tmp_path, columns, ingest):
    limits = ingest.zip.model_copy(update={"max_total_uncompressed_bytes": 2_000})
    small = ingest.model_copy(update={"zip": limits})
    _expect(tmp_path, columns, small, "big.xlsx", _xlsx_bytes(ROWS * 50), "possible zip bomb")


def test_sheet_reaching_the_last_cell_is_refused_before_reading(tmp_path, columns, ingest):
    book = openpyxl.Workbook()
    book.active.append(["Name", "Email"])
    book.active["XFD1048576"] = "x"
    path = tmp_path / "far.xlsx"
    book.save(path)
    with pytest.raises(IngestError, match=r"too large \(a sheet spans 1,048,576 rows x 16,384"):
        read_export(path, columns, ingest)


def test_reader_panics_become_damaged_file(tmp_path):
    class FakePanic(BaseException):
        """Stands in for pyo3's PanicException, which is not an Exception."""

    def explode():
        raise FakePanic("index out of range")

    with pytest.raises(IngestError, match="damaged file"):
        _guarded(tmp_path / "x.xlsx", explode)


def test_reader_password_errors_are_named(tmp_path):
    def locked():
        raise ValueError("Workbook is password protected")

    with pytest.raises(IngestError, match="password-protected"):
        _guarded(tmp_path / "x.xls", locked)


def test_a_folder_is_named_as_such(tmp_path, columns, ingest):
    with pytest.raises(IngestError, match=r"file not found \(this is a folder"):
        read_export(tmp_path, columns, ingest)
