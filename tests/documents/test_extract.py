"""Every extractor reads real generated files; every failure is one reason, never an exception."""

from __future__ import annotations

import io
import zipfile

import pytest

from pipelines.documents.extract import document_kind, extract_text
from pipelines.documents.reasons import Reason
from pipelines.ingest.guards import OLE_MAGIC
from pipelines.synthetic.resume_documents import _pdf, _scanned_pdf, docx_bytes, rtf_bytes
from tests.documents.conftest import with_limits, zip_bytes

LINES = [
    "JANE DOE, CPC",
    "jane.doe@example.com | (212) 555-0142",
    "MEDICAL CODER II 01/2012 to Current",
    "Riverside Health System Columbus, OH",
    "SKILLS",
    "ICD-10-CM CPT HCPCS Epic",
]


def _docx_with(document_xml: bytes) -> bytes:
    """A DOCX whose word/document.xml is `document_xml`."""
    return zip_bytes({"[Content_Types].xml": b"<Types/>", "word/document.xml": document_xml})


def test_pdf_text_layer_is_read(config):
    result = extract_text("JaneDoe_Resume.pdf", _pdf(LINES), config)

    assert (result.kind, result.reason) == ("pdf", None)
    assert "MEDICAL CODER II 01/2012 to Current" in result.text
    assert "jane.doe@example.com" in result.text


def test_pdf_with_only_an_owner_password_is_read(config):
    result = extract_text("a.pdf", _pdf(LINES, password=""), config)

    assert result.reason is None
    assert "JANE DOE" in result.text


def test_docx_paragraphs_and_table_cells_are_lines(config):
    data = docx_bytes(["JANE DOE", "SKILLS", ["ICD-10-CM", "CPT"], "jane.doe@example.com"])

    result = extract_text("Jane Doe - Resume.docx", data, config)

    assert (result.kind, result.reason) == ("docx", None)
    assert result.text.splitlines() == [
        "JANE DOE",
        "SKILLS",
        "ICD-10-CM",
        "CPT",
        "jane.doe@example.com",
    ]


def test_docx_header_text_is_read_before_the_body(config):
    namespace = b'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    header = b"<w:hdr " + namespace + b"><w:p><w:r><w:t>jane@example.com</w:t></w:r></w:p></w:hdr>"
    source = zipfile.ZipFile(io.BytesIO(docx_bytes(["BODY LINE ONE", "BODY LINE TWO"] * 5)))
    entries = {info.filename: source.read(info) for info in source.infolist()}

    result = extract_text("a.docx", zip_bytes(entries | {"word/header1.xml": header}), config)

    assert result.text.splitlines()[0] == "jane@example.com"


def test_docx_fallback_content_is_not_read_twice(config):
    xml = (
        b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
        b'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"><w:body>'
        b"<w:p><w:r><w:t>Text box line that is long enough to count as text.</w:t></w:r></w:p>"
        b"<mc:AlternateContent><mc:Choice><w:p><w:r><w:t>CHOSEN</w:t></w:r></w:p></mc:Choice>"
        b"<mc:Fallback><w:p><w:r><w:t>FALLBACK</w:t></w:r></w:p></mc:Fallback>"
        b"</mc:AlternateContent></w:body></w:document>"
    )

    result = extract_text("a.docx", _docx_with(xml), config)

    assert "CHOSEN" in result.text
    assert "FALLBACK" not in result.text


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("a.txt", "\n".join(LINES).encode("utf-8")),
        ("a.md", ("## " + "\n".join(LINES)).encode("utf-8")),
        ("a.txt", "\n".join(LINES).encode("utf-16")),
        ("a.txt", "\n".join(LINES).encode("cp1252")),
    ],
)
def test_text_and_markdown_are_decoded(config, name, data):
    result = extract_text(name, data, config)

    assert (result.kind, result.reason) == ("text", None)
    assert "MEDICAL CODER II 01/2012 to Current" in result.text


def test_cp1252_text_keeps_its_accents(config):
    data = ("JOSÉ NÚÑEZ\n" + "\n".join(LINES)).encode("cp1252")

    assert extract_text("a.txt", data, config).text.startswith("JOSÉ NÚÑEZ")


def test_rtf_is_read_with_its_escapes(config):
    result = extract_text("a.rtf", rtf_bytes(["JOSÉ NÚÑEZ", *LINES]), config)

    assert (result.kind, result.reason) == ("rtf", None)
    assert result.text.splitlines()[0].strip() == "JOSÉ NÚÑEZ"
    assert "Riverside Health System Columbus, OH" in result.text


def test_kind_is_decided_by_bytes_before_the_extension(config):
    assert document_kind("resume.txt", _pdf(LINES), config) == "pdf"
    assert document_kind("resume.doc", rtf_bytes(LINES), config) == "rtf"
    assert document_kind("resume.pdf", b"plain words", config) == "pdf"
    assert document_kind("resume.odt", zip_bytes({"mimetype": b"x"}), config) == "other"


def _deep_docx(depth: int) -> bytes:
    """A DOCX whose body nests `depth` elements."""
    ns = b'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    inner = b"<w:p><w:r><w:t>deep text that is long enough to count as text</w:t></w:r></w:p>"
    return _docx_with(
        b"<w:document "
        + ns
        + b"><w:body>"
        + b"<w:sdt>" * depth
        + inner
        + b"</w:sdt>" * depth
        + b"</w:body></w:document>"
    )


def _docx_bomb() -> bytes:
    """A DOCX whose body inflates 4,000 times its compressed size."""
    padding = b"<w:document><w:body>" + b" " * 20_000_000 + b"</w:body></w:document>"
    return _docx_with(padding)


def _ole(*markers: bytes) -> bytes:
    """An OLE container holding the given directory names."""
    return OLE_MAGIC + b"\x00" * 504 + b"".join(markers) + b"\x00" * 1024


XXE = (
    b'<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    b"<w:body><w:p><w:r><w:t>&xxe;</w:t></w:r></w:p></w:body></w:document>"
)
BILLION_LAUGHS = (
    b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
    b"<w:document><w:body><w:p><w:r><w:t>&lol2;</w:t></w:r></w:p></w:body></w:document>"
)


def _two_page_pdf() -> bytes:
    """A PDF whose text runs onto a second page."""
    return _pdf([f"line {number}" for number in range(80)])


@pytest.mark.parametrize(
    ("name", "make", "reason"),
    [
        ("scan.pdf", lambda: _scanned_pdf(LINES), Reason.NO_TEXT),
        ("blank.txt", lambda: b"   \n\n  ", Reason.NO_TEXT),
        ("empty.docx", lambda: docx_bytes([""]), Reason.NO_TEXT),
        ("locked.pdf", lambda: _pdf(LINES, password="s3cret"), Reason.ENCRYPTED),
        ("locked.docx", lambda: _ole("EncryptedPackage".encode("utf-16-le")), Reason.ENCRYPTED),
        ("cut.pdf", lambda: b"%PDF-1.7\n" + b"\x00garbage\xff" * 50, Reason.DAMAGED),
        ("cut.docx", lambda: docx_bytes(LINES)[:300], Reason.DAMAGED),
        ("nobody.docx", lambda: zip_bytes({"other.xml": b"<a/>"}), Reason.DAMAGED),
        ("bad.docx", lambda: _docx_with(b"<w:document><w:body><w:p>"), Reason.DAMAGED),
        ("binary.txt", lambda: bytes(range(32)) * 20, Reason.DAMAGED),
        ("bad-bom.txt", lambda: b"\xff\xfe" + b"\x00\xd8" * 30, Reason.DAMAGED),
        ("notrtf.rtf", lambda: b"just words that claim to be rtf " * 3, Reason.DAMAGED),
        ("xxe.docx", lambda: _docx_with(XXE), Reason.UNSAFE),
        ("laughs.docx", lambda: _docx_with(BILLION_LAUGHS), Reason.UNSAFE),
        ("bomb.docx", _docx_bomb, Reason.UNSAFE),
        ("deep.docx", lambda: _deep_docx(500), Reason.UNSAFE),
        ("old.doc", lambda: _ole("WordDocument".encode("utf-16-le")), Reason.UNSUPPORTED),
        ("old.docx", lambda: _ole("WordDocument".encode("utf-16-le")), Reason.UNSUPPORTED),
        ("photo.png", lambda: b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, Reason.UNSUPPORTED),
        ("letter.odt", lambda: zip_bytes({"mimetype": b"x"}), Reason.UNSUPPORTED),
        ("notes.pages", lambda: b"some text", Reason.UNSUPPORTED),
    ],
)
def test_each_failure_is_one_reason(config, name, make, reason):
    result = extract_text(name, make(), config)

    assert result.text is None
    assert result.reason is reason


def test_a_moderately_nested_docx_is_read(config):
    assert extract_text("a.docx", _deep_docx(50), config).reason is None


def test_too_many_pages(config):
    limited = with_limits(config, max_pages=1)

    assert extract_text("a.pdf", _two_page_pdf(), config).reason is None
    assert extract_text("a.pdf", _two_page_pdf(), limited).reason is Reason.TOO_MANY_PAGES


@pytest.mark.parametrize(
    ("name", "make"),
    [
        ("a.pdf", lambda: _pdf(LINES)),
        ("a.docx", lambda: docx_bytes(LINES)),
        ("a.txt", lambda: "\n".join(LINES).encode()),
        ("a.rtf", lambda: rtf_bytes(LINES)),
    ],
)
def test_too_large_in_bytes_or_in_text(config, name, make):
    data = make()

    assert extract_text(name, data, with_limits(config, max_file_bytes=len(data) - 1)).reason is (
        Reason.TOO_LARGE
    )
    assert extract_text(name, data, with_limits(config, max_text_chars=50)).reason is (
        Reason.TOO_LARGE
    )


def test_a_docx_member_flagged_encrypted_is_refused(config):
    data = bytearray(docx_bytes(LINES))
    # Set the encryption bit in every local and central header's general-purpose flags.
    for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        start = 0
        while (start := data.find(signature, start)) != -1:
            data[start + offset] |= 0x1
            start += 4

    assert extract_text("a.docx", bytes(data), config).reason is Reason.ENCRYPTED


def _one_page_pdf(content: bytes) -> bytes:
    """A hand-written one-page PDF whose page shows `content` (xref rebuilt by the reader)."""
    return (
        b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
        b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
        b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]/Contents 4 0 R"
        b"/Resources<</Font<</F1 5 0 R>>>>>>endobj\n"
        b"4 0 obj<</Length "
        + str(len(content)).encode()
        + b">>stream\n"
        + content
        + b"\nendstream endobj\n5 0 obj<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>endobj\n"
        b"trailer<</Root 1 0 R>>\nstartxref\n0\n%%EOF"
    )


SHOWN = b"BT /F1 12 Tf 72 712 Td (Medical coder with ICD-10-CM and CPT since 2012.) Tj ET"


def test_a_hand_written_pdf_is_read(config):
    result = extract_text("a.pdf", _one_page_pdf(SHOWN), config)

    assert result.text == "Medical coder with ICD-10-CM and CPT since 2012."


@pytest.mark.parametrize("depth", [1_000, 200_000])
def test_deeply_nested_pdf_objects_are_unsafe(config, depth):
    nested = b" BT /F1 12 Tf 72 700 Td " + b"[" * depth + b"(x)" + b"]" * depth + b" TJ ET"

    result = extract_text("deep.pdf", _one_page_pdf(SHOWN + nested), config)

    assert (result.text, result.reason) == (None, Reason.UNSAFE)
