"""Delimited text (.csv/.tsv/.txt): decode, honour `sep=`, sniff the delimiter, split records."""

from __future__ import annotations

import codecs
import csv
import io
import itertools
import re
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from pipelines.ingest.cleaning import CONTROL_CHARS, clean_grid
from pipelines.ingest.errors import IngestError
from pipelines.ingest.headers import HeaderMatch, find_header
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
_CONTROL = re.compile(CONTROL_CHARS)
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
    content: str, first_line: int, aliases: pl.DataFrame, ingest: IngestConfig
) -> tuple[str, int]:
    """Pick the delimiter whose split shows the best header, then the most regular records."""
    sample = content[: ingest.text.sniff_bytes]
    if len(content) > len(sample) and "\n" in sample:
        sample = sample[: sample.rfind("\n") + 1]
    ranked = []
    for order, delimiter in enumerate(ingest.text.delimiters):
        grid = clean_grid(records_grid(_parse(sample, delimiter, None), first_line))
        header = find_header(grid, aliases, ingest.header_scan_rows)
        matches = header.matches if header else 0
        ranked.append((matches, _consistency(grid), -order, delimiter))
    best = max(ranked)
    return best[3], best[0]


def read_delimited(
    path: Path, data: bytes, aliases: pl.DataFrame, ingest: IngestConfig
) -> TextGrid:
    """Decode and split a text export into a cleaned grid and locate its header record."""
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
        delimiter, _ = _sniff(content, first_line, aliases, ingest)
    limit = ingest.header_scan_rows + ingest.max_rows + 1
    csv.field_size_limit(ingest.text.max_field_chars)
    try:
        records = _parse(content, delimiter, limit)
    except csv.Error as exc:
        reason = (
            f"too large (a cell holds more than {ingest.text.max_field_chars:,} characters)"
            if "field larger" in str(exc)
            else "damaged file (the text cannot be split into columns)"
        )
        raise IngestError(path, reason) from exc
    grid = clean_grid(records_grid(records, first_line))
    if grid.width - 2 > ingest.max_columns:
        raise IngestError(
            path, f"too large ({grid.width - 2:,} columns; the limit is {ingest.max_columns:,})"
        )
    return TextGrid(
        grid=grid,
        header=find_header(grid, aliases, ingest.header_scan_rows),
        delimiter=delimiter,
        warnings=warnings,
    )
