"""Split UTF-8 delimited text with polars' CSV reader; None when only the csv module is exact.

A large text is parsed a piece at a time (cut where records end), each piece's cells cleaned
before the next is parsed and its bytes let go, so the text is held about once.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Iterator
from dataclasses import astuple, dataclass, replace

import polars as pl
import pyarrow as pa

from pipelines.ingest.cleaning import INPUT_CONTROL_CHARS, clean_grid
from pipelines.ingest.pieces import Pieces

# Bytes scanned or transcoded at a time: small enough to stay in the CPU cache (fastest).
SCAN_CHUNK_BYTES = 1 << 18
# Bytes counted by polars at a time: its masks of one slice stay small (a few MB).
COUNT_SLICE_BYTES = 1 << 26
ASCII = 128
# The control characters `cleaning.INPUT_CONTROL_CHARS` removes, as bytes: all ASCII, so in UTF-8
# they never occur inside a multi-byte sequence and can be deleted before parsing.
CONTROL_BYTES = bytes(code for code in range(ASCII) if re.fullmatch(INPUT_CONTROL_CHARS, chr(code)))
SPACE = ord(" ")
KEPT_BELOW_SPACE = bytes(code for code in range(SPACE) if code not in CONTROL_BYTES)
CONTROL_ABOVE_SPACE = bytes(code for code in CONTROL_BYTES if code >= SPACE)
QUOTE = '"'
NEWLINE = "\n"
NEWLINE_BYTE = ord(NEWLINE)
NEWLINE_BYTES = NEWLINE.encode()
CARRIAGE_RETURN_BYTE = ord("\r")
QUOTE_BYTE = ord(QUOTE)
QUOTE_BYTES = QUOTE.encode()
CRLF = b"\r\n"
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


@dataclass(frozen=True)
class ByteCounts:
    """How often the bytes the fast split relies on occur in UTF-8 text (`crlf`: `\\r\\n`)."""

    controls: int = 0
    newlines: int = 0
    carriage_returns: int = 0
    crlf: int = 0
    quotes: int = 0
    delimiters: int = 0

    def __add__(self, other: ByteCounts) -> ByteCounts:
        """The counts of two stretches of text."""
        return ByteCounts(*(a + b for a, b in zip(astuple(self), astuple(other), strict=True)))


@dataclass(frozen=True)
class _ArrowArray:
    """An Arrow array handed to polars through the C data interface alone (zero copy, and no
    import of the pyarrow.compute that polars' own pyarrow path needs)."""

    array: pa.Array

    def __arrow_c_array__(self, requested_schema: object = None) -> tuple[object, object]:
        """The array's C data interface capsules."""
        return self.array.__arrow_c_array__(requested_schema)


def _tally(data: bytes | memoryview, exprs: dict[str, pl.Expr]) -> dict[str, int]:
    """Sums of per-byte expressions (`pl.col("byte")` is the byte) over `data`, viewed in place
    as UInt8 (no copy), a slice at a time."""
    view = memoryview(data)
    if not view.nbytes:
        return dict.fromkeys(exprs, 0)
    array = pa.Array.from_buffers(pa.uint8(), view.nbytes, [None, pa.py_buffer(view)])
    frame = pl.DataFrame({"byte": pl.Series(_ArrowArray(array))})
    named = [expr.sum().cast(pl.Int64).alias(name) for name, expr in exprs.items()]
    sums = pl.concat(
        frame.slice(offset, COUNT_SLICE_BYTES).select(named)
        for offset in range(0, frame.height, COUNT_SLICE_BYTES)
    ).sum()
    return {name: int(value or 0) for name, value in sums.row(0, named=True).items()}


def count_bytes(data: bytes, delimiter: str) -> ByteCounts:
    """Control bytes, line ends, quotes and the (one-byte) delimiter in `data`, counted by polars.

    Control bytes are all bytes below the space less the ones kept (tab, line ends) plus the ones
    above it (DEL): a few comparisons instead of one per control byte.
    """
    (separator,) = delimiter.encode("utf-8")
    byte = pl.col("byte")
    codes = {*KEPT_BELOW_SPACE, *CONTROL_ABOVE_SPACE, NEWLINE_BYTE, CARRIAGE_RETURN_BYTE}
    codes |= {QUOTE_BYTE, separator}
    counts = _tally(data, {"below": byte < SPACE, **{str(code): byte == code for code in codes}})
    controls = counts["below"] - sum(counts[str(code)] for code in KEPT_BELOW_SPACE)
    carriage_returns = counts[str(CARRIAGE_RETURN_BYTE)]
    return ByteCounts(
        controls=controls + sum(counts[str(code)] for code in CONTROL_ABOVE_SPACE),
        newlines=counts[str(NEWLINE_BYTE)],
        carriage_returns=carriage_returns,
        crlf=data.count(CRLF) if carriage_returns else 0,
        quotes=counts[str(QUOTE_BYTE)],
        delimiters=counts[str(separator)],
    )


def count_all(parts: list[bytes], delimiter: str) -> list[ByteCounts]:
    """`count_bytes` of each part, a `\\r\\n` split between two parts counted in the first."""
    counts = []
    for index, part in enumerate(parts):
        found = count_bytes(part, delimiter)
        follows = parts[index + 1] if index + 1 < len(parts) else b""
        if part.endswith(b"\r") and follows.startswith(NEWLINE_BYTES):
            found = replace(found, crlf=found.crlf + 1)
        counts.append(found)
    return counts


def has_bare_carriage_returns(counts: ByteCounts) -> bool:
    """Whether a `\\r` appears other than in `\\r\\n` (polars only splits lines on `\\n`)."""
    return counts.carriage_returns != counts.crlf


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
        cut = data.rfind(NEWLINE_BYTES, 0, cut)
    text = data[cut + 1 :].decode("utf-8")
    records = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    return records if _same_records(last, records) else None


def _record_end(part: bytes, start: int, quotes: int, follows: bytes) -> int | None:
    """Where in `part` (from byte `start`) the last whole record of a stretch ends; None when
    none does.

    A record ends at a line break with an even number of quotes before it in the stretch
    (`quotes`: those of the stretch up to the end of the part): polars' own rule for cutting a
    text between its threads. The text after the cut must not start with a BOM (polars would
    skip it); `follows` is the part after this one.
    """
    cut = part.rfind(NEWLINE_BYTES, start) + 1
    odd = bool(cut) and (quotes - part.count(QUOTE_BYTES, cut)) % 2 == 1
    bom = codecs.BOM_UTF8
    while cut and (odd or (part[cut : cut + len(bom)] + follows[: len(bom)]).startswith(bom)):
        before = part.rfind(NEWLINE_BYTES, start, cut - 1) + 1
        if before:
            odd ^= part.count(QUOTE_BYTES, before, cut) % 2 == 1
        cut = before
    return cut or None


@dataclass(frozen=True)
class _Stretch:
    """Whole records of the text, with the line breaks and delimiters in them (the first
    stretch also holds what precedes its records, not counted)."""

    text: bytes
    newlines: int
    delimiters: int


def _texts(
    pieces: Pieces, start: int, counts: list[ByteCounts], delimiter: str
) -> Iterator[_Stretch]:
    """The text in stretches of whole records, taking the pieces as it goes (`counts`: those of
    each piece). The first stretch starts at byte 0 (its records at byte `start`), the others
    at a record; a piece holding no end of a record is carried into the next stretch."""
    separator = delimiter.encode("utf-8")
    carry, skip = b"", start  # skip: the leading bytes of the stretch that are not counted

    def count(found: int, sub: bytes, part: bytes, ahead: int, cut: int) -> int:
        """`sub` in the stretch: the carry from `skip`, the part from `ahead` up to `cut`."""
        before, after = part.count(sub, 0, ahead), part.count(sub, cut)
        return carry.count(sub, min(skip, len(carry))) + found - before - after

    for index, found in enumerate(counts):
        part = pieces.take()
        assert part is not None
        ahead = max(0, skip - len(carry))  # bytes of this part still before the records
        cut: int | None = len(part)
        if index < len(counts) - 1:
            quotes = count(found.quotes, QUOTE_BYTES, part, ahead, len(part))
            cut = _record_end(part, ahead, quotes, pieces.peek())
        if cut is None:
            carry += part
            continue
        newlines = count(found.newlines, NEWLINE_BYTES, part, ahead, cut)
        delimiters = count(found.delimiters, separator, part, ahead, cut)
        text = b"".join((carry, memoryview(part)[:cut])) if carry or cut < len(part) else part
        carry, skip = part[cut:], 0
        del part  # only the stretch is held while it is parsed
        yield _Stretch(text, newlines, delimiters)


def _read(text: bytes, delimiter: str, cells: list[str], skip: int, limit: int) -> pl.DataFrame:
    """polars' split of `text` into `cells`, skipping `skip` lines (raises READ_ERRORS)."""
    return pl.read_csv(
        text,
        has_header=False,
        skip_lines=skip,
        separator=delimiter,
        quote_char=QUOTE,
        schema=dict.fromkeys(cells, pl.String),
        empty_string_is_null=False,
        missing_columns="insert",
        raise_if_empty=False,
        n_rows=limit,
    )


def _inside(frame: pl.DataFrame, delimiter: str) -> int:
    """Delimiters inside the (quoted) values of `frame`."""
    inside = frame.select(
        pl.sum_horizontal(pl.col(frame.columns).str.count_matches(delimiter, literal=True)).sum()
    ).item()
    return int(inside or 0)


def _last_filled(cells: list[str]) -> pl.Expr:
    """1-based position of a record's last non-empty cell (0: none)."""
    return pl.max_horizontal(
        *(pl.when(pl.col(name) != "").then(i + 1).otherwise(0) for i, name in enumerate(cells))
    )


def _rows(cells: list[str], first_line: int, breaks: int) -> pl.Expr:
    """Line of each record's first line (records from `first_line`); `breaks`: line breaks
    inside values (none: each record is one line)."""
    if breaks == 0:
        return (first_line + pl.int_range(pl.len())).cast(pl.Int64).alias("_row")
    lines = 1 + _newlines(cells)
    return (first_line + lines.cum_sum() - lines).cast(pl.Int64).alias("_row")


@dataclass
class _Piece:
    """One parsed stretch of records: its cleaned cells, `_row`, and for `_fields` the counts of
    its known records (before and after its doubtful ones) and its doubtful records' last
    non-empty cell (None: all of them full width)."""

    cells: pl.DataFrame
    rows: pl.Series
    known_before: list[int]
    doubtful: int
    last: pl.Series | None
    known_after: list[int]


@dataclass
class _Split:
    """The facts one split is made with, and sums over the stretches parsed so far.

    polars fills missing trailing fields with "" (too many fields is an error), so only records
    ending in empty cells are in doubt. The delimiters outside quotes (all in the text less
    those inside values) less those of the known records tell whether all of them were full
    width (`deficit` 0), or all as short as their last non-empty cell (`deficit` equal to
    `shortest`); anything in between is left to the csv module. A stretch without records in
    doubt adds nothing to either: its records are full width.
    """

    delimiter: str
    head: list[list[str]]
    first_line: int
    limit: int
    max_field_chars: int | None
    carriage_returns: bool
    rows: int = 0
    newlines: int = 0
    deficit: int = 0
    shortest: int = 0
    short: bool = False
    too_long: bool = False

    @property
    def cells(self) -> list[str]:
        """The cell columns."""
        return _cells(max(len(record) for record in self.head))

    def parse(self, stretch: _Stretch, first: bool, final: bool) -> _Piece | None:
        """Split one stretch (the `first` holds the head, the `final` the end of the text);
        None when polars split it otherwise than the csv module would."""
        cells, head, text = self.cells, self.head if first else [], stretch.text
        skip = self.first_line - 1 if first else 0
        raw = _read(text, self.delimiter, cells, skip, self.limit - self.rows)
        if raw.height < len(head) or not _same_records(raw.head(len(head)), head):
            return None
        ends_in_newline = text.endswith(NEWLINE_BYTES)
        tail: list[list[str]] = []
        if final and self.rows + raw.height > len(self.head) and not ends_in_newline:
            found = _last_record(raw, text, self.delimiter)
            if found is None:
                return None
            tail = found
        # Every record but an unterminated last one ends in a line break; any other is inside a
        # value. (Records polars dropped would only add breaks, never hide one.)
        breaks = stretch.newlines - raw.height + (0 if ends_in_newline else 1)
        rows = raw.select(_rows(cells, self.first_line + self.newlines, breaks)).to_series()
        doubtful = raw.slice(len(head), raw.height - len(head) - len(tail))
        last = None
        if self.rows + raw.height < self.limit:
            last = doubtful.select(_last_filled(cells).alias("_fields")).to_series()
            short = last < len(cells)
            if short.any():
                known = sum(max(len(record), 1) - 1 for record in head + tail)
                outside = stretch.delimiters - _inside(raw, self.delimiter) - known
                self.deficit += doubtful.height * (len(cells) - 1) - outside
                self.shortest += int((len(cells) - last.clip(lower_bound=1)).filter(short).sum())
                self.short = True
            else:
                last = None
        self.too_long = self.too_long or self._too_long(raw)
        self.rows += raw.height
        self.newlines += stretch.newlines
        return _Piece(
            cells=clean_grid(raw, controls=False, line_breaks=self.carriage_returns),
            rows=rows,
            known_before=[len(record) for record in head],
            doubtful=doubtful.height,
            last=last,
            known_after=[len(record) for record in tail],
        )

    def _too_long(self, raw: pl.DataFrame) -> bool:
        """Whether a raw cell holds more than `max_field_chars` characters (what the csv module
        refuses)."""
        limit = self.max_field_chars
        if limit is None:
            return False
        cells = pl.col(raw.columns)
        longest = raw.select(pl.max_horizontal(cells.str.len_bytes().max())).item()
        if longest is None or longest <= limit:
            return False
        return raw.select(pl.max_horizontal(cells.str.len_chars().max())).item() > limit

    def as_short(self) -> bool | None:
        """Whether the doubtful records are as short as their last non-empty cell (False: all
        full width); None when that cannot be told."""
        if self.rows >= self.limit or not self.short or self.deficit == 0:
            return False
        return True if self.deficit == self.shortest else None


def _assemble(pieces: list[_Piece], as_short: bool, width: int) -> pl.DataFrame:
    """The pieces as one grid `_row`, `_fields`, `c0`..., every column in one chunk.

    `pl.read_csv` hands back columns in several chunks (and so do the pieces); later filters
    can leave a String column with an empty chunk, which polars 2.1.0 panics on
    (docs/upstream/polars-binview-chunk-panic.py). Each column is rechunked and put in place in
    turn, so only one column is held twice at a time.
    """
    fields = []
    for piece in pieces:
        body = piece.last if as_short and piece.last is not None else None
        fields += [
            pl.Series(piece.known_before, dtype=pl.Int64),
            pl.repeat(width, piece.doubtful, dtype=pl.Int64, eager=True)
            if body is None
            else body.cast(pl.Int64),
            pl.Series(piece.known_after, dtype=pl.Int64),
        ]
    grid = pl.concat([piece.cells for piece in pieces], how="vertical")
    grid.insert_column(0, pl.concat([piece.rows for piece in pieces]).alias("_row"))
    grid.insert_column(1, pl.concat(fields).alias("_fields"))
    pieces.clear()
    for index, name in enumerate(grid.columns):
        grid.replace_column(index, grid.get_column(name).rechunk())
    return grid


@dataclass(frozen=True)
class FastSplit:
    """The polars split: grid `_row`, `_fields`, `c0`... (cells cleaned), and whether a raw cell
    holds more characters than the limit it was given."""

    grid: pl.DataFrame
    too_long: bool


def split_pieces(
    pieces: Pieces,
    start: int,
    delimiter: str,
    head: list[list[str]],
    first_line: int,
    limit: int,
    max_field_chars: int | None = None,
    counts: list[ByteCounts] | None = None,
) -> FastSplit | None:
    """UTF-8 text (`pieces`, each taken as it is parsed) -> grid `_row`, `_fields`, `c0`... with
    cleaned cells; None when the csv module must split it (control characters left in, bare
    `\\r` line ends, a split polars cannot prove).

    The records start at byte `start`, line `first_line` (after a BOM, which polars skips, and a
    `sep=` line). `head` holds the first records as the csv module split them: polars must agree
    on them, and their field counts are taken as they are (no head: None). At most `limit`
    records are read: more pieces than one only when fewer line breaks than that can be found.
    `counts` are those of each piece (counted here when not given).
    """
    if not max((len(record) for record in head), default=0) or len(delimiter.encode()) != 1:
        return None
    counts = counts or count_all(pieces.parts, delimiter)
    total = sum(counts, ByteCounts())
    if total.controls or has_bare_carriage_returns(total):
        return None
    if len(pieces.parts) > 1 and total.newlines + 1 >= limit:
        pieces, counts = Pieces.of(pieces.whole()), [total]
    split = _Split(delimiter, head, first_line, limit, max_field_chars, total.carriage_returns > 0)
    parsed: list[_Piece] = []
    try:
        for stretch in _texts(pieces, start, counts, delimiter):
            piece = split.parse(stretch, first=not parsed, final=not pieces.parts)
            if piece is None:
                return None
            parsed.append(piece)
    except READ_ERRORS:
        return None
    as_short = split.as_short()
    if as_short is None:
        return None
    return FastSplit(_assemble(parsed, as_short, len(split.cells)), split.too_long)


def split_fast(
    data: bytes,
    start: int,
    delimiter: str,
    head: list[list[str]],
    first_line: int,
    limit: int,
) -> pl.DataFrame | None:
    """The grid `split_pieces` makes of text held as one buffer (no cell-length limit)."""
    split = split_pieces(Pieces.of(data), start, delimiter, head, first_line, limit)
    return None if split is None else split.grid
