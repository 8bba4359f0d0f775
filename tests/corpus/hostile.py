"""Builders for hostile exports and readers for what a written workbook holds."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import openpyxl

# Text that a spreadsheet could read as a formula, a command or a link.
PAYLOADS = [
    "=1+2",
    '=HYPERLINK("http://x","y")',
    "+1 555 0100",
    "-2+3",
    "@SUM(A1)",
    "\t=1+2",
    "\r=1+2",
    "=cmd|' /C calc'!A0",
    "#N/A",
]
FORMULA = re.compile(rb"<(?:\w+:)?f[\s>/]")
SHEET_PART = re.compile(r"^xl/worksheets/[^/]+\.xml$")
MACRO_PARTS = ("vbaProject", "externalLink", "macrosheets", "activeX")


def rezip(data: bytes, part: str, edit) -> bytes:
    """`data` (a zip) with `edit` applied to the bytes of `part` (a hostile variant of a file)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            target.writestr(info, edit(content) if info.filename == part else content)
    return buffer.getvalue()


def hostile_xlsm(path: Path) -> Path:
    """A macro-enabled export: payloads in every text column, a live formula, a VBA part and an
    external link part."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Candidate ID", "Name", "Email", "Certifications", "Resume Text", "Notes"])
    for number, payload in enumerate(PAYLOADS, start=1):
        sheet.append([f"00{number}", f"{payload} Lee", f"p{number}@x.org", "CPC", payload, payload])
    sheet.append(["099", "Formula Fan", "f@x.org", "CPC", "coder", None])
    sheet.cell(row=sheet.max_row, column=6).value = "=SUM(1,2)"  # a real formula cell
    buffer = io.BytesIO()
    book.save(buffer)
    source = zipfile.ZipFile(buffer)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info.filename, source.read(info))
        target.writestr("xl/vbaProject.bin", b"\xd0\xcf\x11\xe0 not really vba")
        target.writestr(
            "xl/externalLinks/externalLink1.xml",
            '<externalLink xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"/>',
        )
    return path


def workbook_parts(path: Path) -> dict[str, bytes]:
    """Every part of a written workbook, by name."""
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def unsafe_parts(parts: dict[str, bytes]) -> list[str]:
    """Parts that could run code or reach outside: macros, external links, formula cells."""
    found = [name for name in parts if any(word in name for word in MACRO_PARTS)]
    found += [name for name, xml in parts.items() if SHEET_PART.match(name) and FORMULA.search(xml)]
    found += [name for name, xml in parts.items() if b"macroEnabled" in xml]
    return found


def text_cells(path: Path) -> list[tuple[str, str, object]]:
    """(sheet, data type, value) of every non-empty cell of a written workbook."""
    book = openpyxl.load_workbook(path)
    return [
        (sheet.title, cell.data_type, cell.value)
        for sheet in book.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if cell.value is not None
    ]
