"""Plain data holders passed between stages: the result of screening one export."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
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
    # One row per job: job, job_profile, profile_label, profile_reason, applications, questions
    # (`pipelines.scoring.job_profiles`).
    jobs: pl.DataFrame = field(default_factory=pl.DataFrame)
    # Per header: how it was read (alias / rule:<name> / carried / protected).
    header_mapping: list[dict] = field(default_factory=list)
    # Resume documents and answers file given with the export (names only), and the documents
    # matched to nobody (`file`, `reason`).
    resumes: str | None = None
    answers: str | None = None
    unmatched_documents: list[dict] = field(default_factory=list)


@dataclass(frozen=True)
class EvidenceSources:
    """Evidence delivered beside an export: resume documents (a folder or .zip) and a long
    answers file (one row per application and question)."""

    resumes: Path | None = None
    answers: Path | None = None


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
