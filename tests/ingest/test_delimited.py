"""Text exports: encodings, delimiters, `sep=`, quoted newlines, ragged rows, line numbers."""

from __future__ import annotations

import codecs
import csv
import io

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from polars.testing import assert_frame_equal

from pipelines.ingest import csv_fast, delimited, guards, read_export, reader
from pipelines.ingest.errors import IngestError

ROWS = [
    ["First Name", "Last Name", "Email", "Notes"],
    ["José", "Núñez", "jose@example.com", ""],
    ["Zoë", "", "zoe@example.com", "café"],
]


def _text(delimiter: str, rows: list[list[str]] = ROWS) -> str:
    """Rows joined with `delimiter`, CRLF line ends."""
    return "".join(delimiter.join(row) + "\r\n" for row in rows)


def _expected(source_file: str, rows: list[int]) -> pl.DataFrame:
    """The identity columns and the carried-through Notes column that ROWS yield."""
    return pl.DataFrame(
        {
            "source_row": rows,
            "source_file": [source_file] * 2,
            "first_name": ["José", "Zoë"],
            "last_name": ["Núñez", None],
            "full_name": ["José Núñez", "Zoë"],
            "email": ["jose@example.com", "zoe@example.com"],
            "Notes": [None, "café"],
        },
        schema_overrides={"source_row": pl.Int64},
    )


def _select(frame: pl.DataFrame) -> pl.DataFrame:
    """The columns _expected describes."""
    return frame.select(
        "source_row", "source_file", "first_name", "last_name", "full_name", "email", "Notes"
    )


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("utf8.csv", _text(",").encode("utf-8")),
        ("bom.csv", codecs.BOM_UTF8 + _text(",").encode("utf-8")),
        ("cp1252.csv", _text(",").encode("cp1252")),
        ("semicolon.csv", _text(";").encode("utf-8")),
        ("tab.tsv", _text("\t").encode("utf-8")),
        ("pipe.txt", _text("|").encode("utf-8")),
        ("utf16.csv", codecs.BOM_UTF16_LE + _text(",").encode("utf-16-le")),
        ("utf32.csv", codecs.BOM_UTF32_BE + _text(";").encode("utf-32-be")),
    ],
)
def test_encodings_and_delimiters(tmp_path, columns, ingest, name, data):
    path = tmp_path / name
    path.write_bytes(data)
    result = read_export(path, columns, ingest)
    assert_frame_equal(_select(result.frame), _expected(name, [2, 3]))
    assert result.header_row == 1
    assert result.sheet is None


def test_excel_sep_line_is_honoured(tmp_path, columns, ingest):
    # Commas inside values would win a sniff; the sep= line says the delimiter is `;`.
    rows = [*ROWS[:2], ["Zoë", "", "zoe@example.com", "café, bar, tea"]]
    path = tmp_path / "sep.csv"
    path.write_bytes(("sep=;\r\n" + _text(";", rows)).encode("utf-8"))
    result = read_export(path, columns, ingest)
    expected = _expected("sep.csv", [3, 4]).with_columns(Notes=pl.Series([None, "café, bar, tea"]))
    assert_frame_equal(_select(result.frame), expected)
    assert result.header_row == 2


def test_quoted_newlines_keep_line_numbers_of_record_start(tmp_path, columns, ingest):
    text = (
        "Name,Email,Resume\n"
        'Ann Lee,ann@example.com,"CPC, 5 years\nICD-10 ""expert""\nHIPAA"\n'
        "\n"
        "Bob Roe,,short\n"
    )
    path = tmp_path / "multi.csv"
    path.write_text(text, encoding="utf-8")
    result = read_export(path, columns, ingest)
    expected = pl.DataFrame(
        {
            "source_row": [2, 6],
            "full_name": ["Ann Lee", "Bob Roe"],
            "email": ["ann@example.com", None],
            "resume_text": ['CPC, 5 years\nICD-10 "expert"\nHIPAA', "short"],
        },
        schema_overrides={"source_row": pl.Int64},
    )
    assert_frame_equal(result.frame.select(expected.columns), expected)
    assert (result.rows_read, result.blank_rows) == (3, 1)


def test_ragged_rows_are_kept_and_reported(tmp_path, columns, ingest):
    text = "Name,Email,Phone\nAnn Lee,ann@example.com\nBob Roe,bob@example.com,555,surplus\n"
    path = tmp_path / "ragged.csv"
    path.write_text(text, encoding="utf-8")
    result = read_export(path, columns, ingest)
    expected = pl.DataFrame(
        {
            "source_row": [2, 3],
            "phone": [None, "555"],
            "Unnamed column 4": [None, "surplus"],
        },
        schema_overrides={"source_row": pl.Int64},
    )
    assert_frame_equal(result.frame.select(expected.columns), expected)
    assert any("fewer fields" in warning and "lines 2" in warning for warning in result.warnings)
    assert any("more fields" in warning and "lines 3" in warning for warning in result.warnings)


def test_banner_lines_above_the_header(tmp_path, columns, ingest):
    text = "Applicant export\nGenerated 2024-05-01,by admin\n\nEmail,Name\nann@example.com,\n"
    path = tmp_path / "banner.csv"
    path.write_text(text, encoding="utf-8")
    result = read_export(path, columns, ingest)
    expected = pl.DataFrame(
        {"source_row": [5], "email": ["ann@example.com"], "full_name": [None]},
        schema={"source_row": pl.Int64, "email": pl.String, "full_name": pl.String},
    )
    assert_frame_equal(result.frame.select(expected.columns), expected)
    assert result.header_row == 4


def _small_sample(ingest, **limits):
    """The shipped ingest config with a 40-byte sniff sample, so records lie beyond it."""
    text = ingest.text.model_copy(update={"sniff_bytes": 40})
    return ingest.model_copy(update={"text": text, **limits})


BODY = (
    "Name,Email,Phone,Notes\r\n"
    'Ann Lee,ann@example.com,,"CPC\r\nICD-10, ""expert"""\r\n'
    "\r\n"
    "Bob Roe,,555-0100,  \r\n"
    '"Cy Do",cy@example.com,"",José\r\n'
)


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("crlf.csv", BODY.encode("utf-8")),
        ("lf.csv", BODY.replace("\r\n", "\n").encode("utf-8")),
        ("bare-cr.csv", BODY.replace("\r\n", "\r").encode("utf-8")),
        ("no-final-newline.csv", BODY.rstrip("\r\n").encode("utf-8")),
        ("cp1252-late.csv", BODY.encode("cp1252")),
        ("bom.csv", codecs.BOM_UTF8 + BODY.encode("utf-8")),
        ("utf16.csv", codecs.BOM_UTF16_LE + BODY.encode("utf-16-le")),
        ("control.csv", BODY.replace('"Cy Do"', '\x00"Cy Do"\x7f').encode("utf-8")),
    ],
)
def test_records_beyond_the_sample_keep_values_and_line_numbers(
    tmp_path, columns, ingest, name, data
):
    path = tmp_path / name
    path.write_bytes(data)
    result = read_export(path, columns, _small_sample(ingest))
    expected = pl.DataFrame(
        {
            "source_row": [2, 5, 6],
            "full_name": ["Ann Lee", "Bob Roe", "Cy Do"],
            "email": ["ann@example.com", None, "cy@example.com"],
            "phone": [None, "555-0100", None],
            "Notes": ['CPC\nICD-10, "expert"', None, "José"],
        },
        schema_overrides={"source_row": pl.Int64},
    )
    assert_frame_equal(result.frame.select(expected.columns), expected)
    assert (result.rows_read, result.blank_rows) == (4, 1)
    assert not any("fields than the header" in warning for warning in result.warnings)


@pytest.mark.parametrize(
    ("body", "fewer", "more"),
    [
        # Short rows only: all written without their trailing delimiters.
        ("Ann Lee,ann@x.org\nBo Ma,bo@x.org,555\nCy Do\n", "lines 4, 6", None),
        # Short and full rows ending in empty cells, mixed.
        ("Ann Lee,ann@x.org,\nBo Ma,,\nCy Do\nDi Ng,di@x.org\n", "lines 6, 7", None),
        # A longer row far below the sample.
        ("Ann Lee,ann@x.org,1\nBo Ma,,,surplus\nCy Do,cy@x.org,\n", None, "lines 5"),
        # A trailing empty field at the end of a file without a final newline.
        ("Ann Lee,ann@x.org,1\nBo Ma,bo@x.org,2,", None, "lines 5"),
    ],
)
def test_ragged_rows_beyond_the_sample_are_reported(tmp_path, columns, ingest, body, fewer, more):
    path = tmp_path / "ragged.csv"
    path.write_text("Name,Email,Phone\nZoe Li,zoe@x.org,0\nYu Ko,yu@x.org,9\n" + body)
    result = read_export(path, columns, _small_sample(ingest))
    expected_rows = 2 + body.count("\n") + (0 if body.endswith("\n") else 1)
    assert result.frame.height == expected_rows
    found = {
        label: next((w for w in result.warnings if f"{label} fields" in w), None)
        for label in ("fewer", "more")
    }
    for label, lines in (("fewer", fewer), ("more", more)):
        if lines is None:
            assert found[label] is None
        else:
            assert f"({lines})" in found[label]


def test_surplus_values_beyond_the_sample_are_kept(tmp_path, columns, ingest):
    text = "Name,Email,Phone\nZoe Li,zoe@x.org,0\nYu Ko,yu@x.org,9\nBo Ma,,,surplus\nCy Do,,\n"
    path = tmp_path / "surplus.csv"
    path.write_text(text)
    result = read_export(path, columns, _small_sample(ingest))
    expected = pl.DataFrame(
        {
            "source_row": [2, 3, 4, 5],
            "full_name": ["Zoe Li", "Yu Ko", "Bo Ma", "Cy Do"],
            "phone": ["0", "9", None, None],
            "Unnamed column 4": [None, None, "surplus", None],
        },
        schema_overrides={"source_row": pl.Int64},
    )
    assert_frame_equal(result.frame.select(expected.columns), expected)


def test_more_rows_than_the_limit_is_refused(tmp_path, columns, ingest):
    path = tmp_path / "long.csv"
    path.write_text("Name,Email\n" + "".join(f"N{i},n{i}@x.org\n" for i in range(6)))
    read_export(path, columns, _small_sample(ingest, max_rows=6))
    with pytest.raises(IngestError, match=r"too large \(more than 5 rows"):
        read_export(path, columns, _small_sample(ingest, max_rows=5))


def test_a_cell_longer_than_the_limit_is_refused(tmp_path, columns, ingest):
    text = ingest.text.model_copy(update={"sniff_bytes": 40, "max_field_chars": 50})
    path = tmp_path / "wide.csv"
    path.write_text("Name,Email\nAnn Lee,ann@x.org\nBo Ma," + "x" * 51 + "\n")
    with pytest.raises(IngestError, match="a cell holds more than 50 characters"):
        read_export(path, columns, ingest.model_copy(update={"text": text}))


@pytest.mark.parametrize(
    ("text", "expected_fields"),
    [
        ("a,b,c\n1,,\n2,x,\n", [3, 3, 3]),  # every record full width
        ("a,b,c\n1\n2,x\n", [3, 1, 2]),  # every short record as short as its values
        ("a,b,c\n1,,\n2\n", None),  # mixed: only the csv module can tell
        ('a,b,c\n1,2,"x\n', None),  # unterminated quote: polars refuses
    ],
)
def test_split_fast_takes_only_what_it_can_prove(text, expected_fields):
    data = text.encode("utf-8")
    head = [["a", "b", "c"]]
    result = csv_fast.split_fast(data, 0, ",", head, 1, limit=100)
    if expected_fields is None:
        assert result is None
    else:
        assert result["_fields"].to_list() == expected_fields
        assert result["_row"].to_list() == list(range(1, len(expected_fields) + 1))


def test_split_fast_refuses_a_head_the_csv_module_split_differently():
    data = b"a,b,c\n1,2,3\n"
    result = csv_fast.split_fast(data, 0, ",", [["a", "b", "C"]], 1, limit=100)
    assert result is None


def _sniffing(ingest, sniff_bytes):
    """The shipped ingest config with a sniff sample of `sniff_bytes`."""
    text = ingest.text.model_copy(update={"sniff_bytes": sniff_bytes})
    return ingest.model_copy(update={"text": text})


def _read_in_pieces(monkeypatch, piece_bytes):
    """read_export with the file read in pieces of `piece_bytes` (as a large export is)."""
    monkeypatch.setattr(
        reader,
        "read_guarded_pieces",
        lambda path, ingest: guards.read_guarded_pieces(path, ingest, piece_bytes=piece_bytes),
    )


def _same_result(result, expected):
    """Everything read_export tells of a file, compared."""
    assert_frame_equal(result.frame, expected.frame)
    assert_frame_equal(result.protected, expected.protected)
    assert result.warnings == expected.warnings
    assert (result.header_row, result.rows_read, result.blank_rows, result.sha256) == (
        expected.header_row,
        expected.rows_read,
        expected.blank_rows,
        expected.sha256,
    )
    assert result.frame.get_column("source_row").n_chunks() == 1


RAGGED = (
    "Name,Email,Phone\nZoe Li,zoe@x.org,0\n"
    + "".join(f'N{i} "x",n{i}@x.org{"," * (i % 3)}\n' for i in range(30))
    + "Bo Ma,,,surplus\n"
)


@pytest.mark.parametrize("sniff_bytes", [40, 60])
@pytest.mark.parametrize("piece_bytes", [1, 2, 3, 7, 16, 61])
@pytest.mark.parametrize(
    "data",
    [
        BODY.encode("utf-8"),
        BODY.replace("\r\n", "\n").encode("utf-8"),
        BODY.rstrip("\r\n").encode("utf-8"),
        codecs.BOM_UTF8 + ("sep=,\n" + BODY).encode("utf-8"),
        BODY.replace("\r\n", "\r").encode("utf-8"),
        BODY.replace('"Cy Do"', '\x00"Cy Do"\x7f').encode("utf-8"),
        BODY.encode("cp1252"),
        RAGGED.encode("utf-8"),
        RAGGED.replace(",,,surplus", ",,").encode("utf-8"),
        (BODY + "\ufeffDi Ng,di@x.org,,\n" * 3).encode("utf-8"),
    ],
    ids=[
        "crlf",
        "lf",
        "no-final-newline",
        "bom-sep",
        "bare-cr",
        "control",
        "cp1252",
        "ragged",
        "short",
        "bom-inside",
    ],
)
def test_a_file_read_in_pieces_reads_as_one(
    tmp_path, monkeypatch, columns, ingest, sniff_bytes, piece_bytes, data
):
    path = tmp_path / "export.csv"
    path.write_bytes(data)
    config = _sniffing(ingest, sniff_bytes)
    expected = read_export(path, columns, config)
    _read_in_pieces(monkeypatch, piece_bytes)
    _same_result(read_export(path, columns, config), expected)


def test_a_regular_file_is_split_by_polars_piece_by_piece(tmp_path, monkeypatch, columns, ingest):
    path = tmp_path / "export.csv"
    path.write_bytes((BODY * 3).encode("utf-8"))
    config = _sniffing(ingest, 60)
    expected = read_export(path, columns, config)
    _read_in_pieces(monkeypatch, 7)
    monkeypatch.setattr(delimited, "_split_with_csv_module", None)  # not called
    _same_result(read_export(path, columns, config), expected)


_CELL = st.text(alphabet=st.sampled_from(list('ab ,"\n\r\t;\u00a0é')), max_size=6)


@settings(max_examples=150, deadline=None)
@given(
    records=st.lists(st.lists(_CELL, min_size=1, max_size=4), min_size=1, max_size=12),
    line_end=st.sampled_from(["\n", "\r\n"]),
    final=st.booleans(),
    piece_bytes=st.integers(min_value=1, max_value=40),
)
def test_any_text_read_in_pieces_reads_as_one(
    tmp_path_factory, columns, ingest, records, line_end, final, piece_bytes
):
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator=line_end).writerows([["Name", "Email", "Notes"], *records])
    text = buffer.getvalue() if final else buffer.getvalue().removesuffix(line_end)
    path = tmp_path_factory.mktemp("pieces") / "export.csv"
    path.write_bytes(text.encode("utf-8"))
    config = _sniffing(ingest, 48)
    expected = read_export(path, columns, config)
    pieces = guards.read_guarded_pieces(path, config, piece_bytes=piece_bytes)
    original = reader.read_guarded_pieces
    reader.read_guarded_pieces = lambda *_: pieces
    try:
        result = read_export(path, columns, config)
    finally:
        reader.read_guarded_pieces = original
    _same_result(result, expected)


def test_a_file_changed_while_read_in_pieces_is_refused(tmp_path, monkeypatch, columns, ingest):
    # Mixed short rows: only the csv module can split them, so the file is read whole again.
    path = tmp_path / "export.csv"
    path.write_bytes(RAGGED.replace(",,,surplus", ",,").encode("utf-8"))
    config = _sniffing(ingest, 60)
    pieces = guards.read_guarded_pieces(path, config, piece_bytes=16)
    monkeypatch.setattr(reader, "read_guarded_pieces", lambda *_: pieces)
    path.write_bytes(path.read_bytes() + b"Di Ng,di@x.org,1\n")
    with pytest.raises(IngestError, match="changed while it was being read"):
        read_export(path, columns, config)


def test_a_delimiter_of_more_than_one_byte_is_split_by_the_csv_module(tmp_path, columns, ingest):
    path = tmp_path / "section.csv"
    path.write_text("sep=§\nName§Email\nAnn Lee§ann@x.org\n", encoding="utf-8")
    result = read_export(path, columns, ingest)
    assert result.frame.select("full_name", "email").rows() == [("Ann Lee", "ann@x.org")]
    assert result.header_row == 2
