"""Checks run before any parser sees a file: size, type by magic bytes, zip bombs, XML entities,
encryption, and how far a worksheet's cells reach."""

from __future__ import annotations

import io
import re
import xml.parsers.expat
import zipfile
import zlib
from collections.abc import Iterator
from enum import StrEnum
from pathlib import Path
from typing import IO, Protocol

from pipelines.ingest.errors import IngestError
from pipelines.ingest.extent import OdsExtent, RefScan, UnsafeXml, XlsxExtent
from pipelines.ingest.pieces import READ_PIECE_BYTES, Pieces, read_parts
from pipelines.settings.ingest import IngestConfig, ZipLimits

_MIB = 1 << 20
ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# Leading bytes of common files that are not spreadsheets -> what they are.
NOT_SPREADSHEET_MAGIC = {
    b"%PDF": "a PDF document",
    b"\x89PNG": "an image",
    b"\xff\xd8\xff": "an image",
    b"GIF8": "an image",
    b"\x1f\x8b": "a compressed (.gz) file: decompress it first",
    b"\x28\xb5\x2f\xfd": "a compressed (.zst) file: decompress it first",
    b"BZh": "a compressed (.bz2) file: decompress it first",
    b"\xfd7zXZ": "a compressed (.xz) file: decompress it first",
    b"7z\xbc\xaf\x27\x1c": "a 7-Zip archive",
    b"Rar!": "a RAR archive",
    b"MZ": "a program",
    b"\x7fELF": "a program",
    b"{\\rtf": "a Word/RTF document",
}
# BOF records of Excel 2.x-4.x worksheets saved without an OLE container.
LEGACY_MAGIC = {
    b"\x09\x00": "Excel 2 worksheet",
    b"\x09\x02": "Excel 3 worksheet",
    b"\x09\x04": "Excel 4 worksheet",
}
ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"
OOXML_WORKBOOK = "xl/workbook.xml"
XLSB_WORKBOOK = "xl/workbook.bin"
OTHER_ZIP_PARTS = {
    "word/document.xml": "a Word document",
    "ppt/presentation.xml": "a PowerPoint presentation",
}
ENCRYPTED_FLAG = 0x1
OOXML_SUFFIXES = {"xlsx", "xlsm"}
WORKSHEET_PART = re.compile(r"^xl/worksheets/[^/]+\.xml$", re.IGNORECASE)
XML_PART = re.compile(r"\.(xml|rels|vml)$", re.IGNORECASE)
# OLE directory entry names are UTF-16LE.
OLE_ENCRYPTED = ("EncryptionInfo".encode("utf-16-le"), "EncryptedPackage".encode("utf-16-le"))
OLE_WORKBOOK = ("Workbook".encode("utf-16-le"), "Book".encode("utf-16-le"))
OLE_OTHER = {
    "WordDocument".encode("utf-16-le"): "a Word document",
    "PowerPoint Document".encode("utf-16-le"): "a PowerPoint presentation",
}
# A DTD or entity declaration in any XML part, in UTF-8 or UTF-16.
_DTD_WORDS = ("<!DOCTYPE", "<!ENTITY")
DTD_PATTERN = re.compile(
    b"|".join(
        re.escape(word.encode(encoding))
        for word in _DTD_WORDS
        for encoding in ("utf-8", "utf-16-le", "utf-16-be")
    ),
    re.IGNORECASE,
)
# `<!` in UTF-8 or UTF-16: a cheap test before the DTD pattern is searched.
MARKUP_DECLARATION = (b"<!", b"<\x00!")
BANG = b"!"  # in every markup declaration; a one-byte search is much faster than the pair
_DTD_OVERLAP = max(len(word.encode("utf-16-le")) for word in _DTD_WORDS)
ODS_CONTENT = "content.xml"
ODS_MANIFEST = "META-INF/manifest.xml"
ODS_ENCRYPTION = b"encryption-data"  # manifest element of a password-protected ODS part
UNREADABLE = "cannot open the file (is it open in another program?)"
PASSWORD = "password-protected: remove the password in Excel and export again"
NOT_XML = "damaged file (a sheet of the workbook is not valid XML)"
ENTITIES = "unsafe file (the workbook contains XML entity declarations)"


class ArchiveLimits(Protocol):
    """The zip limits the shared checks read (ingest's ZipLimits, the documents' limits)."""

    max_members: int
    max_total_uncompressed_bytes: int
    max_ratio: float
    ratio_min_bytes: int
    scan_chunk_bytes: int


class ZipFinding(StrEnum):
    """Why a zip's directory alone makes it unsafe to open, before any part is inflated."""

    TOO_MANY_MEMBERS = "too many members"
    ENCRYPTED = "encrypted"
    BOMB = "possible zip bomb"


class InflateLimitExceeded(Exception):
    """Inflating an archive's parts went past its configured total: a possible zip bomb."""


class InflateBudget:
    """Bytes inflated so far from one archive, against its configured total."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.total = 0


def ratio_exceeded(member: zipfile.ZipInfo, limits: ArchiveLimits) -> bool:
    """Whether a part claims to inflate far more than its compressed size (a bomb's sign)."""
    return member.file_size >= limits.ratio_min_bytes and (
        member.file_size > limits.max_ratio * max(member.compress_size, 1)
    )


def member_finding(members: list[zipfile.ZipInfo], limits: ArchiveLimits) -> ZipFinding | None:
    """The first reason, from the directory alone, not to open an archive; None when fine."""
    if len(members) > limits.max_members:
        return ZipFinding.TOO_MANY_MEMBERS
    if any(member.flag_bits & ENCRYPTED_FLAG for member in members):
        return ZipFinding.ENCRYPTED
    if sum(member.file_size for member in members) > limits.max_total_uncompressed_bytes:
        return ZipFinding.BOMB
    if any(ratio_exceeded(member, limits) for member in members):
        return ZipFinding.BOMB
    return None


def checked_xml_chunks(
    part: IO[bytes], limits: ArchiveLimits, budget: InflateBudget
) -> Iterator[bytes]:
    """An XML part's bytes in chunks; InflateLimitExceeded past the budget, UnsafeXml on a DTD."""
    tail = b""
    while chunk := part.read(limits.scan_chunk_bytes):
        budget.total += len(chunk)
        if budget.total > budget.limit:
            raise InflateLimitExceeded
        window = tail + chunk
        if _declares_markup(window) and DTD_PATTERN.search(window):
            raise UnsafeXml("the part declares a DTD or entities")
        tail = chunk[-_DTD_OVERLAP:]
        yield chunk


class FileKind(StrEnum):
    """How a file will be parsed, decided from its bytes."""

    TEXT = "text"
    XLSX = "xlsx"
    ODS = "ods"
    XLS = "xls"


def _mb(size: int) -> str:
    """Bytes as whole megabytes for messages."""
    return f"{max(1, round(size / _MIB))} MB"


def _check_file(path: Path, ingest: IngestConfig) -> None:
    """The existence, empty-file, size and legacy-extension checks."""
    if path.is_dir():
        raise IngestError(path, "file not found (this is a folder: give the export files in it)")
    if not path.is_file():
        raise IngestError(path, "file not found")
    size = path.stat().st_size
    if size == 0:
        raise IngestError(path, "empty file")
    if size > ingest.max_file_bytes:
        raise IngestError(
            path, f"too large ({_mb(size)}; the limit is {_mb(ingest.max_file_bytes)})"
        )
    suffix = path.suffix.lower().lstrip(".")
    if suffix in ingest.legacy_formats:
        raise IngestError(
            path,
            f"legacy format ({ingest.legacy_formats[suffix]}, .{suffix}): "
            "open it in Excel and save it as .xlsx",
        )


def read_guarded(path: Path, ingest: IngestConfig) -> bytes:
    """The file's bytes, after the existence, empty-file and size checks."""
    _check_file(path, ingest)
    try:
        return path.read_bytes()
    except OSError as exc:
        raise IngestError(path, UNREADABLE) from exc


def read_guarded_pieces(
    path: Path, ingest: IngestConfig, piece_bytes: int = READ_PIECE_BYTES
) -> Pieces:
    """`read_guarded` in pieces of about `piece_bytes`, ending at line ends where they can (an
    archive in one: its checks read it all)."""
    _check_file(path, ingest)
    try:
        with path.open("rb") as file:
            if file.peek(len(OLE_MAGIC)).startswith((*ZIP_MAGIC, OLE_MAGIC)):
                return Pieces([file.read()], path=path)
            parts = read_parts(file, piece_bytes)
    except OSError as exc:
        raise IngestError(path, UNREADABLE) from exc
    return Pieces(parts or [b""], path=path)


def classify(path: Path, data: bytes, ingest: IngestConfig) -> FileKind:
    """Decide how to parse `data` from its leading bytes; refuse what is unsafe or unreadable."""
    if data.startswith(ZIP_MAGIC):
        return _check_zip(path, data, ingest.zip)
    if data.startswith(OLE_MAGIC):
        return _check_ole(path, data)
    for magic, what in LEGACY_MAGIC.items():
        if data.startswith(magic):
            raise IngestError(
                path, f"legacy format ({what}): open it in Excel and save it as .xlsx"
            )
    for magic, what in NOT_SPREADSHEET_MAGIC.items():
        if data.startswith(magic):
            raise IngestError(path, f"not a spreadsheet (it looks like {what})")
    return FileKind.TEXT


def _check_ole(path: Path, data: bytes) -> FileKind:
    """Old-style Excel (.xls) or an encrypted workbook in an OLE container."""
    suffix = path.suffix.lower().lstrip(".")
    if suffix in OOXML_SUFFIXES or any(name in data for name in OLE_ENCRYPTED):
        raise IngestError(path, PASSWORD)
    if not any(name in data for name in OLE_WORKBOOK):
        for name, what in OLE_OTHER.items():
            if name in data:
                raise IngestError(path, f"not a spreadsheet (it looks like {what})")
    return FileKind.XLS


def _check_zip(path: Path, data: bytes, limits: ZipLimits) -> FileKind:
    """Refuse zip bombs, encrypted parts and XML with DTDs; say whether it is .xlsx or .ods."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError) as exc:
        raise IngestError(path, "damaged file (the workbook cannot be unzipped)") from exc
    kind = _zip_kind(path, archive, {member.filename for member in members})
    bomb = (
        "too large (the workbook would expand to over "
        f"{_mb(limits.max_total_uncompressed_bytes)} when opened: possible zip bomb)"
    )
    finding = member_finding(members, limits)
    if finding is ZipFinding.TOO_MANY_MEMBERS:
        raise IngestError(path, f"damaged file (the workbook holds {len(members)} parts)")
    if finding is ZipFinding.ENCRYPTED:
        raise IngestError(path, PASSWORD)
    if finding is ZipFinding.BOMB:
        raise IngestError(path, bomb)
    if kind is FileKind.ODS and _ods_encrypted(path, archive, limits):
        raise IngestError(path, PASSWORD)
    _scan_parts(path, archive, members, limits, bomb, kind)
    return kind


def _ods_encrypted(path: Path, archive: zipfile.ZipFile, limits: ZipLimits) -> bool:
    """Whether the ODS manifest lists encrypted parts (a password-protected spreadsheet)."""
    try:
        with archive.open(ODS_MANIFEST) as manifest:
            return ODS_ENCRYPTION in manifest.read(limits.scan_chunk_bytes)
    except KeyError:
        return False
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError, NotImplementedError) as exc:
        raise IngestError(path, "damaged file (the workbook cannot be unzipped)") from exc


def _zip_kind(path: Path, archive: zipfile.ZipFile, names: set[str]) -> FileKind:
    """.xlsx/.xlsm or .ods by their parts; anything else is refused."""
    if OOXML_WORKBOOK in names:
        return FileKind.XLSX
    if XLSB_WORKBOOK in names:
        raise IngestError(
            path, "legacy format (Excel binary workbook): open it in Excel and save it as .xlsx"
        )
    if "mimetype" in names:
        try:
            mimetype = archive.read("mimetype")[: len(ODS_MIMETYPE) + 8].strip()
        except (zipfile.BadZipFile, zlib.error, OSError, EOFError, NotImplementedError) as exc:
            raise IngestError(path, "damaged file (the workbook cannot be unzipped)") from exc
        if mimetype == ODS_MIMETYPE:
            return FileKind.ODS
    for part, what in OTHER_ZIP_PARTS.items():
        if part in names:
            raise IngestError(path, f"not a spreadsheet (it looks like {what})")
    raise IngestError(path, "not a spreadsheet (a zip archive without a workbook in it)")


Tracker = RefScan | XlsxExtent | OdsExtent


def _tracker(name: str, kind: FileKind, limits: ZipLimits) -> Tracker | None:
    """The extent tracker for a part that holds cells, else None."""
    if kind is FileKind.XLSX and WORKSHEET_PART.match(name):
        return RefScan(max_carry=limits.scan_chunk_bytes)
    if kind is FileKind.ODS and name == ODS_CONTENT:
        return OdsExtent()
    return None


def _scan_parts(
    path: Path,
    archive: zipfile.ZipFile,
    members: list[zipfile.ZipInfo],
    limits: ZipLimits,
    bomb: str,
    kind: FileKind,
) -> None:
    """Inflate every XML part in chunks: true size within limits, no DTD, sheet extent bounded."""
    budget = InflateBudget(limits.max_total_uncompressed_bytes)
    for member in members:
        if not XML_PART.search(member.filename):
            continue
        tracker = _tracker(member.filename, kind, limits)
        try:
            with archive.open(member) as part:
                for chunk in checked_xml_chunks(part, limits, budget):
                    if tracker is not None:
                        tracker.feed(chunk)
                        _check_span(path, tracker, limits)
            if tracker is not None:
                tracker.close()
                _check_span(path, tracker, limits)
            if isinstance(tracker, RefScan) and not tracker.exact:
                _exact_span(path, archive, member, limits)
        except IngestError:
            raise
        except InflateLimitExceeded as exc:
            raise IngestError(path, bomb) from exc
        except UnsafeXml as exc:
            raise IngestError(path, ENTITIES) from exc
        except xml.parsers.expat.ExpatError as exc:
            raise IngestError(path, NOT_XML) from exc
        except (zipfile.BadZipFile, zlib.error, OSError, EOFError, NotImplementedError) as exc:
            raise IngestError(path, "damaged file (a part of the workbook cannot be read)") from exc


def _declares_markup(window: bytes) -> bool:
    """Whether `<!` occurs in UTF-8 or UTF-16 (a fast `!` look first: XML rarely holds one)."""
    return BANG in window and any(mark in window for mark in MARKUP_DECLARATION)


def _exact_span(
    path: Path, archive: zipfile.ZipFile, member: zipfile.ZipInfo, limits: ZipLimits
) -> None:
    """Parse a worksheet whose cells lack references, placing them as the reader would."""
    tracker = XlsxExtent()
    with archive.open(member) as part:
        while chunk := part.read(limits.scan_chunk_bytes):
            tracker.feed(chunk)
            _check_span(path, tracker, limits)
    tracker.close()
    _check_span(path, tracker, limits)


def _check_span(path: Path, tracker: Tracker, limits: ZipLimits) -> None:
    """Refuse a sheet whose valued cells span more than the configured number of cells."""
    span = tracker.largest
    if span.cells > limits.max_sheet_cells:
        raise IngestError(
            path,
            f"too large (a sheet spans {span.rows:,} rows x {span.columns:,} "
            f"columns; the limit is {limits.max_sheet_cells:,} cells)",
        )
