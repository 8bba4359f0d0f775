"""Read an earlier ranked workbook as untrusted input: recruiter columns and whom they are for."""

from __future__ import annotations

import hashlib
import io
import re
import warnings
import zipfile
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import TYPE_CHECKING, Any

import polars as pl
from openpyxl import load_workbook

from pipelines.ingest.errors import IngestError
from pipelines.ingest.guards import FileKind, classify, read_guarded
from pipelines.report.columns import known_specs

if TYPE_CHECKING:
    from openpyxl.workbook.workbook import Workbook

    from pipelines.settings import Settings
    from pipelines.settings.carry import CarryConfig

SHEET_ROW = "sheet_row"
WORKBOOK = "source_workbook"
SHA256 = "source_sha256"
RUN_DATE = "run_date"
RUN_STARTED = "run_started"
EXPORT_FILE = "export_file"
FLAGS_KNOWN = "red_flags_known"
NUMBERS = {"rank": pl.Int64, "score": pl.Float64}
# Columns only the tool's own ranked sheets hold (beside the recruiter and identity columns).
RANKED_MARKS = ("rank", "score")
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}")
LOAD_ERRORS = (zipfile.BadZipFile, KeyError, ValueError, TypeError, OSError, EOFError)


class PreviousError(IngestError):
    """An earlier workbook that cannot be carried from; `str()` is one line naming the file."""


@dataclass(frozen=True)
class PreviousWorkbook:
    """One earlier workbook: its rows (identity, recruiter and context columns) and facts."""

    path: Path
    sha256: str
    run_date: str
    run_started: str
    export_file: str | None
    rows: pl.DataFrame
    warnings: list[str] = field(default_factory=list)


def is_lock_file(path: Path, settings: Settings) -> bool:
    """Excel's `~$name.xlsx` owner file beside an open workbook (never a workbook itself)."""
    return Path(path).name.startswith(settings.carry.previous.lock_prefix)


def cell_text(value: Any) -> str | None:
    """A cell as text, never evaluated: formulas as their `=...` text, whole floats without `.0`."""
    if value is None:
        return None
    if hasattr(value, "text"):  # ArrayFormula / DataTableFormula: the formula's own text
        value = value.text
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    text = str(value)
    return text if text.strip() else None


def _fold(text: Any) -> str:
    """A header compared case- and space-insensitively."""
    return " ".join(str(text).split()).casefold() if text is not None else ""


def _is_ours(wb: Workbook, about: dict[str, str] | None, settings: Settings) -> bool:
    """The project's custom document property, else the About sheet's title and hash row."""
    mark = settings.carry.mark
    for prop in wb.custom_doc_props.props:
        if prop.name == mark.property_name and str(prop.value) == mark.property_value:
            return True
    return about is not None


def _about(wb: Workbook, settings: Settings) -> dict[str, str] | None:
    """The About sheet's label -> value pairs, found by its title in A1 and its hash row."""
    report = settings.report
    title = _fold(report.about.title)
    for ws in wb.worksheets:
        rows = ws.iter_rows(values_only=True)
        first = next(rows, ())
        if not first or _fold(first[0]) != title:
            continue
        pairs = {
            str(row[0]).strip(): cell_text(row[1])
            for row in rows
            if len(row) >= 2 and row[0] is not None and row[1] is not None
        }
        if report.labels.input_sha256 in pairs:
            return {k: v for k, v in pairs.items() if v is not None}
    return None


def _headers(settings: Settings) -> dict[str, str]:
    """Folded header text -> column key, for every column read back."""
    rules = settings.carry.previous
    specs = known_specs(settings.report)
    keys = [*rules.identity_columns, *rules.recruiter_columns, *rules.context_columns]
    return {_fold(specs[key].header): key for key in keys if key in specs}


def _find_tables(wb: Workbook, settings: Settings) -> list[tuple[Any, int, dict[str, int]]]:
    """The ranked sheets (by their header row, whatever their titles): sheet, header row,
    key -> index. A header row needs every recruiter column and an identity column. A workbook
    of several jobs has a ranked sheet per job and All jobs, and a recruiter may type in any of
    them: every sheet that also holds the rank and score columns is read. A sheet of the
    recruiter's own (a shortlist with Decision, Interviewer and Notes) is read only when no such
    sheet is left; then the one naming the most known columns."""
    rules = settings.carry.previous
    headers = _headers(settings)
    identity = set(rules.identity_columns)
    tables: list[tuple[Any, int, dict[str, int]]] = []
    for ws in wb.worksheets:
        scanned = ws.iter_rows(max_row=rules.header_scan_rows, values_only=True)
        for number, row in enumerate(scanned, start=1):
            found: dict[str, int] = {}
            for index, value in enumerate(row):
                key = headers.get(_fold(value))
                if key is not None and key not in found:
                    found[key] = index
            if set(rules.recruiter_columns) <= set(found) and identity & set(found):
                tables.append((ws, number, found))
                break
    ranked = [table for table in tables if set(RANKED_MARKS) <= set(table[2])]
    if ranked or not tables:
        return ranked
    return [max(tables, key=lambda table: len(table[2]))]


def _run_started(about: dict[str, str] | None, path: Path, settings: Settings) -> str:
    """When the workbook's run started (About sheet), else the file's modification time."""
    started = (about or {}).get(settings.report.labels.run_started)
    if started and ISO_DATE.match(started):
        return started
    return datetime.fromtimestamp(path.stat().st_mtime, tz=UTC).isoformat(timespec="seconds")


def _rows(ws: Any, header_row: int, found: dict[str, int], settings: Settings) -> pl.DataFrame:
    """The table's rows below the header: wanted columns as text, numbers parsed."""
    rules = settings.carry.previous
    keys = [*rules.identity_columns, *rules.recruiter_columns, *rules.context_columns]
    present = [k for k in keys if k in found]
    indices = [found[k] for k in present]
    columns: dict[str, list[str | None]] = {k: [] for k in present}
    numbers: list[int] = []
    ws.reset_dimensions()  # some writers save a wrong <dimension>; read every row there is
    for number, row in enumerate(ws.iter_rows(min_row=header_row + 1, values_only=True)):
        numbers.append(header_row + 1 + number)
        for key, index in zip(present, indices, strict=True):
            columns[key].append(cell_text(row[index]) if index < len(row) else None)
    frame = pl.DataFrame(
        {SHEET_ROW: numbers, **columns},
        schema={SHEET_ROW: pl.Int64, **{k: pl.String for k in present}},
    )
    return frame.with_columns(
        *(pl.lit(None, dtype=pl.String).alias(k) for k in keys if k not in found),
        pl.lit("red_flags" in found).alias(FLAGS_KNOWN),
    ).with_columns(
        pl.col(k).str.strip_chars().cast(dtype, strict=False).alias(k)
        for k, dtype in NUMBERS.items()
        if k in keys
    )


def _kept(rows: pl.DataFrame, settings: Settings) -> tuple[pl.DataFrame, list[str]]:
    """Rows naming a candidate; a row with recruiter entries but no identity is reported."""
    rules = settings.carry.previous
    someone = pl.any_horizontal(pl.col(k).is_not_null() for k in rules.identity_columns)
    typed = pl.any_horizontal(pl.col(k).is_not_null() for k in rules.recruiter_columns)
    orphans = rows.filter(~someone & typed).get_column(SHEET_ROW).to_list()
    text = settings.carry.text.no_identity
    return rows.filter(someone), [text.format(row=row) for row in orphans]


def read_previous(path: Path, settings: Settings) -> PreviousWorkbook:
    """An earlier workbook's ranked rows, after the ingest guards; formulas read as their text."""
    path = Path(path)
    texts = settings.carry.text
    if is_lock_file(path, settings):
        raise PreviousError(path, texts.lock_file)
    try:
        data = read_guarded(path, settings.ingest)
        kind = classify(path, data, settings.ingest)
    except IngestError as exc:
        raise PreviousError(path, exc.reason) from exc
    if kind is not FileKind.XLSX:
        raise PreviousError(path, texts.not_ours)
    with warnings.catch_warnings():
        # openpyxl warns about parts it drops (LibreOffice's extensions); nothing to tell anyone
        warnings.simplefilter("ignore", UserWarning)
        return _read(path, data, settings)


def _read(path: Path, data: bytes, settings: Settings) -> PreviousWorkbook:
    """Open the guarded bytes read-only (formulas as text) and read the ranked sheet."""
    texts = settings.carry.text
    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=False, keep_links=False)
    except LOAD_ERRORS as exc:
        raise PreviousError(path, texts.damaged) from exc
    try:
        about = _about(wb, settings)
        if not _is_ours(wb, about, settings):
            raise PreviousError(path, texts.not_ours)
        tables = _find_tables(wb, settings)
        if not tables:
            raise PreviousError(path, texts.no_ranked)
        read = [_kept(_rows(*table, settings), settings) for table in tables]
        rows = pl.concat([frame for frame, _ in read], how="diagonal")
        notes = [note for _, found in read for note in found]
    except PreviousError:
        raise
    except LOAD_ERRORS as exc:
        raise PreviousError(path, texts.damaged) from exc
    finally:
        wb.close()
    sha = hashlib.sha256(data).hexdigest()
    started = _run_started(about, path, settings)
    export = (about or {}).get(settings.report.labels.input_file)
    rows = rows.with_columns(
        pl.lit(str(path)).alias(WORKBOOK),
        pl.lit(sha).alias(SHA256),
        pl.lit(started[:10]).alias(RUN_DATE),
        pl.lit(started).alias(RUN_STARTED),
        pl.lit(export, dtype=pl.String).alias(EXPORT_FILE),
    )
    return PreviousWorkbook(path, sha, started[:10], started, export, rows, notes)


def read_many(paths: list[Path], settings: Settings) -> tuple[list[PreviousWorkbook], list[str]]:
    """Each workbook read (lock files skipped, each with a one-line note); refusals raise."""
    workbooks, notes = [], []
    for path in paths:
        if is_lock_file(path, settings):
            notes.append(f"{Path(path).name}: {settings.carry.text.lock_file}")
            continue
        workbook = read_previous(path, settings)
        workbooks.append(workbook)
        notes += [f"{workbook.path.name}: {w}" for w in workbook.warnings]
    return workbooks, notes


def empty_previous(config: CarryConfig) -> pl.DataFrame:
    """The rows of no earlier workbook, with every column a read one has."""
    rules = config.previous
    texts = [*rules.identity_columns, *rules.recruiter_columns, *rules.context_columns]
    schema: dict[str, pl.DataType] = {SHEET_ROW: pl.Int64}
    schema.update({k: NUMBERS.get(k, pl.String) for k in texts})
    schema.update({FLAGS_KNOWN: pl.Boolean, WORKBOOK: pl.String, SHA256: pl.String})
    schema.update({RUN_DATE: pl.String, RUN_STARTED: pl.String, EXPORT_FILE: pl.String})
    return pl.DataFrame(schema=schema)


def stacked(workbooks: list[PreviousWorkbook], config: CarryConfig) -> pl.DataFrame:
    """All workbooks' rows in one frame."""
    empty = empty_previous(config)
    return pl.concat([empty, *(w.rows.select(empty.columns) for w in workbooks)], how="vertical")
