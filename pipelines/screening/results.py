"""Plain data holders passed between stages: the result of screening one export."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import polars as pl

if TYPE_CHECKING:
    from pipelines.carry.apply import CarryResult


@dataclass(frozen=True)
class RunMeta:
    """Facts about one run, shown on the About sheet and in the run record."""

    source_file: str
    source_path: str
    sha256: str
    sheet: str | None
    header_row: int
    rows_read: int
    blank_rows: int
    column_mapping: dict[str, str]
    unknown_headers: list[str]
    warnings: list[str]
    config_hashes: dict[str, str]
    versions: dict[str, str]
    started_at: str
    finished_at: str = ""
    seconds: float = 0.0


@dataclass(frozen=True)
class ScreeningResult:
    """Everything one export produced: scored rows, rejects, duplicates, protected columns,
    and what earlier workbooks carried into it."""

    scored: pl.DataFrame
    rejected: pl.DataFrame
    duplicates: pl.DataFrame
    protected: pl.DataFrame
    meta: RunMeta
    # Recruiters' columns carried from earlier workbooks (None when none was read).
    carried: CarryResult | None = None

    @property
    def accounted_rows(self) -> int:
        """Rows that ended somewhere: ranked + rejected + duplicates + blank."""
        return (
            self.scored.height
            + self.rejected.height
            + self.duplicates.height
            + self.meta.blank_rows
        )
