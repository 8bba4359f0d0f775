"""The Prefect-free stages of one run (ingest, validate, dedupe, score) and `screen_file`."""

from __future__ import annotations

import time
from dataclasses import replace
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path

import polars as pl

from pipelines import progress
from pipelines.ingest import IngestResult, read_export
from pipelines.scoring import score_candidates
from pipelines.screening.results import RunMeta, ScreeningResult
from pipelines.settings import Settings
from pipelines.validate import ValidatedFrames, dedupe, validate_candidates
from schemas.scored import validate_scored

PACKAGES = ["coder-screen", "polars", "pandera", "openpyxl", "fastexcel", "prefect", "pydantic"]


def package_versions() -> dict[str, str]:
    """Installed versions of this project and the libraries that shape its output."""
    found = {}
    for name in PACKAGES:
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            found[name] = "not installed"
    return found


def ingest(path: Path, settings: Settings, sheet: str | None = None) -> IngestResult:
    """Read one export into the canonical text table (raises IngestError when it cannot)."""
    return read_export(Path(path), settings.columns, settings.ingest, sheet=sheet)


def validate(ingested: IngestResult, settings: Settings) -> ValidatedFrames:
    """Reject non-candidate rows and type the fields, labelling issues with the file's headers."""
    labels = {canonical: header for header, canonical in ingested.mapping.items()}
    return validate_candidates(ingested.frame, settings.validation, settings.vocabulary, labels)


def deduplicate(candidates: pl.DataFrame, settings: Settings) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Keep the newest application of each person; return (kept, duplicates)."""
    return dedupe(candidates, settings.validation)


def score_stage(kept: pl.DataFrame, settings: Settings) -> pl.DataFrame:
    """Evidence, level, flags, score and rank, checked against the output contract."""
    return validate_scored(score_candidates(kept, settings), settings.scoring.weights.score_max)


def assemble(
    ingested: IngestResult,
    validated: ValidatedFrames,
    duplicates: pl.DataFrame,
    scored: pl.DataFrame,
    settings: Settings,
    started: float,
) -> ScreeningResult:
    """Bundle the frames of one run with the facts the workbook and run record show."""
    finished = time.time()
    meta = RunMeta(
        source_file=ingested.path.name,
        source_path=str(ingested.path),
        sha256=ingested.sha256,
        sheet=ingested.sheet,
        header_row=ingested.header_row,
        rows_read=ingested.rows_read,
        blank_rows=ingested.blank_rows,
        column_mapping=dict(ingested.mapping),
        unknown_headers=list(ingested.unknown_headers),
        warnings=list(ingested.warnings),
        config_hashes=dict(settings.hashes),
        versions=package_versions(),
        started_at=_iso(started),
        finished_at=_iso(finished),
        seconds=round(finished - started, 3),
    )
    return ScreeningResult(
        scored=scored,
        rejected=validated.rejected,
        duplicates=duplicates,
        protected=ingested.protected,
        meta=meta,
    )


def screen_file(path: Path, settings: Settings, sheet: str | None = None) -> ScreeningResult:
    """Run every stage on one export, in memory."""
    started = time.time()
    name = Path(path).name
    progress.stage(name, "reading")
    ingested = ingest(path, settings, sheet)
    progress.stage(name, "validating", ingested.rows_read)
    validated = validate(ingested, settings)
    # Each stage's input is dropped once used, so a large export holds one table at a time.
    ingested = replace(ingested, frame=ingested.frame.clear())
    progress.stage(name, "finding duplicates", ingested.rows_read)
    kept, duplicates = deduplicate(validated.candidates, settings)
    validated = replace(validated, candidates=validated.candidates.clear())
    progress.stage(name, "scoring", ingested.rows_read)
    scored = score_stage(kept, settings)
    del kept
    return assemble(ingested, validated, duplicates, scored, settings, started)


def _iso(seconds: float) -> str:
    """UTC timestamp in ISO 8601, to the second."""
    return datetime.fromtimestamp(seconds, tz=UTC).isoformat(timespec="seconds")
