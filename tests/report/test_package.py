"""Tests for pipelines.report.package: table rows spliced into the saved workbook package."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import polars as pl
import pytest
from lxml import etree
from openpyxl import Workbook, load_workbook

from pipelines.report import write_workbook
from pipelines.report.columns import resolve_columns
from pipelines.report.package import (
    AFTER_HYPERLINKS,
    HYPERLINK,
    MAIN_NS,
    PACKAGE_REL_NS,
    REL_NS,
    PackageError,
    PackageWorkbook,
    SheetBody,
    rels_part,
    sheet_parts,
    template_styles,
)
from pipelines.report.styles import register_styles
from pipelines.report.table_sheet import write_table_sheet
from tests.report.frames import ReportOnlySettings, report_config, scored_frame, screening_result

REPORT = Path(__file__).resolve().parents[2] / "pipelines" / "report"
# openpyxl internals the report once used (issue 10): none may come back.
INTERNALS = re.compile(r"\._(cell_styles|hyperlinks|rows|writer|values_to_row|get_writer)\b")


def _book(tmp_path: Path, n: int = 30, deflate_level: int | None = None) -> Path:
    """A workbook of `n` scored candidates."""
    config = report_config()
    if deflate_level is not None:
        package = config.package.model_copy(update={"deflate_level": deflate_level})
        config = config.model_copy(update={"package": package})
    path = tmp_path / f"book-{n}-{deflate_level}.xlsx"
    return write_workbook(path, screening_result(scored_frame(n)), ReportOnlySettings(config))


def _ranked_part(archive: zipfile.ZipFile) -> str:
    return sheet_parts(archive)[report_config().sheets.ranked]


def test_sheet_parts_are_found_through_the_relationships() -> None:
    wb = Workbook(write_only=True)
    wb.create_sheet("First")
    wb.create_sheet("Second")
    saved = io.BytesIO()
    wb.save(saved)
    moved = io.BytesIO()
    with zipfile.ZipFile(saved) as source, zipfile.ZipFile(moved, "w") as out:
        for name in source.namelist():
            data = source.read(name)
            if name == "xl/_rels/workbook.xml.rels":
                data = data.replace(b"worksheets/sheet2.xml", b"worksheets/elsewhere.xml")
            out.writestr(name.replace("sheet2.xml", "elsewhere.xml"), data)
    with zipfile.ZipFile(moved) as archive:
        result = sheet_parts(archive)
    assert result == {"First": "xl/worksheets/sheet1.xml", "Second": "xl/worksheets/elsewhere.xml"}


def test_template_styles_by_column_letter() -> None:
    row = '<c r="A2" s="4" t="n"></c><c r="C2" t="n"/><c r="AB2" s="17"/>'
    assert template_styles(row) == {"A": 4, "C": 0, "AB": 17}


def test_rels_part_name() -> None:
    assert rels_part("xl/worksheets/sheet1.xml") == "xl/worksheets/_rels/sheet1.xml.rels"


def test_spliced_sheet_is_well_formed_with_rows_in_order(tmp_path: Path) -> None:
    path = _book(tmp_path, n=25)
    with zipfile.ZipFile(path) as archive:
        root = etree.fromstring(archive.read(_ranked_part(archive)))
    rows = root.find(f"{{{MAIN_NS}}}sheetData")
    numbers = [int(r.get("r")) for r in rows]
    assert numbers == list(range(1, 27))  # header and 25 candidates, no template row left
    first = rows[1]
    assert [c.get("r") for c in first][:2] == ["A2", "B2"]
    last = max(len(first), *(len(r) for r in rows))
    dimension = root.find(f"{{{MAIN_NS}}}dimension").get("ref")
    assert dimension.startswith("A1:") and dimension.endswith("26")
    assert etree.QName(root[1]).localname == "dimension"  # after sheetPr, as the schema says
    ws = load_workbook(path, read_only=True)[report_config().sheets.ranked]
    assert (ws.max_row, ws.calculate_dimension()) == (26, dimension)
    assert ws.max_column >= last


def test_one_external_relationship_per_link_and_hyperlinks_in_schema_order(
    tmp_path: Path,
) -> None:
    scored = scored_frame(30)
    with zipfile.ZipFile(_book(tmp_path, n=30)) as archive:
        part = _ranked_part(archive)
        sheet = etree.fromstring(archive.read(part))
        rels = etree.fromstring(archive.read(rels_part(part)))
    names = [etree.QName(child).localname for child in sheet]
    at = names.index("hyperlinks")
    assert all(name in AFTER_HYPERLINKS for name in names[at + 1 :])
    assert "sheetData" in names[:at] and "conditionalFormatting" in names[:at]
    links = sheet.find(f"{{{MAIN_NS}}}hyperlinks")
    ids = [link.get(f"{{{REL_NS}}}id") for link in links]
    by_id = {r.get("Id"): r for r in rels.iterfind(f"{{{PACKAGE_REL_NS}}}Relationship")}
    assert len(set(ids)) == len(ids) == scored["email"].str.contains("@").sum()
    assert all(by_id[i].get("Type") == HYPERLINK for i in ids)
    assert all(by_id[i].get("TargetMode") == "External" for i in ids)
    assert all(by_id[i].get("Target").startswith("mailto:") for i in ids)
    assert len(by_id) == len(ids) + 1  # and the table's relationship, kept


def _table_sheet(wb: PackageWorkbook, values: list, **options: object) -> tuple:
    """A one-column table sheet "T" of `values` (sheet, layout)."""
    config = report_config()
    frame = pl.DataFrame({"a": values})
    return write_table_sheet(
        wb,
        title="T",
        table_name="T",
        frame=frame,
        columns=resolve_columns(frame.schema, config),
        config=config,
        looks=register_styles(wb, config),
        **options,
    )


def test_rows_written_under_a_table_without_reserving_them_fail(tmp_path: Path) -> None:
    wb = PackageWorkbook(deflate_level=1)
    ws, _ = _table_sheet(wb, ["x", "y"])
    ws.append(["under the table"])
    with pytest.raises(PackageError, match="rows_below"):
        wb.save(tmp_path / "bad.xlsx")


def test_rows_below_a_table_keep_their_numbers(tmp_path: Path) -> None:
    wb = PackageWorkbook(deflate_level=1)
    ws, layout = _table_sheet(wb, ["x", "=y", None], rows_below=True)
    ws.append(["under the table"])
    wb.save(tmp_path / "ok.xlsx")
    result = [r[0] for r in load_workbook(tmp_path / "ok.xlsx")["T"].iter_rows(values_only=True)]
    assert result == ["a", "x", "=y", None, "under the table"]
    assert layout.last_row == 4


def test_deflate_level_comes_from_config(tmp_path: Path) -> None:
    stored = _book(tmp_path, n=200, deflate_level=0)
    packed = _book(tmp_path, n=200, deflate_level=9)
    with zipfile.ZipFile(packed) as archive:
        assert {i.compress_type for i in archive.infolist()} == {zipfile.ZIP_DEFLATED}
    assert stored.stat().st_size > 2 * packed.stat().st_size


def test_report_uses_no_openpyxl_internals() -> None:
    result = [
        f"{path.name}:{number}"
        for path in sorted(REPORT.glob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if INTERNALS.search(line)
    ]
    assert result == []


def test_links_on_a_sheet_without_relationships_get_a_new_part(tmp_path: Path) -> None:
    wb = PackageWorkbook(deflate_level=1)
    ws = wb.create_sheet("Plain")
    ws.append(["Email"])
    ws.append([None])  # the template row: no looks needed here
    row = '<row r="2"><c r="A2" t="inlineStr"><is><t>a@b.co</t></is></c></row>'
    wb.add_body(
        SheetBody(
            sheet="Plain",
            first_row=2,
            reserved_to=2,
            last_row=2,
            dimension="A1:A2",
            rows=lambda styles: iter([row]),
            links=pl.DataFrame({"ref": ["A2"], "target": ['mailto:a@b.co?subject="x"&y']}),
            chunk_rows=10,
            size_bound=len(row),
        )
    )
    wb.save(tmp_path / "plain.xlsx")
    with zipfile.ZipFile(tmp_path / "plain.xlsx") as archive:
        assert rels_part(sheet_parts(archive)["Plain"]) in archive.namelist()
    cell = load_workbook(tmp_path / "plain.xlsx")["Plain"]["A2"]
    assert (cell.value, cell.hyperlink.target) == ("a@b.co", 'mailto:a@b.co?subject="x"&y')
