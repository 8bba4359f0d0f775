"""Splice table rows built as XML into the sheet parts of a workbook package openpyxl saved.

openpyxl writes the workbook (styles, tables, validations, conditional formats, small sheets)
with each big table holding only its header and one template row; `splice_package` then copies
the package entry by entry and streams the polars-built `<row>` XML into the sheet's part in
place of the template row, with the table's external hyperlinks (`<hyperlinks>` plus one
relationship each in the sheet's relationships part), as ECMA-376 lays them out. Only public
openpyxl API is used: the package is read back as a zip of XML parts.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import polars as pl
from lxml import etree
from openpyxl import Workbook

from pipelines.report.row_xml import escape_attribute

PACKAGE_RELS = "_rels/.rels"
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
OFFICE_DOCUMENT = f"{REL_NS}/officeDocument"
HYPERLINK = f"{REL_NS}/hyperlink"
REL_ID_PREFIX = "rId"
ENCODING = "utf-8"

# Worksheet children that come after <hyperlinks>, in the schema's order (CT_Worksheet).
AFTER_HYPERLINKS = (
    "printOptions",
    "pageMargins",
    "pageSetup",
    "headerFooter",
    "rowBreaks",
    "colBreaks",
    "customProperties",
    "cellWatches",
    "ignoredErrors",
    "smartTags",
    "drawing",
    "legacyDrawing",
    "legacyDrawingHF",
    "drawingHF",
    "picture",
    "oleObjects",
    "controls",
    "webPublishItems",
    "tableParts",
    "extLst",
)
_ROW = re.compile(r"<row\b(?P<attrs>[^>]*?)(?:/>|>(?P<cells>.*?)</row>)", re.S)
_ROW_NUMBER = re.compile(r'\sr="(\d+)"')
_CELL = re.compile(r"<c\b([^>]*?)/?>")
_CELL_COLUMN = re.compile(r'\sr="([A-Z]+)\d+"')
_CELL_STYLE = re.compile(r'\ss="(\d+)"')
_DIMENSION = re.compile(r'(<dimension\b[^>]*?\sref=")[^"]*(")')
# <dimension> comes first in a worksheet, after <sheetPr> only.
_DIMENSION_AFTER = re.compile(
    r"<worksheet\b[^>]*>(?:<sheetPr\b[^>]*/>|<sheetPr\b.*?</sheetPr>)?", re.S
)
_AFTER_LINKS = re.compile(r"<(?:{})[\s/>]".format("|".join(AFTER_HYPERLINKS)))
_REL_ID = re.compile(rf'\sId="{REL_ID_PREFIX}(\d+)"')
_RELS_END = "</Relationships>"


class PackageError(ValueError):
    """The saved package does not have the shape the splice needs (a bug, not bad input)."""


@dataclass(frozen=True)
class SheetBody:
    """Rows of one sheet to write straight into its part.

    openpyxl wrote a template row at `first_row` (its cells' `s` attributes give the style ids
    by column letter) and, when rows follow the table, empty rows up to `reserved_to`. Both are
    replaced by `rows(style_ids)`, `<row>` XML numbered `first_row` to `last_row`.
    """

    sheet: str
    first_row: int
    reserved_to: int
    last_row: int
    dimension: str
    rows: Callable[[Mapping[str, int]], Iterator[str]]
    links: pl.DataFrame  # `ref`, `target`: one external hyperlink each
    chunk_rows: int
    size_bound: int  # most bytes the rows can take (decides the zip64 entry format)


class PackageWorkbook(Workbook):
    """A write-only workbook whose table rows are spliced into the package as it is saved."""

    def __init__(self, deflate_level: int) -> None:
        """`deflate_level`: zlib level (0-9) for every part of the saved package."""
        super().__init__(write_only=True)
        self.deflate_level = deflate_level
        self.bodies: list[SheetBody] = []

    def add_body(self, body: SheetBody) -> None:
        """Rows to splice into sheet `body.sheet` at save time."""
        if any(b.sheet == body.sheet for b in self.bodies):
            raise PackageError(f"sheet {body.sheet!r} already has rows to splice")
        self.bodies.append(body)

    def save(self, filename: str | Path) -> None:
        """openpyxl saves the package to memory; the splice writes it to `filename`."""
        buffer = io.BytesIO()
        super().save(buffer)
        buffer.seek(0)
        splice_package(buffer, Path(filename), self.bodies, self.deflate_level)


def rels_part(part: str) -> str:
    """The relationships part of `part`: `xl/a.xml` -> `xl/_rels/a.xml.rels`."""
    folder, name = posixpath.split(part)
    return posixpath.join(folder, "_rels", f"{name}.rels")


def _resolve(source_part: str, target: str) -> str:
    """A relationship target as a part name (absolute, or relative to the source's folder)."""
    if target.startswith("/"):
        return target.lstrip("/")
    return posixpath.normpath(posixpath.join(posixpath.dirname(source_part), target))


def _targets(archive: zipfile.ZipFile, source_part: str) -> dict[str, tuple[str, str]]:
    """Relationship id -> (type, part name) of `source_part`'s relationships."""
    root = etree.fromstring(archive.read(rels_part(source_part) if source_part else PACKAGE_RELS))
    return {
        rel.get("Id"): (rel.get("Type"), _resolve(source_part, rel.get("Target")))
        for rel in root.iterfind(f"{{{PACKAGE_REL_NS}}}Relationship")
    }


def sheet_parts(archive: zipfile.ZipFile) -> dict[str, str]:
    """Sheet title -> its part name, found through the package's and workbook's relationships."""
    workbook = next(
        (part for kind, part in _targets(archive, "").values() if kind == OFFICE_DOCUMENT), None
    )
    if workbook is None:
        raise PackageError("the package has no workbook part")
    targets = _targets(archive, workbook)
    root = etree.fromstring(archive.read(workbook))
    return {
        sheet.get("name"): targets[sheet.get(f"{{{REL_NS}}}id")][1]
        for sheet in root.iterfind(f"{{{MAIN_NS}}}sheets/{{{MAIN_NS}}}sheet")
    }


def template_styles(row: str) -> dict[str, int]:
    """Column letter -> style id (`s`) of the cells of a template row's XML."""
    styles = {}
    for cell in _CELL.finditer(row):
        column = _CELL_COLUMN.search(cell.group(1))
        style = _CELL_STYLE.search(cell.group(1))
        if column is not None:
            styles[column.group(1)] = int(style.group(1)) if style is not None else 0
    return styles


@dataclass(frozen=True)
class _Cut:
    """A sheet part cut where the rows go: text before, the template's styles, text after."""

    head: str
    styles: dict[str, int]
    tail: str


def cut_sheet(xml: str, body: SheetBody) -> _Cut:
    """Split a sheet part at the template row (and its reserved empty rows)."""
    start = end = None
    styles: dict[str, int] = {}
    for row in _ROW.finditer(xml):
        number = _ROW_NUMBER.search(row.group("attrs"))
        r = int(number.group(1)) if number is not None else 0
        if r < body.first_row:
            continue
        if r == body.first_row:
            start, end, styles = row.start(), row.end(), template_styles(row.group("cells") or "")
        elif r <= body.reserved_to and not (row.group("cells") or "").strip():
            end = row.end()
        elif r <= max(body.last_row, body.reserved_to):
            raise PackageError(
                f"sheet {body.sheet!r}: row {r} was written inside the table's rows "
                f"{body.first_row}-{body.last_row}; reserve them (rows_below=True)"
            )
        else:
            break
    if start is None or end is None:
        raise PackageError(f"sheet {body.sheet!r} has no template row {body.first_row}")
    return _Cut(head=_with_dimension(xml[:start], body), styles=styles, tail=xml[end:])


def _with_dimension(head: str, body: SheetBody) -> str:
    """The sheet's top with `<dimension ref>` set to the body's range (added when missing)."""
    if _DIMENSION.search(head):
        return _DIMENSION.sub(rf"\g<1>{body.dimension}\g<2>", head, count=1)
    top = _DIMENSION_AFTER.search(head)
    if top is None:
        raise PackageError(f"sheet {body.sheet!r} has no <worksheet> element")
    at = top.end()
    return f'{head[:at]}<dimension ref="{body.dimension}"/>{head[at:]}'


def _chunks(frame: pl.DataFrame, size: int, xml: pl.Expr) -> Iterator[str]:
    """`xml` of each row of `frame`, joined, `size` rows at a time."""
    for start in range(0, frame.height, size):
        yield frame.slice(start, size).select(xml.str.join("")).item()


def _numbered(links: pl.DataFrame, first_id: int) -> pl.DataFrame:
    """Links with their relationship ids (`rId<n>` from `first_id`) as text."""
    ids = (pl.int_range(pl.len()) + first_id).cast(pl.String)
    return links.with_columns(rid=pl.lit(REL_ID_PREFIX) + ids)


def hyperlinks_xml(links: pl.DataFrame, first_id: int, size: int) -> Iterator[str]:
    """`<hyperlink ref=.. r:id=..>` elements, `size` at a time."""
    parts = ['<hyperlink ref="', pl.col("ref"), '" r:id="', pl.col("rid"), '"/>']
    xml = pl.concat_str([pl.lit(p) if isinstance(p, str) else p for p in parts])
    return _chunks(_numbered(links, first_id), size, xml)


def relationships_xml(links: pl.DataFrame, first_id: int, size: int) -> Iterator[str]:
    """One external hyperlink `<Relationship>` per link, `size` at a time."""
    xml = pl.concat_str(
        [
            pl.lit('<Relationship Id="'),
            pl.col("rid"),
            pl.lit(f'" Type="{HYPERLINK}" Target="'),
            escape_attribute(pl.col("target")),
            pl.lit('" TargetMode="External"/>'),
        ]
    )
    return _chunks(_numbered(links, first_id), size, xml)


def _next_rel_id(rels: str | None) -> int:
    """The first `rId<n>` number a relationships part does not use."""
    used = [int(n) for n in _REL_ID.findall(rels or "")]
    return max(used, default=0) + 1


def _links_position(tail: str, sheet: str) -> int:
    """Where `<hyperlinks>` goes in the text after the rows (schema order)."""
    data_end = tail.find("</sheetData>")
    if data_end < 0:
        raise PackageError(f"sheet {sheet!r}: no </sheetData> after the rows")
    if "<hyperlinks" in tail[data_end:]:
        raise PackageError(f"sheet {sheet!r} already has hyperlinks")
    found = _AFTER_LINKS.search(tail, data_end)
    return found.start() if found is not None else tail.rindex("</worksheet>")


def _write_sheet(out: zipfile.ZipFile, part: str, xml: str, body: SheetBody, first_id: int) -> None:
    """The sheet part with the body's rows and hyperlinks streamed in."""
    cut = cut_sheet(xml, body)
    at = _links_position(cut.tail, body.sheet)
    bound = len(xml.encode(ENCODING)) + body.size_bound + body.links.height * len(HYPERLINK) * 2
    with out.open(part, "w", force_zip64=bound >= zipfile.ZIP64_LIMIT) as stream:
        stream.write(cut.head.encode(ENCODING))
        for chunk in body.rows(cut.styles):
            stream.write(chunk.encode(ENCODING))
        stream.write(cut.tail[:at].encode(ENCODING))
        if body.links.height:
            stream.write(f'<hyperlinks xmlns:r="{REL_NS}">'.encode(ENCODING))
            for chunk in hyperlinks_xml(body.links, first_id, body.chunk_rows):
                stream.write(chunk.encode(ENCODING))
            stream.write(b"</hyperlinks>")
        stream.write(cut.tail[at:].encode(ENCODING))


def _write_rels(
    out: zipfile.ZipFile, part: str, rels: str | None, body: SheetBody, first_id: int
) -> None:
    """The sheet's relationships part with one hyperlink relationship per link appended."""
    if rels is None:
        rels = f'<Relationships xmlns="{PACKAGE_REL_NS}">{_RELS_END}'
    at = rels.rindex(_RELS_END)
    with out.open(part, "w") as stream:
        stream.write(rels[:at].encode(ENCODING))
        for chunk in relationships_xml(body.links, first_id, body.chunk_rows):
            stream.write(chunk.encode(ENCODING))
        stream.write(rels[at:].encode(ENCODING))


def splice_package(
    source: BinaryIO, target: Path, bodies: Sequence[SheetBody], deflate_level: int
) -> None:
    """Copy the package in `source` to `target`, writing each body's rows into its sheet."""
    with (
        zipfile.ZipFile(source) as archive,
        zipfile.ZipFile(
            target, "w", zipfile.ZIP_DEFLATED, allowZip64=True, compresslevel=deflate_level
        ) as out,
    ):
        parts = sheet_parts(archive)
        names = set(archive.namelist())
        missing = [b.sheet for b in bodies if b.sheet not in parts]
        if missing:
            raise PackageError(f"no sheet named {missing[0]!r} in the package")
        by_part = {parts[b.sheet]: b for b in bodies}
        rels_of = {rels_part(p): b for p, b in by_part.items() if b.links.height}
        first_ids = {
            part: _next_rel_id(
                archive.read(rels_part(part)).decode(ENCODING) if rels_part(part) in names else None
            )
            for part in by_part
        }
        for info in archive.infolist():
            name = info.filename
            if name in by_part:
                body = by_part[name]
                xml = archive.read(name).decode(ENCODING)
                _write_sheet(out, name, xml, body, first_ids[name])
                links_rels = rels_part(name)
                if links_rels in rels_of and links_rels not in names:
                    _write_rels(out, links_rels, None, body, first_ids[name])
            elif name in rels_of:
                body = rels_of[name]
                rels = archive.read(name).decode(ENCODING)
                _write_rels(out, name, rels, body, first_ids[parts[body.sheet]])
            else:
                out.writestr(name, archive.read(name))
