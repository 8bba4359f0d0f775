"""Delimited text (.csv/.tsv/.txt): decode, honour `sep=`, sniff the delimiter, split records.

Records are split by polars (`csv_fast`, a large text a piece at a time) when it provably agrees
with the csv module, which remains the exact path for irregular files (bare `\\r` line ends,
mixed ragged rows, errors).
"""

from __future__ import annotations

import codecs
import csv
import io
import itertools
import re
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from pipelines.ingest import csv_fast
from pipelines.ingest.cleaning import INPUT_CONTROL_CHARS, clean_grid
from pipelines.ingest.errors import IngestError
from pipelines.ingest.headers import HeaderMatch, find_header
from pipelines.ingest.pieces import Pieces
from pipelines.settings.ingest import IngestConfig, TextFormat

# Longest BOM first: the UTF-32-LE BOM starts with the UTF-16-LE one.
BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
SEP_LINE = re.compile(r"^\"?sep=(.)\"?[ \t]*(?:\r\n|\r|\n|$)", re.IGNORECASE)
NEWLINES = r"\r\n|\r|\n"
_CONTROL = re.compile(INPUT_CONTROL_CHARS)
HTML_START = ("<!doctype html", "<html", "<table", "<head", "<body")
XML_SPREADSHEET = "urn:schemas-microsoft-com:office:spreadsheet"
_PROLOG_CHARS = 4096


@dataclass(frozen=True)
class TextGrid:
    """Records of a text file: `_row` (line of the record's first line), `_fields`, `c0`..."""

    grid: pl.DataFrame
    header: HeaderMatch | None
    delimiter: str
    warnings: list[str]


def decode(path: Path, data: bytes, text: TextFormat) -> tuple[str, list[str]]:
    """Bytes -> text: BOM first, then UTF-8, then the fallback code page."""
    for bom, encoding in BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(encoding), []
            except UnicodeDecodeError as exc:
                raise IngestError(
                    path, f"damaged file (not valid {encoding.upper()} text)"
                ) from exc
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError:
        pass
    decoded = data.decode(text.fallback_encoding, errors="replace")
    warnings = []
    if "\ufffd" in decoded:
        warnings.append(f"some characters are not valid {text.fallback_encoding} and were replaced")
    return decoded, warnings


def refuse_non_tabular(path: Path, content: str, text: TextFormat) -> None:
    """Refuse empty text, binary data, web pages and XML saved under a spreadsheet name."""
    if not content.strip():
        raise IngestError(path, "empty file")
    sample = content[: text.sniff_bytes]
    if len(_CONTROL.findall(sample)) > text.max_control_ratio * len(sample):
        raise IngestError(path, "not a spreadsheet (binary data, not text or a workbook)")
    start = content[:_PROLOG_CHARS].lstrip().lower()
    if start.startswith(HTML_START):
        raise IngestError(
            path,
            "not a spreadsheet (a web page saved as HTML): open it in Excel and save it as .xlsx",
        )
    if start.startswith("<?xml"):
        if XML_SPREADSHEET in start:
            raise IngestError(
                path,
                "legacy format (Excel 2003 XML spreadsheet): open it in Excel and save it as .xlsx",
            )
        raise IngestError(path, "not a spreadsheet (an XML document)")


def records_grid(records: list[list[str]], first_line: int) -> pl.DataFrame:
    """Parsed records -> grid with `_row` (first line of each record), `_fields` and `c0`..."""
    frame = pl.DataFrame({"fields": records}, schema={"fields": pl.List(pl.String)})
    width = int(frame["fields"].list.len().max() or 0)
    lines = 1 + pl.col("fields").list.eval(pl.element().str.count_matches(NEWLINES)).list.sum()
    return frame.select(
        (first_line + lines.cum_sum() - lines).cast(pl.Int64).alias("_row"),
        pl.col("fields").list.len().cast(pl.Int64).alias("_fields"),
        *(pl.col("fields").list.get(i, null_on_oob=True).alias(f"c{i}") for i in range(width)),
    )


def _parse(content: str, delimiter: str, limit: int | None) -> list[list[str]]:
    """Split text into at most `limit` (None: all) records; quotes may hold newlines."""
    reader = csv.reader(io.StringIO(content, newline=""), delimiter=delimiter)
    return list(itertools.islice(reader, limit))


def _consistency(grid: pl.DataFrame) -> int:
    """How many records share the most common field count (when that count is above one)."""
    counts = grid.filter(pl.col("_fields") > 1)["_fields"].value_counts()
    return int(counts["count"].max() or 0) if counts.height else 0


def _sniff(
    sample: str, first_line: int, aliases: pl.DataFrame, ingest: IngestConfig
) -> tuple[str, int]:
    """Pick the delimiter whose split shows the best header, then the most regular records."""
    ranked = []
    for order, delimiter in enumerate(ingest.text.delimiters):
        grid = clean_grid(records_grid(_parse(sample, delimiter, None), first_line))
        header = find_header(grid, aliases, ingest.header_scan_rows)
        matches = header.matches if header else 0
        ranked.append((matches, _consistency(grid), -order, delimiter))
    best = max(ranked)
    return best[3], best[0]


def _sample(content: str, text: TextFormat, complete: bool = True) -> str:
    """The text the delimiter is picked from: whole lines of the first `sniff_bytes`.

    `complete` is False when `content` is itself only the start of the text.
    """
    sample = content[: text.sniff_bytes]
    if (len(content) > len(sample) or not complete) and "\n" in sample:
        sample = sample[: sample.rfind("\n") + 1]
    return sample


def _split_error(path: Path, exc: csv.Error, text: TextFormat) -> IngestError:
    """The IngestError for a csv module failure."""
    if "field larger" in str(exc):
        return _too_large_cell(path, text)
    return IngestError(path, "damaged file (the text cannot be split into columns)")


def _record_limit(ingest: IngestConfig) -> int:
    """Records split at most: enough to tell that the rows below the header exceed the limit."""
    return ingest.header_scan_rows + ingest.max_rows + 1


def _too_wide(path: Path, width: int, ingest: IngestConfig) -> None:
    """Refuse more columns than the limit."""
    if width > ingest.max_columns:
        raise IngestError(
            path, f"too large ({width:,} columns; the limit is {ingest.max_columns:,})"
        )


def _split_with_csv_module(
    path: Path, data: bytes, aliases: pl.DataFrame, ingest: IngestConfig
) -> tuple[pl.DataFrame, str, list[str]]:
    """The exact, slow split: decoded text through the csv module (irregular files)."""
    content, warnings = decode(path, data, ingest.text)
    refuse_non_tabular(path, content, ingest.text)
    content = _CONTROL.sub("", content)
    first_line = 1
    declared = SEP_LINE.match(content)
    if declared:
        delimiter = declared.group(1)
        content = content[declared.end() :]
        first_line = 2
    else:
        sample = _sample(content, ingest.text)
        delimiter, _ = _sniff(sample, first_line, aliases, ingest)
    csv.field_size_limit(ingest.text.max_field_chars)
    try:
        records = _parse(content, delimiter, _record_limit(ingest))
    except csv.Error as exc:
        raise _split_error(path, exc, ingest.text) from exc
    grid = clean_grid(records_grid(records, first_line))
    _too_wide(path, grid.width - 2, ingest)
    return grid, delimiter, warnings


def _utf8(path: Path, pieces: Pieces, text: TextFormat) -> tuple[Pieces, int, list[str]]:
    """UTF-8 bytes of the text, where the text starts (after a UTF-8 BOM), and warnings.

    UTF-16/32 (by BOM) and text whose first bytes are not UTF-8 are transcoded; UTF-8 is kept
    as it is (polars checks it while splitting).
    """
    start = pieces.prefix(max(len(bom) for bom, _ in BOMS))
    for bom, encoding in BOMS:
        if start.startswith(bom):
            if encoding == "utf-8":
                return pieces, len(bom), []
            try:
                utf8 = csv_fast.transcode(pieces.whole()[len(bom) :], encoding, "strict")
            except UnicodeDecodeError as exc:
                raise IngestError(
                    path, f"damaged file (not valid {encoding.upper()} text)"
                ) from exc
            return Pieces.of(utf8), 0, []
    try:
        codecs.getincrementaldecoder("utf-8")().decode(pieces.prefix(text.sniff_bytes))
    except UnicodeDecodeError:
        return _fallback(pieces.whole(), text)
    return pieces, 0, []


def _fallback(data: bytes, text: TextFormat) -> tuple[Pieces, int, list[str]]:
    """Text in the fallback code page -> UTF-8 bytes, with a warning when bytes were replaced."""
    utf8 = csv_fast.transcode(data, text.fallback_encoding, "replace")
    warnings = []
    if "\ufffd".encode() in utf8:
        warnings.append(f"some characters are not valid {text.fallback_encoding} and were replaced")
    return Pieces.of(utf8), 0, warnings


def _too_large_cell(path: Path, text: TextFormat) -> IngestError:
    """The error for a cell longer than `max_field_chars` (what the csv module refuses)."""
    return IngestError(
        path, f"too large (a cell holds more than {text.max_field_chars:,} characters)"
    )


def _split_fast(
    path: Path, pieces: Pieces, start: int, aliases: pl.DataFrame, ingest: IngestConfig
) -> tuple[pl.DataFrame, str] | None:
    """The polars split of UTF-8 text from byte `start` (cells cleaned), checked against the
    csv module on the first records, and its delimiter; None when the csv module must split it.
    """
    text = ingest.text
    complete = pieces.size - start <= text.sniff_bytes
    decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
    head = decoder.decode(pieces.prefix(start + text.sniff_bytes)[start:], final=complete)
    if not head.strip():
        return None
    refuse_non_tabular(path, head, text)
    head = _CONTROL.sub("", head)
    first_line = 1
    declared = SEP_LINE.match(head)
    if declared:
        delimiter = declared.group(1)
        start += len(head[: declared.end()].encode("utf-8"))
        head = head[declared.end() :]
        first_line = 2
    sample = _sample(head, text, complete)
    if not declared:
        delimiter, _ = _sniff(sample, first_line, aliases, ingest)
    csv.field_size_limit(text.max_field_chars)
    try:
        records = _parse(sample, delimiter, None)
    except csv.Error:
        return None
    if not complete and records:
        records = records[:-1]
    _too_wide(path, max((len(record) for record in records), default=0), ingest)
    if len(delimiter.encode("utf-8")) != 1:
        return None  # polars splits on one byte only
    counts = csv_fast.count_all(pieces.parts, delimiter)
    if any(found.controls for found in counts):
        # Deleted from all the text at once (`start`, after a `sep=` line, was measured on the
        # head without them).
        pieces = Pieces.of(csv_fast.without_control_bytes(pieces.whole()))
        counts = csv_fast.count_all(pieces.parts, delimiter)
    split = csv_fast.split_pieces(
        pieces,
        start,
        delimiter,
        records,
        first_line,
        _record_limit(ingest),
        text.max_field_chars,
        counts,
    )
    if split is None:
        return None
    if split.too_long:
        raise _too_large_cell(path, text)
    return split.grid, delimiter


def read_delimited(
    path: Path, data: bytes | Pieces, aliases: pl.DataFrame, ingest: IngestConfig
) -> TextGrid:
    """Decode and split a text export into a cleaned grid and locate its header record.

    `Pieces` are taken as they are parsed (so a large text is not held twice); the exact split
    gets them back whole.
    """
    pieces = data if isinstance(data, Pieces) else Pieces.of(data)
    utf8, start, warnings = _utf8(path, pieces, ingest.text)
    split = _split_fast(path, utf8, start, aliases, ingest)
    if split is None and utf8 is pieces and start == 0:
        whole = pieces.whole()
        if not csv_fast.is_utf8(whole):
            utf8, start, warnings = _fallback(whole, ingest.text)
            split = _split_fast(path, utf8, start, aliases, ingest)
    if split is None:
        grid, delimiter, warnings = _split_with_csv_module(path, pieces.whole(), aliases, ingest)
    else:
        grid, delimiter = split
    header = find_header(grid, aliases, ingest.header_scan_rows)
    if header is not None and grid.height - header.index - 1 > ingest.max_rows:
        raise IngestError(
            path,
            f"too large (more than {ingest.max_rows:,} rows; the limit is {ingest.max_rows:,})",
        )
    return TextGrid(grid=grid, header=header, delimiter=delimiter, warnings=warnings)
