"""How far a sheet's valued cells reach, read from its XML as it streams out of the zip.

calamine builds a dense grid from the first to the last valued cell, so a handful of far-apart
cells (explicit references, cells without an `r` reference, or ODS repeat counts) can make it
allocate gigabytes. These trackers follow the reader's own positioning rules with expat, in
bounded memory, and report the rows x columns span before any parser sees the part.
"""

from __future__ import annotations

import codecs
import re
import xml.parsers.expat
from dataclasses import dataclass, field

import polars as pl

CELL_REF = re.compile(r"^\$?([A-Za-z]{1,3})\$?([0-9]{1,7})$")
# Fast path (polars regex over the text): every cell start tag, and those with a plain `r="A1"`
# reference. When the counts differ (cells placed by order), the part is parsed with expat.
CELL_OPEN = r"<(?:[A-Za-z_][\w.-]*:)?c[\s/>]"
CELL_TAG = r"<(?:[A-Za-z_][\w.-]*:)?c(?:\s[^<>]*?)?\sr=\"[A-Z]{1,3}[0-9]{1,7}\"[^<>]*?>"
CELL_REF_PARTS = r"\sr=\"(?<letters>[A-Z]{1,3})(?<digits>[0-9]{1,7})\""
# A valued (not self-closing) referenced cell tag whose reference is {ref}: CELL_TAG narrowed.
VALUED_TAG = r"<(?:[A-Za-z_][\w.-]*:)?c(?:\s[^<>]*?)?\sr=\"(?:{ref})\"(?:[^<>]*[^<>/])?>"
# Fast path (the layout every common writer uses): each cell tag opens as `<c r="A1"`, no
# element is prefixed. Then counting the cell tags (and any `:c` that could end a prefixed
# one), and the tags either placed within the candidate span or self-closing, tells in two
# literal-led passes what the general patterns above tell in three slower ones; anything else
# falls back to them.
# Every cell tag, and any `:c` (in text, or ending a prefixed name); two literal branches, which
# the regex engine finds faster than one `[<:]c` class.
ANY_OPEN = r"<c[\s/>]|:c[\s/>]"
PLAIN_TAG = re.compile(rb'<c r="(?P<letters>[A-Z]{1,3})(?P<digits>[0-9]{1,7})"[^<>]*>')
SELF_CLOSING_TAG = r"[A-Z]{1,3}[0-9]{1,7}\"[^<>]*/"
SETTLED_TAG = r"<c r=\"(?:{within})>"
WIDEST_DIGITS = 7
# Text at the end of a scanned piece whose cell tags give the candidate span (see RefScan).
TAIL_CHARS = 4096
# Bytes gathered before a scan: fewer, larger scans (each has a fixed cost), memory still bounded.
SCAN_BATCH_BYTES = 8 << 20
SELF_CLOSING = "/>"
SELF_CLOSING_BYTES = SELF_CLOSING.encode()
WIDEST_LETTERS = 3
LOW_PAD = "@"  # sorts before "A": padded letters compare like column numbers
WIDE_TEXT = b"\x00"  # UTF-16/32 text: left to expat
LETTERS = 26
# OOXML worksheet elements (local names) that give a cell its value.
XLSX_VALUE_PARTS = frozenset({"v", "is", "f"})
# ODS attributes (qualified, as written by every producer) and elements.
ODS_TABLE = "table:table"
ODS_ROW = "table:table-row"
ODS_CELLS = frozenset({"table:table-cell", "table:covered-table-cell"})
ODS_ROWS_REPEATED = "table:number-rows-repeated"
ODS_COLUMNS_REPEATED = "table:number-columns-repeated"
ODS_VALUE_TYPE = "office:value-type"


class UnsafeXml(Exception):
    """A part declares a DTD or entities; the caller refuses the file."""


def _local(name: str) -> str:
    """Element name without its namespace prefix."""
    return name.rsplit(":", 1)[-1]


def column_number(letters: str) -> int:
    """Excel column letters -> 1-based column number."""
    number = 0
    for char in letters.upper():
        number = number * LETTERS + (ord(char) - ord("A") + 1)
    return number


def column_letters(number: int) -> str:
    """1-based column number -> Excel column letters (0 -> "")."""
    letters = ""
    while number > 0:
        number, rest = divmod(number - 1, LETTERS)
        letters = chr(ord("A") + rest) + letters
    return letters


def _greater_strings(bound: str, alphabet: tuple[str, str]) -> list[str]:
    """Regex pieces matching the strings of `bound`'s length that sort after `bound`."""
    low, high = alphabet
    pieces = []
    for place, char in enumerate(bound):
        if char < high:
            rest = len(bound) - place - 1
            pieces.append(f"{bound[:place]}[{chr(ord(char) + 1)}-{high}][{low}-{high}]{{{rest}}}")
    return pieces


def _lesser_strings(bound: str, alphabet: tuple[str, str]) -> list[str]:
    """Regex pieces matching the strings of `bound`'s length that sort before it, and `bound`."""
    low, high = alphabet
    pieces = [bound]
    for place, char in enumerate(bound):
        if char > low:
            rest = len(bound) - place - 1
            pieces.append(f"{bound[:place]}[{low}-{chr(ord(char) - 1)}][{low}-{high}]{{{rest}}}")
    return pieces


def settled_pattern(span: Span) -> str:
    """A plain cell tag (`<c r="A1"...>`) that is self-closing (no value) or placed within
    `span`: what `beyond_pattern` leaves out among plain tags."""
    letters, digits = column_letters(span.columns), str(span.rows)
    columns = _lesser_strings(letters, ("A", "Z")) if letters else []
    if len(letters) > 1:
        columns.append(f"[A-Z]{{1,{len(letters) - 1}}}")
    rows = [
        piece
        for width in range(len(digits), WIDEST_DIGITS + 1)
        for piece in _lesser_strings(digits.zfill(width), ("0", "9"))
    ]
    if len(digits) > 1:
        rows.append(f"[0-9]{{1,{len(digits) - 1}}}")
    choices = [SELF_CLOSING_TAG]
    if columns:
        choices.insert(0, f'(?:{"|".join(columns)})(?:{"|".join(rows)})"[^<>]*')
    return SETTLED_TAG.format(within="|".join(choices))


def beyond_pattern(span: Span) -> str | None:
    """A valued cell tag placed past `span` (a later column or row); None when nothing can be."""
    letters = column_letters(span.columns)
    columns = _greater_strings(letters, ("A", "Z"))
    if len(letters) < WIDEST_LETTERS:
        columns.append(f"[A-Z]{{{len(letters) + 1},{WIDEST_LETTERS}}}")
    # Digits may carry leading zeros: compare at every width against the zero-padded bound.
    digits = str(span.rows)
    rows = [
        piece
        for width in range(len(digits), WIDEST_DIGITS + 1)
        for piece in _greater_strings(digits.zfill(width), ("0", "9"))
    ]
    refs = [f"(?:{c})[0-9]{{1,{WIDEST_DIGITS}}}" for c in columns]
    refs += [f"[A-Z]{{1,{WIDEST_LETTERS}}}(?:{r})" for r in rows]
    return VALUED_TAG.format(ref="|".join(refs)) if refs else None


def _count(value: str | None) -> int:
    """A repeat attribute as a positive count (absent or unreadable -> 1)."""
    if value is None or not value.strip().isdigit():
        return 1
    return max(1, int(value))


@dataclass
class Span:
    """Largest 1-based row and column reached by a valued cell."""

    rows: int = 0
    columns: int = 0

    @property
    def cells(self) -> int:
        """Cells of the dense grid a reader would build."""
        return self.rows * self.columns

    def reach(self, row: int, column: int) -> None:
        """Extend the span to include (row, column)."""
        self.rows = max(self.rows, row)
        self.columns = max(self.columns, column)

    def reach_span(self, other: Span) -> Span:
        """Extend the span to include `other`; the span itself."""
        self.reach(other.rows, other.columns)
        return self


def _tail_span(data: bytes) -> Span:
    """The span the valued plain cell tags in the last TAIL_CHARS bytes of `data` reach."""
    span = Span()
    for tag in PLAIN_TAG.finditer(data, max(0, len(data) - TAIL_CHARS)):
        if not tag.group(0).endswith(SELF_CLOSING_BYTES):
            span.reach(int(tag["digits"]), column_number(tag["letters"].decode()))
    return span


@dataclass
class RefScan:
    """Fast scan of a worksheet by its `r` references; `exact` is False when a cell lacks one."""

    max_carry: int
    batch_bytes: int = SCAN_BATCH_BYTES
    span: Span = field(default_factory=Span)
    opened: int = 0
    referenced: int = 0
    wide: bool = False
    _carry: list[memoryview] = field(default_factory=list)
    _carry_bytes: int = 0
    _pending: list[memoryview] = field(default_factory=list)
    _pending_bytes: int = 0
    _decoder: codecs.IncrementalDecoder = field(
        default_factory=lambda: codecs.getincrementaldecoder("utf-8")(errors="replace")
    )

    @property
    def largest(self) -> Span:
        """The span of valued cells seen so far."""
        return self.span

    @property
    def exact(self) -> bool:
        """Whether every cell tag carried a plain reference in 8-bit text (else use expat)."""
        return not self.wide and self.opened == self.referenced

    def feed(self, chunk: bytes) -> None:
        """Scan complete tags; an unfinished tag at the end waits for the next chunk.

        Pieces cut before a `<` scan the same joined as one by one (no tag crosses the cut);
        a forced cut (no `<` within `max_carry` of the end) may split a tag, so it ends the
        batch there. Pieces are kept as views and joined once per batch.
        """
        self.wide = self.wide or WIDE_TEXT in chunk
        view = memoryview(chunk)
        cut = chunk.rfind(b"<")
        forced = cut < 0 and not self._carry  # no `<` at all since the last cut
        if cut >= 0:
            self._pending += [*self._carry, view[:cut]]
            self._pending_bytes += self._carry_bytes + cut
            self._carry, self._carry_bytes = [view[cut:]], len(chunk) - cut
        else:
            self._carry.append(view)
            self._carry_bytes += len(chunk)
        if forced or self._carry_bytes > self.max_carry:
            forced = True
            self._pending += self._carry
            self._pending_bytes += self._carry_bytes
            self._carry, self._carry_bytes = [], 0
        if forced or self._pending_bytes >= self.batch_bytes:
            self._flush()

    def close(self) -> None:
        """Scan what is left."""
        self._pending += self._carry
        self._carry, self._carry_bytes = [], 0
        self._flush(final=True)

    def _flush(self, final: bool = False) -> None:
        """Scan the gathered pieces as one."""
        data = b"".join(self._pending)
        self._pending, self._pending_bytes = [], 0
        self._scan(data, final)

    def _text(self, data: bytes, final: bool) -> pl.DataFrame:
        """The piece as text in one row: checked as UTF-8 by polars in place, else decoded by
        Python (replacing what is not UTF-8, holding a character a forced cut split)."""
        if not self._decoder.getstate()[0]:
            try:
                return pl.DataFrame({"xml": pl.Series([data], dtype=pl.Binary).cast(pl.String)})
            except pl.exceptions.PolarsError:
                pass
        return pl.DataFrame({"xml": [self._decoder.decode(data, final)]})

    def _scan(self, data: bytes, final: bool = False) -> None:
        """Count cell tags and extend the span by the valued (not self-closing) ones."""
        text = self._text(data, final)
        if self._plain(text, _tail_span(data).reach_span(self.span)):
            return
        # Cells almost always run in order, so the tags at the end of the piece reach as far as
        # any: take that candidate span and check with one pass that no valued tag lies beyond
        # it. Only when one does are all the tags of the piece extracted.
        candidate = self._reach(text.select(pl.col("xml").str.tail(TAIL_CHARS)))
        candidate.reach(self.span.rows, self.span.columns)
        beyond = beyond_pattern(candidate)
        counts = text.select(
            opened=pl.col("xml").str.count_matches(CELL_OPEN),
            referenced=pl.col("xml").str.count_matches(CELL_TAG),
            beyond=pl.lit(False) if beyond is None else pl.col("xml").str.contains(beyond),
        )
        opened, referenced, past = counts.row(0)
        self.opened += int(opened or 0)
        self.referenced += int(referenced or 0)
        found = self._reach(text) if past else candidate
        self.span.reach(found.rows, found.columns)

    def _plain(self, text: pl.DataFrame, candidate: Span) -> bool:
        """The fast path: True (counts and span taken) when every cell tag is plain and each is
        placed within `candidate` (a span valued tags of the piece reach) or self-closing; then
        the general patterns would count every tag as referenced and find the same span."""
        xml = pl.col("xml")
        opened, settled = text.select(
            opened=xml.str.count_matches(ANY_OPEN),
            settled=xml.str.count_matches(settled_pattern(candidate)),
        ).row(0)
        if opened != settled:
            return False
        self.opened += int(opened or 0)
        self.referenced += int(opened or 0)
        self.span.reach(candidate.rows, candidate.columns)
        return True

    @staticmethod
    def _reach(text: pl.DataFrame) -> Span:
        """The span of the valued referenced cell tags in the text."""
        refs = text.select(pl.col("xml").str.extract_all(CELL_TAG).explode().alias("tag"))
        found = (
            refs.drop_nulls()
            .filter(~pl.col("tag").str.ends_with(SELF_CLOSING))
            .select(pl.col("tag").str.extract_groups(CELL_REF_PARTS).struct.unnest())
            .select(
                pl.col("letters").str.pad_start(WIDEST_LETTERS, LOW_PAD).max(),
                pl.col("digits").cast(pl.Int64).max(),
            )
        )
        letters, digits = found.row(0)
        if letters is None or digits is None:
            return Span()
        return Span(int(digits), column_number(letters.lstrip(LOW_PAD)))


@dataclass
class _Tracker:
    """Streams XML through expat; subclasses follow one format's positioning rules."""

    span: Span = field(default_factory=Span)
    largest: Span = field(default_factory=Span)

    def __post_init__(self) -> None:
        """Create the expat parser and refuse any DTD it meets."""
        self._parser = xml.parsers.expat.ParserCreate()
        self._parser.StartElementHandler = self._start
        self._parser.EndElementHandler = self._end
        self._parser.StartDoctypeDeclHandler = self._doctype
        self._parser.EntityDeclHandler = self._doctype

    def _doctype(self, *_: object) -> None:
        """DTDs and entity declarations are never expected in a workbook."""
        raise UnsafeXml

    def feed(self, chunk: bytes) -> None:
        """Parse the next piece of the part (raises xml.parsers.expat.ExpatError if malformed)."""
        self._parser.Parse(chunk, False)

    def close(self) -> None:
        """Finish the part."""
        self._parser.Parse(b"", True)

    def _keep(self) -> None:
        """Remember the widest span seen (one per sheet)."""
        if self.span.cells > self.largest.cells:
            self.largest = Span(self.span.rows, self.span.columns)

    def _start(self, name: str, attrs: dict[str, str]) -> None:
        raise NotImplementedError

    def _end(self, name: str) -> None:
        raise NotImplementedError


@dataclass
class XlsxExtent(_Tracker):
    """A worksheet part: `r` references when given, else the next row or column (calamine)."""

    _row: int = 0
    _column: int = 0
    _cell: tuple[int, int] | None = None

    def _start(self, name: str, attrs: dict[str, str]) -> None:
        """Track the position of rows and cells; a value child marks the cell as valued."""
        local = _local(name)
        if local == "row":
            given = attrs.get("r", "")
            self._row = int(given) if given.isdigit() else self._row + 1
            self._column = 0
        elif local == "c":
            ref = CELL_REF.match(attrs.get("r", ""))
            if ref:
                self._column, self._row = column_number(ref.group(1)), int(ref.group(2))
            else:
                self._column += 1
            self._cell = (self._row, self._column)
        elif local in XLSX_VALUE_PARTS and self._cell is not None:
            self.span.reach(*self._cell)
            self._keep()

    def _end(self, name: str) -> None:
        """A cell ends: later value-like elements are not its own."""
        if _local(name) == "c":
            self._cell = None


@dataclass
class OdsExtent(_Tracker):
    """ODS content: rows and cells advance by their repeat counts; spans are per table."""

    _stack: list[tuple[int, int, Span]] = field(default_factory=list)
    _row: int = 0
    _row_repeat: int = 1
    _column: int = 0
    _cell: tuple[int, int] | None = None
    _valued: bool = False

    def _start(self, name: str, attrs: dict[str, str]) -> None:
        """Advance rows and cells; a value type or any child content marks a cell as valued."""
        if name == ODS_TABLE:
            self._stack.append((self._row, self._column, self.span))
            self._row, self._column, self.span = 0, 0, Span()
        elif name == ODS_ROW:
            self._row_repeat = _count(attrs.get(ODS_ROWS_REPEATED))
            self._column = 0
        elif name in ODS_CELLS:
            repeat = _count(attrs.get(ODS_COLUMNS_REPEATED))
            self._cell = (self._row + self._row_repeat, self._column + repeat)
            self._column += repeat
            self._valued = ODS_VALUE_TYPE in attrs
        elif self._cell is not None:
            self._valued = True

    def _end(self, name: str) -> None:
        """Close cells (extend the span when valued), rows (advance) and tables (restore)."""
        if name in ODS_CELLS and self._cell is not None:
            if self._valued:
                self.span.reach(*self._cell)
                self._keep()
            self._cell, self._valued = None, False
        elif name == ODS_ROW:
            self._row += self._row_repeat
            self._row_repeat = 1
        elif name == ODS_TABLE and self._stack:
            self._row, self._column, self.span = self._stack.pop()
