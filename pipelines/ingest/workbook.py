"""Workbooks (.xlsx/.xlsm/.xls/.ods) through fastexcel (calamine): every cell as text."""

from __future__ import annotations

import logging
import os
import re
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import fastexcel
import polars as pl

from pipelines.ingest.cleaning import clean_grid, value_columns
from pipelines.ingest.errors import IngestError
from pipelines.ingest.headers import HeaderMatch, find_header
from pipelines.settings.ingest import IngestConfig

log = logging.getLogger(__name__)
T = TypeVar("T")

# calamine's error cell kinds -> the text Excel shows.
ERROR_TEXT = {
    "Div0": "#DIV/0!",
    "NA": "#N/A",
    "Name": "#NAME?",
    "Null": "#NULL!",
    "Num": "#NUM!",
    "Ref": "#REF!",
    "Value": "#VALUE!",
    "GettingData": "#GETTING_DATA",
}
_ERROR_KIND = re.compile(r"Error\((\w+)\)")
# fastexcel renders dates as "YYYY-MM-DD HH:MM:SS"; midnight means a plain date, and Excel's
# day zero (1899-12-30/31) means a time of day or a duration.
MIDNIGHT = r"^(\d{4}-\d{2}-\d{2}) 00:00:00$"
DAY_ZERO = r"^1899-12-3[01] (\d{2}:\d{2}:\d{2})$"
# Every MIDNIGHT match ends with this and every DAY_ZERO match starts with this: a column with
# neither needs no regex pass.
MIDNIGHT_END = " 00:00:00"
DAY_ZERO_START = "1899-12-3"
PASSWORD_WORDS = ("password", "encrypt")
STDERR_FD = 2
LEGACY_WORDS = ("biff", "unsupported")


@dataclass(frozen=True)
class SheetGrid:
    """One worksheet as a cleaned grid: `_row` (Excel row number), `c0`... and its header."""

    grid: pl.DataFrame
    header: HeaderMatch | None
    sheet: str
    warnings: list[str]


@contextmanager
def _native_stderr_silenced() -> Iterator[None]:
    """Send what native code writes to stderr (Rust panic messages, backtraces) to /dev/null."""
    sys.stderr.flush()
    saved = os.dup(STDERR_FD)
    try:
        with open(os.devnull, "wb") as sink:
            os.dup2(sink.fileno(), STDERR_FD)
        yield
    finally:
        os.dup2(saved, STDERR_FD)
        os.close(saved)


def _guarded(path: Path, call: Callable[[], T]) -> T:
    """Run a calamine call quietly; any failure, Rust panics included, becomes an IngestError."""
    try:
        with _native_stderr_silenced():
            return call()
    except (KeyboardInterrupt, SystemExit, MemoryError):
        raise
    except IngestError:
        raise
    except BaseException as exc:  # pyo3 PanicException derives from BaseException
        message = str(exc).lower()
        log.info("workbook reader failed: %s", type(exc).__name__)
        if any(word in message for word in PASSWORD_WORDS):
            reason = "password-protected: remove the password in Excel and export again"
        elif any(word in message for word in LEGACY_WORDS):
            reason = "legacy format (a very old Excel version): open it in Excel, save as .xlsx"
        else:
            reason = "damaged file (the workbook cannot be read)"
        raise IngestError(path, reason) from exc


def _error_cells(errors: Any) -> pl.DataFrame:
    """Cells calamine could not give as text (error values): `_i`, `column`, `text`."""
    found = [] if errors is None else errors.errors
    kinds = [_ERROR_KIND.search(error.detail) for error in found]
    return pl.DataFrame(
        {
            "_i": [error.position[0] for error in found],
            "column": [f"c{error.position[1]}" for error in found],
            "text": [ERROR_TEXT.get(kind.group(1)) if kind else None for kind in kinds],
        },
        schema={"_i": pl.Int64, "column": pl.String, "text": pl.String},
    ).drop_nulls("text")


def _to_grid(sheet: Any) -> pl.DataFrame:
    """A loaded sheet -> raw grid with Excel row numbers and error cells written as Excel shows."""
    batch, errors = sheet.to_arrow_with_errors()
    frame = pl.from_arrow(batch)
    assert isinstance(frame, pl.DataFrame)
    cells = [f"c{i}" for i in range(frame.width)]
    frame = frame.rename(dict(zip(frame.columns, cells, strict=True))).with_row_index("_i")
    frame = frame.with_columns(pl.col("_i").cast(pl.Int64))
    patch = _error_cells(errors)
    if patch.height:
        wide = patch.pivot(on="column", index="_i", values="text", aggregate_function="first")
        fixed = [name for name in wide.columns if name != "_i"]
        frame = frame.join(wide, on="_i", how="left", suffix="__error").with_columns(
            pl.coalesce(pl.col(name), pl.col(f"{name}__error")).alias(name) for name in fixed
        )
    return frame.select((pl.col("_i") + 1).alias("_row"), *_dates_as_shown(frame, cells))


def _dates_as_shown(frame: pl.DataFrame, cells: list[str]) -> list[pl.Expr]:
    """Per cell column: midnight datetimes as dates, day-zero datetimes as times of day."""
    if not cells:
        return []
    column = pl.col(cells)
    ends = frame.select(column.str.ends_with(MIDNIGHT_END).any()).row(0, named=True)
    starts = frame.select(column.str.starts_with(DAY_ZERO_START).any()).row(0, named=True)
    exprs = []
    for name in cells:
        text = pl.col(name)
        if ends[name]:
            text = text.str.replace(MIDNIGHT, "${1}")
        if starts[name]:
            text = text.str.replace(DAY_ZERO, "${1}")
        exprs.append(text.alias(name))
    return exprs


def _load(
    path: Path, reader: Any, name: str, aliases: pl.DataFrame, ingest: IngestConfig
) -> SheetGrid:
    """Load one sheet (bounded rows and columns) and find its header."""
    limit = ingest.header_scan_rows + ingest.max_rows + 1
    sheet = _guarded(
        path,
        lambda: reader.load_sheet(
            name,
            header_row=None,
            skip_rows=0,
            n_rows=limit,
            dtypes="string",
            use_columns=lambda column: column.index < ingest.max_columns,
        ),
    )
    available = len(_guarded(path, sheet.available_columns))
    if available > ingest.max_columns:
        raise IngestError(
            path,
            f"too large (sheet '{name}' has {available:,} columns; "
            f"the limit is {ingest.max_columns:,})",
        )
    grid = clean_grid(_guarded(path, lambda: _to_grid(sheet)))
    header = find_header(grid, aliases, ingest.header_scan_rows)
    if header is not None and sheet.total_height - header.index - 1 > ingest.max_rows:
        raise IngestError(
            path,
            f"too large (sheet '{name}' has more than {ingest.max_rows:,} rows; "
            f"the limit is {ingest.max_rows:,})",
        )
    return SheetGrid(grid=grid, header=header, sheet=name, warnings=[])


def read_workbook(
    path: Path,
    aliases: pl.DataFrame,
    ingest: IngestConfig,
    sheet: str | None,
    data: bytes | None = None,
) -> SheetGrid:
    """The named sheet, else the first sheet with a recognisable header (else the first sheet).

    `data`: the file's bytes as the guards checked them (read from `path` when not given).
    """
    reader = _guarded(path, lambda: fastexcel.read_excel(path if data is None else data))
    names = list(_guarded(path, lambda: reader.sheet_names))
    if not names:
        raise IngestError(path, "empty file (the workbook has no sheets)")
    if sheet is not None:
        if sheet not in names:
            listed = ", ".join(f"'{name}'" for name in names)
            raise IngestError(path, f"no sheet named '{sheet}' (sheets: {listed})")
        return _load(path, reader, sheet, aliases, ingest)
    first: SheetGrid | None = None
    for name in names:
        loaded = _load(path, reader, name, aliases, ingest)
        if loaded.header is not None and loaded.header.matches >= ingest.header_min_matches:
            return loaded
        if first is None and has_cells(loaded.grid):
            first = loaded
    if first is None:
        raise IngestError(path, "empty file (no sheet holds any data)")
    return first


def has_cells(grid: pl.DataFrame) -> bool:
    """Whether any cell of a grid holds a value."""
    cells = value_columns(grid)
    if not cells or grid.height == 0:
        return False
    return bool(grid.select(pl.any_horizontal(pl.col(cells).is_not_null()).any()).item())
