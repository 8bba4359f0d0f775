"""Split UTF-8 delimited text with polars' CSV reader; None when only the csv module is exact."""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Iterator

import polars as pl

from pipelines.ingest.cleaning import INPUT_CONTROL_CHARS, clean_input_text

# Bytes scanned or transcoded at a time: small enough to stay in the CPU cache (fastest).
SCAN_CHUNK_BYTES = 1 << 18
ASCII = 128
# The control characters `cleaning.INPUT_CONTROL_CHARS` removes, as bytes: all ASCII, so in UTF-8
# they never occur inside a multi-byte sequence and can be deleted before parsing.
CONTROL_BYTES = bytes(code for code in range(ASCII) if re.fullmatch(INPUT_CONTROL_CHARS, chr(code)))
QUOTE = '"'
NEWLINE = "\n"
CARRIAGE_RETURN = "\r"
READ_ERRORS = (pl.exceptions.PolarsError, pl.exceptions.PanicException)


def _chunks(data: bytes) -> Iterator[bytes]:
    """`data` in pieces of SCAN_CHUNK_BYTES."""
    for start in range(0, len(data), SCAN_CHUNK_BYTES):
        yield data[start : start + SCAN_CHUNK_BYTES]


def is_utf8(data: bytes) -> bool:
    """Whether all of `data` is valid UTF-8 (decoded in chunks, nothing kept)."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        for chunk in _chunks(data):
            decoder.decode(chunk)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def transcode(data: bytes, encoding: str, errors: str) -> bytes:
    """`data` in `encoding` -> UTF-8 bytes, in chunks (raises UnicodeDecodeError when strict)."""
    decoder = codecs.getincrementaldecoder(encoding)(errors=errors)
    parts = [decoder.decode(chunk).encode("utf-8") for chunk in _chunks(data)]
    parts.append(decoder.decode(b"", final=True).encode("utf-8"))
    return b"".join(parts)


def without_control_bytes(data: bytes) -> bytes:
    """UTF-8 `data` without control characters (the same object when it has none)."""
    if all(len(chunk.translate(None, CONTROL_BYTES)) == len(chunk) for chunk in _chunks(data)):
        return data
    return b"".join(chunk.translate(None, CONTROL_BYTES) for chunk in _chunks(data))


def has_bare_carriage_returns(data: bytes) -> bool:
    """Whether a `\\r` appears other than in `\\r\\n` (polars only splits lines on `\\n`)."""
    return b"\r" in data and data.count(b"\r") != data.count(b"\r\n")


def _cells(width: int) -> list[str]:
    """Cell column names `c0`..`c{width-1}`."""
    return [f"c{i}" for i in range(width)]


def _same_records(frame: pl.DataFrame, records: list[list[str]]) -> bool:
    """Whether `frame` holds exactly `records` (each padded with "" to the frame's width)."""
    cells = _cells(frame.width)
    if len(records) != frame.height or any(len(record) > len(cells) for record in records):
        return False
    padded = [record + [""] * (len(cells) - len(record)) for record in records]
    expected = pl.DataFrame(padded, schema=dict.fromkeys(cells, pl.String), orient="row")
    return frame.equals(expected)


def _newlines(cells: list[str]) -> pl.Expr:
    """Line breaks inside a record's values."""
    return pl.sum_horizontal(pl.col(cells).str.count_matches(NEWLINE, literal=True))


def _last_record(frame: pl.DataFrame, data: bytes, delimiter: str) -> list[list[str]] | None:
    """The last record re-split by the csv module, when polars split it the same; else None.

    Without a final newline polars drops a trailing empty field, so the last record is checked.
    """
    last = frame.tail(1)
    cut = len(data)
    for _ in range(1 + last.select(_newlines(last.columns)).item()):
        cut = data.rfind(NEWLINE.encode(), 0, cut)
    text = data[cut + 1 :].decode("utf-8")
    records = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    return records if _same_records(last, records) else None


def _doubtful_fields(
    frame: pl.DataFrame, doubtful: pl.DataFrame, outside: int, known: list[list[str]]
) -> pl.Expr | None:
    """Field count of the `doubtful` rows, or None when it cannot be told.

    polars fills missing trailing fields with "" (too many fields is an error), so only records
    ending in empty cells are in doubt. `outside` (delimiters outside quotes in the whole text)
    less those of the `known` records tells whether all of them were full width, or all as short
    as their last non-empty cell; anything in between is left to the csv module.
    """
    cells = _cells(frame.width)
    width = len(cells)
    last = pl.max_horizontal(
        *(pl.when(pl.col(name) != "").then(i + 1).otherwise(0) for i, name in enumerate(cells))
    )
    body = doubtful.select(last=last)
    short = body.filter(pl.col("last") < width)
    if short.height == 0:
        return pl.lit(width, dtype=pl.Int64)
    outside -= sum(max(len(record), 1) - 1 for record in known)
    deficit = body.height * (width - 1) - outside
    if deficit == 0:
        return pl.lit(width, dtype=pl.Int64)
    shortest = short.select((width - pl.col("last").clip(lower_bound=1)).sum()).item()
    return last.cast(pl.Int64) if deficit == shortest else None


def _outside(frame: pl.DataFrame, data: bytes, start: int, delimiter: str) -> int:
    """Delimiters outside quoted values: all of them in the text less those inside values."""
    inside = frame.select(
        pl.sum_horizontal(pl.col(frame.columns).str.count_matches(delimiter, literal=True)).sum()
    ).item()
    return data.count(delimiter.encode("utf-8"), start) - int(inside or 0)


def split_fast(
    data: bytes,
    start: int,
    delimiter: str,
    head: list[list[str]],
    first_line: int,
    limit: int,
) -> pl.DataFrame | None:
    """UTF-8 text -> raw grid `_row`, `_fields`, `c0`...; None when the csv module must split it.

    The records start at byte `start`, line `first_line` (after a BOM, which polars skips, and a
    `sep=` line). `head` holds the first records as the csv module split them: polars must agree
    on them, and their field counts are taken as they are (no head: None). At most `limit`
    records are read.
    """
    width = max((len(record) for record in head), default=0)
    if width == 0:
        return None
    cells = _cells(width)
    try:
        frame = pl.read_csv(
            data,
            has_header=False,
            skip_lines=first_line - 1,
            separator=delimiter,
            quote_char=QUOTE,
            schema=dict.fromkeys(cells, pl.String),
            empty_string_is_null=False,
            missing_columns="insert",
            raise_if_empty=False,
            n_rows=limit,
        )
    except READ_ERRORS:
        return None
    if frame.height < len(head) or not _same_records(frame.head(len(head)), head):
        return None
    tail: list[list[str]] = []
    if frame.height > len(head) and not data.endswith(NEWLINE.encode()):
        found = _last_record(frame, data, delimiter)
        if found is None:
            return None
        tail = found
    doubtful = frame.slice(len(head), frame.height - len(head) - len(tail))
    if frame.height >= limit:
        body = pl.lit(width, dtype=pl.Int64)
    else:
        outside = _outside(frame, data, start, delimiter)
        body = _doubtful_fields(frame, doubtful, outside, head + tail)
    if body is None:
        return None
    known = pl.Series(
        [len(record) for record in head]
        + [None] * doubtful.height
        + [len(record) for record in tail],
        dtype=pl.Int64,
    )
    lines = 1 + _newlines(cells)
    return frame.select(
        (first_line + lines.cum_sum() - lines).cast(pl.Int64).alias("_row"),
        pl.coalesce(pl.lit(known), body).cast(pl.Int64).alias("_fields"),
        *cells,
    )


def clean_cells_in_place(grid: pl.DataFrame) -> None:
    """`cleaning.clean_input_text` on every cell column, replaced in place one at a time (so
    only one raw column and its clean copy are held at once), each as one chunk.

    Control characters are already gone; a column without `\\r` only needs stripping, which
    is all `clean_input_text` would change in it. `pl.read_csv` parses in parallel and hands back
    columns in several chunks; later filters can leave a String column with an empty chunk,
    which polars 2.1.0 panics on (docs/upstream/polars-binview-chunk-panic.py), so every column
    leaves here in one chunk.
    """
    for index, name in enumerate(grid.columns):
        if name.startswith("_"):
            grid.replace_column(index, grid.get_column(name).rechunk())
            continue
        cell = pl.col(name)
        has_cr = grid.select(cell.str.contains(CARRIAGE_RETURN, literal=True).any()).item()
        if has_cr:
            cleaned = clean_input_text(cell)
        else:
            stripped = cell.str.strip_chars()
            cleaned = pl.when(stripped != "").then(stripped)
        grid.replace_column(index, grid.select(cleaned.alias(name)).to_series().rechunk())
