"""Plain data holders passed between stages: the result of screening one export."""

from __future__ import annotations

from dataclasses import dataclass, field

import polars as pl


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
    # One row per job: job, job_profile, profile_label, profile_reason, applications, questions
    # (`pipelines.scoring.job_profiles`).
    jobs: pl.DataFrame = field(default_factory=pl.DataFrame)


@dataclass(frozen=True)
class ScreeningResult:
    """Everything one export produced: scored rows, rejects, duplicates, protected columns."""

    scored: pl.DataFrame
    rejected: pl.DataFrame
    duplicates: pl.DataFrame
    protected: pl.DataFrame
    meta: RunMeta

    @property
    def accounted_rows(self) -> int:
        """Rows that ended somewhere: ranked + rejected + duplicates + blank."""
        return (
            self.scored.height
            + self.rejected.height
            + self.duplicates.height
            + self.meta.blank_rows
        )
