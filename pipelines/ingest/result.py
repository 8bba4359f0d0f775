"""What ingest hands to validation: the canonical table, protected columns and read facts."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import polars as pl


@dataclass(frozen=True)
class IngestResult:
    """One export read into canonical columns, with everything learned while reading it."""

    frame: pl.DataFrame
    protected: pl.DataFrame
    extra_columns: list[str]
    mapping: dict[str, str]
    unknown_headers: list[str]
    warnings: list[str]
    sheet: str | None
    header_row: int
    rows_read: int
    blank_rows: int
    sha256: str
    path: Path
    # Per header of the export: how it was read (alias / rule:<name> / carried / protected);
    # filled by `pipelines.ingest.questions.apply_questions`, empty before.
    header_mapping: list[dict[str, object]] = field(default_factory=list)
