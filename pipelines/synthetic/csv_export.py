"""CSV writers: Lever-style (Windows-1252, `;`), Bullhorn-style (UTF-8 BOM) and plain (polars)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from pathlib import Path

import polars as pl

from pipelines.synthetic.layouts import plain

WINDOWS_NEWLINE = "\r\n"


def write_delimited(
    path: Path,
    header: Sequence[str],
    rows: Iterable[Sequence[str | None]],
    encoding: str,
    delimiter: str,
) -> Path:
    """Header + rows with minimal quoting and CRLF line ends, encoded strictly as `encoding`."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator=WINDOWS_NEWLINE)
    writer.writerow(header)
    writer.writerows([["" if value is None else value for value in row] for row in rows])
    Path(path).write_bytes(buffer.getvalue().encode(encoding))
    return Path(path)


def write_csv(candidates: pl.DataFrame, path: Path) -> Path:
    """Plain benchmark export: UTF-8, comma, common custom-question headers (polars writer)."""
    plain(candidates).write_csv(path)
    return Path(path)
