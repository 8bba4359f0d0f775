"""`read_export`: guards, the right reader, header row, canonical columns, protected split."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from pipelines.ingest.cleaning import value_columns
from pipelines.ingest.delimited import read_delimited
from pipelines.ingest.errors import IngestError
from pipelines.ingest.guards import FileKind, classify, read_guarded_pieces
from pipelines.ingest.headers import HeaderMatch, alias_table, match_headers
from pipelines.ingest.names import fill_names
from pipelines.ingest.result import IngestResult
from pipelines.ingest.workbook import read_workbook
from pipelines.settings.columns import ColumnsConfig
from pipelines.settings.ingest import IngestConfig
from pipelines.unique import unique_name

log = logging.getLogger(__name__)
RESERVED = ("source_row", "source_file")


@dataclass
class _Plan:
    """Where each output column comes from (cell columns of the grid)."""

    sources: dict[str, list[str]] = field(default_factory=dict)
    protected: dict[str, list[str]] = field(default_factory=dict)
    extras: dict[str, str] = field(default_factory=dict)
    mapping: dict[str, str] = field(default_factory=dict)
    unknown: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def _listed(rows: list[int], total: int) -> str:
    """Row numbers for a message: `5, 9, 12` or `5, 9, 12 and 40 more`."""
    text = ", ".join(str(row) for row in rows)
    return text if total <= len(rows) else f"{text} and {total - len(rows)} more"


def _plan(
    headers: list[str | None],
    filled: dict[str, bool],
    columns: ColumnsConfig,
    aliases: pl.DataFrame,
) -> _Plan:
    """Map header positions (columns, not rows) to canonical, protected and extra columns."""
    plan = _Plan()
    seen: set[str] = set()
    taken = set(RESERVED) | set(columns.canonical_columns)
    matched = match_headers(headers, aliases)
    names: dict[int, str] = {}
    for position, header, canonical in matched.select("position", "header", "canonical").rows():
        cell = f"c{position}"
        if header is None:
            if filled.get(cell):
                name = unique_name(f"Unnamed column {position + 1}", taken | seen)
                seen.add(name)
                plan.extras[name] = cell
                plan.warnings.append(f"a column without a header is kept as '{name}'")
            continue
        name = unique_name(header, set(seen))
        if name != header:
            plan.warnings.append(f"duplicate header '{header}': the second is kept as '{name}'")
        seen.add(name)
        names[position] = name
        if canonical is None:
            extra = unique_name(name, taken | (seen - {name}))
            plan.extras[extra] = cell
            plan.unknown.append(extra)
        else:
            plan.mapping[name] = canonical
    mapped = matched.filter(pl.col("canonical").is_not_null()).sort(["priority", "position"])
    for (canonical, protected), group in mapped.group_by(
        ["canonical", "protected"], maintain_order=True
    ):
        positions = group["position"].to_list()
        cells = [f"c{position}" for position in positions]
        (plan.protected if protected else plan.sources)[str(canonical)] = cells
        if len(positions) > 1:
            listed = ", ".join(f"'{names[position]}'" for position in positions)
            plan.warnings.append(
                f"headers {listed} all mean {canonical}: values come from "
                f"'{names[positions[0]]}', blanks are filled from the others"
            )
            if not protected:
                for position in positions[1:]:
                    extra = unique_name(names[position], taken | set(plan.extras))
                    plan.extras[extra] = f"c{position}"
    return plan


def _ragged(body: pl.DataFrame, width: int, listed: int) -> list[str]:
    """Warnings for text records with more or fewer fields than the header."""
    if "_fields" not in body.columns:
        return []
    warnings = []
    for label, condition, effect in (
        ("fewer", (pl.col("_fields") > 0) & (pl.col("_fields") < width), "missing values blank"),
        ("more", pl.col("_fields") > width, "extra values kept in unnamed columns"),
    ):
        rows = body.filter(condition)["_row"]
        if rows.len():
            warnings.append(
                f"{rows.len()} rows have {label} fields than the header "
                f"(lines {_listed(rows.head(listed).to_list(), rows.len())}): {effect}"
            )
    return warnings


def _no_header(path: Path, ingest: IngestConfig, sheet: str | None) -> IngestError:
    """The error for a file without a recognisable header row."""
    where = f" in sheet '{sheet}'" if sheet else ""
    examples = ", ".join(ingest.header_examples)
    return IngestError(
        path, f"no candidate header found{where} (expected columns such as {examples}...)"
    )


def _build(
    path: Path,
    grid: pl.DataFrame,
    header: HeaderMatch,
    columns: ColumnsConfig,
    aliases: pl.DataFrame,
    ingest: IngestConfig,
) -> tuple[pl.DataFrame, pl.DataFrame, _Plan, int, int, int]:
    """Canonical frame, protected frame, the plan, header row, rows read, blank rows."""
    cells = value_columns(grid)
    header_line = grid.row(header.index, named=True)
    headers = [header_line[cell] for cell in cells]
    body = grid.slice(header.index + 1)
    blank = ~pl.any_horizontal(pl.col(cells).is_not_null()) if cells else pl.lit(True)
    kept = body.filter(~blank)
    filled = kept.select(pl.col(cells).is_not_null().any()).row(0, named=True) if cells else {}
    plan = _plan(headers, filled, columns, aliases)
    width = header_line.get("_fields") or len(cells)
    plan.warnings.extend(_ragged(kept, width, ingest.max_listed_rows))
    frame = kept.select(
        pl.col("_row").cast(pl.Int64).alias("source_row"),
        pl.lit(path.name, dtype=pl.String).alias("source_file"),
        *(
            (pl.coalesce(plan.sources[name]) if name in plan.sources else pl.lit(None))
            .cast(pl.String)
            .alias(name)
            for name in columns.canonical_columns
        ),
        *(pl.col(cell).cast(pl.String).alias(name) for name, cell in plan.extras.items()),
    )
    protected = kept.select(
        pl.col("_row").cast(pl.Int64).alias("source_row"),
        *(
            pl.coalesce(plan.protected[name]).cast(pl.String).alias(name)
            for name in columns.protected_columns
            if name in plan.protected
        ),
    )
    return (
        fill_names(frame),
        protected,
        plan,
        int(header_line["_row"]),
        body.height,
        body.height - kept.height,
    )


def read_export(
    path: Path | str,
    columns: ColumnsConfig,
    ingest: IngestConfig,
    sheet: str | None = None,
) -> IngestResult:
    """Read one ATS export into canonical columns; IngestError when it cannot be read."""
    path = Path(path)
    pieces = read_guarded_pieces(path, ingest)
    # Text is told from its first bytes; an archive is read in one piece (its checks read it).
    kind = classify(path, pieces.parts[0], ingest)
    aliases = alias_table(columns)
    suffix = path.suffix.lower().lstrip(".")
    warnings: list[str] = []
    if kind is FileKind.TEXT:
        if suffix in ingest.workbook_extensions:
            warnings.append(f"the .{suffix} file holds plain text; it was read as delimited text")
        if sheet is not None:
            warnings.append("a sheet name was given but a text file has no sheets; ignored")
        text = read_delimited(path, pieces, aliases, ingest)
        grid, header, sheet_name = text.grid, text.header, None
        warnings.extend(text.warnings)
    else:
        if suffix in ingest.text_extensions:
            warnings.append(f"the .{suffix} file is really a workbook; it was read as one")
        book = read_workbook(path, aliases, ingest, sheet, pieces.whole())
        grid, header, sheet_name = book.grid, book.header, book.sheet
        warnings.extend(book.warnings)
    if header is None or header.matches < ingest.header_min_matches:
        raise _no_header(path, ingest, sheet_name if sheet is not None else None)
    frame, protected, plan, header_row, rows_read, blank_rows = _build(
        path, grid, header, columns, aliases, ingest
    )
    log.info(
        "read %s: header row %d, %d rows, %d blank", path.name, header_row, rows_read, blank_rows
    )
    return IngestResult(
        frame=frame,
        protected=protected,
        extra_columns=list(plan.extras),
        mapping=plan.mapping,
        unknown_headers=plan.unknown,
        warnings=warnings + plan.warnings,
        sheet=sheet_name,
        header_row=header_row,
        rows_read=rows_read,
        blank_rows=blank_rows,
        sha256=pieces.digest,
        path=path,
    )
