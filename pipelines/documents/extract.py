"""Text of one document (PDF text layer, DOCX, TXT/MD, RTF), or the one reason it has none.

Never raises: every failure of a parser on hostile or broken bytes becomes a `Reason`.
- PDF: pypdf (pure Python, maintained, resource limits against bombs and deep nesting built in).
  An encrypted PDF is read only when it opens with the empty password (an owner-only restriction).
- DOCX: the zip is guarded by the shared ingest checks (directory limits, chunked inflation with a
  budget, no DTD/entity declarations), then word/document.xml and its headers and footers are
  parsed with defusedxml's iterparse (DTDs and entities forbidden, nesting depth bounded).
- TXT/MD: BOM, else UTF-8, else the configured code page, like the export reader.
- RTF: striprtf (control words, destinations, code pages and `\\u` escapes handled).
"""

from __future__ import annotations

import io
import logging
import re
import warnings
import zipfile
import zlib
from dataclasses import dataclass
from xml.etree.ElementTree import ParseError

import defusedxml
import defusedxml.ElementTree

from pipelines.documents.reasons import Reason
from pipelines.ingest.cleaning import INPUT_CONTROL_CHARS
from pipelines.ingest.delimited import BOMS
from pipelines.ingest.extent import UnsafeXml
from pipelines.ingest.guards import (
    OLE_ENCRYPTED,
    OLE_MAGIC,
    ZIP_MAGIC,
    InflateBudget,
    InflateLimitExceeded,
    ZipFinding,
    checked_xml_chunks,
    member_finding,
)
from pipelines.settings.documents import DocumentsConfig

# pypdf logs what it repairs in a malformed file; the document's reason says enough.
logging.getLogger("pypdf").setLevel(logging.ERROR)

PDF_MAGIC = b"%PDF-"
PDF_MAGIC_WINDOW = 1024  # the header may follow some junk bytes, as readers allow
RTF_MAGIC = b"{\\rtf"
DOCX_BODY = "word/document.xml"
# Headers first (contact details often sit there), then the body, then footers.
DOCX_HEADER = re.compile(r"^word/header\d*\.xml$")
DOCX_FOOTER = re.compile(r"^word/footer\d*\.xml$")
_CONTROL = re.compile(INPUT_CONTROL_CHARS)
_ZIP_ERRORS = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    zlib.error,
    OSError,
    EOFError,
    ValueError,
    NotImplementedError,
    RuntimeError,
)
_XML_UNSAFE = (
    UnsafeXml,
    defusedxml.DTDForbidden,
    defusedxml.EntitiesForbidden,
    defusedxml.ExternalReferenceForbidden,
    InflateLimitExceeded,
)
_FINDING_REASON = {
    ZipFinding.ENCRYPTED: Reason.ENCRYPTED,
    ZipFinding.TOO_MANY_MEMBERS: Reason.UNSAFE,
    ZipFinding.BOMB: Reason.UNSAFE,
}


@dataclass(frozen=True)
class Extracted:
    """A document's text and kind, or the reason (text None) it could not be read."""

    kind: str
    text: str | None
    reason: Reason | None


class _Refused(Exception):
    """Internal: stop reading a document for `reason`."""

    def __init__(self, reason: Reason) -> None:
        self.reason = reason
        super().__init__(reason.value)


def document_kind(name: str, data: bytes, config: DocumentsConfig) -> str:
    """`pdf`, `docx`, `rtf`, `text`, or `other`: by leading bytes first, then by extension."""
    suffix = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if PDF_MAGIC in data[:PDF_MAGIC_WINDOW]:
        return "pdf"
    if data.startswith(ZIP_MAGIC) or data.startswith(OLE_MAGIC):
        return "docx" if suffix in config.docx_extensions else "other"
    if data.lstrip()[: len(RTF_MAGIC)] == RTF_MAGIC:
        return "rtf"
    for kind, extensions in (
        ("pdf", config.pdf_extensions),
        ("docx", config.docx_extensions),
        ("rtf", config.rtf_extensions),
        ("text", config.text_extensions),
    ):
        if suffix in extensions:
            return kind
    return "other"


def extract_text(name: str, data: bytes, config: DocumentsConfig) -> Extracted:
    """The text of one document, checked against the configured limits; never raises."""
    kind = document_kind(name, data, config)
    if kind == "other":
        return Extracted(kind, None, Reason.UNSUPPORTED)
    if len(data) > config.max_file_bytes:
        return Extracted(kind, None, Reason.TOO_LARGE)
    reader = {"pdf": _pdf_text, "docx": _docx_text, "rtf": _rtf_text, "text": _plain_text}[kind]
    try:
        text = reader(data, config)
    except _Refused as refused:
        return Extracted(kind, None, refused.reason)
    except RecursionError:
        return Extracted(kind, None, Reason.UNSAFE)
    except MemoryError:
        return Extracted(kind, None, Reason.TOO_LARGE)
    except Exception:  # any parser failure on hostile bytes is a damaged document, never a crash
        return Extracted(kind, None, Reason.DAMAGED)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    if len(text) > config.max_text_chars:
        return Extracted(kind, None, Reason.TOO_LARGE)
    if len(text.strip()) < config.min_text_chars:
        return Extracted(kind, None, Reason.NO_TEXT)
    return Extracted(kind, text, None)


def _pdf_text(data: bytes, config: DocumentsConfig) -> str:
    """The text layer of every page; encrypted (unless the empty password opens it) is refused."""
    # Imported here: pypdf costs 0.1 s of every run's start, and most exports come without PDFs.
    from pypdf import PdfReader
    from pypdf.errors import DependencyError, FileNotDecryptedError, LimitReachedError

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            reader = PdfReader(io.BytesIO(data), strict=False)
            if reader.is_encrypted and not reader.decrypt(""):
                raise _Refused(Reason.ENCRYPTED)
            if len(reader.pages) > config.max_pages:
                raise _Refused(Reason.TOO_MANY_PAGES)
            pages: list[str] = []
            size = 0
            for page in reader.pages:
                text = page.extract_text() or ""
                size += len(text)
                if size > config.max_text_chars:
                    raise _Refused(Reason.TOO_LARGE)
                pages.append(text)
        except (FileNotDecryptedError, DependencyError) as exc:
            raise _Refused(Reason.ENCRYPTED) from exc
        except LimitReachedError as exc:
            raise _Refused(Reason.UNSAFE) from exc
    return "\n".join(pages)


def _docx_text(data: bytes, config: DocumentsConfig) -> str:
    """Paragraph text of a guarded DOCX: headers, body, footers, one paragraph per line."""
    if data.startswith(OLE_MAGIC):
        # An OLE container named .docx: a password-protected document (or an old .doc).
        encrypted = any(marker in data for marker in OLE_ENCRYPTED)
        raise _Refused(Reason.ENCRYPTED if encrypted else Reason.UNSUPPORTED)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except _ZIP_ERRORS as exc:
        raise _Refused(Reason.DAMAGED) from exc
    finding = member_finding(members, config.docx)
    if finding is not None:
        raise _Refused(_FINDING_REASON[finding])
    names = [member.filename for member in members]
    if DOCX_BODY not in names:
        raise _Refused(Reason.DAMAGED)
    headers = sorted(n for n in names if DOCX_HEADER.match(n))
    footers = sorted(n for n in names if DOCX_FOOTER.match(n))
    parts = [*headers, DOCX_BODY, *footers]
    budget = InflateBudget(config.docx.max_total_uncompressed_bytes)
    texts = []
    for part in parts:
        try:
            with archive.open(part) as handle:
                xml = b"".join(checked_xml_chunks(handle, config.docx, budget))
            texts.append(_wordml_text(xml, config.max_xml_depth, config.max_text_chars))
        except _XML_UNSAFE as exc:
            raise _Refused(Reason.UNSAFE) from exc
        except ParseError as exc:
            raise _Refused(Reason.DAMAGED) from exc
        except _ZIP_ERRORS as exc:
            raise _Refused(Reason.DAMAGED) from exc
    return "\n".join(text for text in texts if text)


def _local(tag: str) -> str:
    """An element's name without its namespace."""
    return tag.rsplit("}", 1)[-1]


def _wordml_text(xml: bytes, max_depth: int, max_chars: int) -> str:
    """Text of WordprocessingML: `w:t` runs, tabs and breaks; one line per paragraph.

    The fallback of `mc:AlternateContent` repeats its choice (text boxes) and is skipped.
    """
    pieces: list[str] = []
    size = 0
    depth = 0
    fallback_depth = 0
    events = defusedxml.ElementTree.iterparse(
        io.BytesIO(xml), events=("start", "end"), forbid_dtd=True
    )
    for event, element in events:
        name = _local(element.tag)
        if event == "start":
            depth += 1
            if depth > max_depth:
                raise _Refused(Reason.UNSAFE)
            if name == "Fallback":
                fallback_depth += 1
            continue
        depth -= 1
        if name == "Fallback":
            fallback_depth -= 1
        elif fallback_depth:
            pass
        elif name == "t" and element.text:
            pieces.append(element.text)
            size += len(element.text)
        elif name == "tab":
            pieces.append("\t")
        elif name in ("br", "cr"):
            pieces.append("\n")
        elif name == "p":
            pieces.append("\n")
            element.clear()
        if size > max_chars:
            raise _Refused(Reason.TOO_LARGE)
    return "".join(pieces).strip("\n")


def _decode(data: bytes, fallback: str) -> str:
    """Bytes -> text: BOM first, then UTF-8, then the fallback code page (bad bytes replaced)."""
    for bom, encoding in BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(encoding)
            except UnicodeDecodeError as exc:
                raise _Refused(Reason.DAMAGED) from exc
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode(fallback, errors="replace")


def _plain_text(data: bytes, config: DocumentsConfig) -> str:
    """A text or Markdown file; mostly control characters means it is not text (damaged)."""
    text = _decode(data, config.fallback_encoding)
    controls = len(_CONTROL.findall(text))
    if text and controls / len(text) > config.max_control_ratio:
        raise _Refused(Reason.DAMAGED)
    return text


def _rtf_text(data: bytes, config: DocumentsConfig) -> str:
    """An RTF file's text (RTF is 7-bit; its code page is declared inside it)."""
    if data.lstrip()[: len(RTF_MAGIC)] != RTF_MAGIC:
        raise _Refused(Reason.DAMAGED)
    from striprtf.striprtf import rtf_to_text  # only when an RTF is read

    source = data.decode("latin-1")
    return rtf_to_text(source, encoding=config.fallback_encoding, errors="replace")
