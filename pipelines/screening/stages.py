"""The Prefect-free stages of one run (ingest, validate, dedupe, score) and `screen_file`."""

from __future__ import annotations

import time
from dataclasses import replace
from datetime import UTC, date, datetime
from importlib import metadata
from pathlib import Path
from zoneinfo import ZoneInfo

import polars as pl

from pipelines import progress
from pipelines.documents import read_documents
from pipelines.documents.attach import attach_documents
from pipelines.ingest import IngestResult, read_export
from pipelines.ingest.answers_file import read_answers_file
from pipelines.ingest.questions import apply_questions
from pipelines.scoring import job_profiles, score_candidates
from pipelines.screening.results import EvidenceSources, RunMeta, ScreeningResult
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


def ingest(
    path: Path, settings: Settings, sheet: str | None = None, answers: Path | None = None
) -> IngestResult:
    """Read one export into the canonical text table, its question columns read by meaning
    (an answers file's questions too); raises IngestError when it cannot."""
    ingested = read_export(Path(path), settings.columns, settings.ingest, sheet=sheet)
    if answers is not None:
        ingested = with_answers(ingested, answers, settings)
    return apply_questions(ingested, settings.columns, settings.questions, settings.vocabulary)


def with_answers(ingested: IngestResult, answers: Path, settings: Settings) -> IngestResult:
    """The export's rows with the pivoted answers of a long answers file joined on the
    candidate (or application) id; its questions become columns like an export's own."""
    pivoted = read_answers_file(answers, settings.questions.answers_file, settings.ingest)
    id_column = settings.questions.answers_file.id_column
    taken = set(ingested.frame.columns)
    renames = {q: f"{q} (answers)" for q in pivoted.questions if q in taken}
    wide = pivoted.frame.rename(renames).rename({id_column: "candidate_id"})
    frame = ingested.frame.join(wide, on="candidate_id", how="left", maintain_order="left")
    added = [renames.get(q, q) for q in pivoted.questions]
    warnings = [*ingested.warnings, *(f"{answers.name}: {w}" for w in pivoted.warnings)]
    return replace(
        ingested,
        frame=frame,
        extra_columns=[*ingested.extra_columns, *added],
        unknown_headers=[*ingested.unknown_headers, *added],
        warnings=warnings,
    )


def validate(ingested: IngestResult, settings: Settings) -> ValidatedFrames:
    """Reject non-candidate rows and type the fields, labelling issues with the file's headers."""
    labels = {canonical: header for header, canonical in ingested.mapping.items()}
    return validate_candidates(ingested.frame, settings.validation, settings.vocabulary, labels)


def deduplicate(candidates: pl.DataFrame, settings: Settings) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Keep the newest application of each person; return (kept, duplicates)."""
    return dedupe(candidates, settings.validation)


def run_day(settings: Settings, now: datetime | None = None) -> date:
    """Today in the configured time zone (runtime.toml `nightly.timezone`): an ad-hoc run's date."""
    moment = now if now is not None else datetime.now(tz=UTC)
    return moment.astimezone(ZoneInfo(settings.runtime.nightly.timezone)).date()


def score_stage(
    kept: pl.DataFrame, settings: Settings, profile: str | None = None, run_date: date | None = None
) -> pl.DataFrame:
    """Evidence, level, flags, score and rank within each job under its profile (`profile`:
    `--profile NAME`), checked against the output contract; `run_date` is the run's date."""
    scored = score_candidates(kept, settings, profile=profile, run_date=run_date)
    return validate_scored(scored, settings.scoring.weights.score_max)


def assemble(
    ingested: IngestResult,
    validated: ValidatedFrames,
    duplicates: pl.DataFrame,
    scored: pl.DataFrame,
    settings: Settings,
    started: float,
    jobs: pl.DataFrame | None = None,
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
        header_mapping=list(ingested.header_mapping),
        unknown_headers=list(ingested.unknown_headers),
        warnings=list(ingested.warnings),
        config_hashes=dict(settings.hashes),
        versions=package_versions(),
        started_at=_iso(started),
        finished_at=_iso(finished),
        seconds=round(finished - started, 3),
        jobs=jobs if jobs is not None else pl.DataFrame(),
    )
    return ScreeningResult(
        scored=scored,
        rejected=validated.rejected,
        duplicates=duplicates,
        protected=ingested.protected,
        meta=meta,
    )


def screen_file(
    path: Path,
    settings: Settings,
    sheet: str | None = None,
    sources: EvidenceSources | None = None,
    profile: str | None = None,
    run_date: date | None = None,
) -> ScreeningResult:
    """Run every stage on one export (with its resume documents and answers file), in memory.
    `profile` (`--profile NAME`) applies to every job not pinned in config; `run_date` (default:
    today in the configured time zone) is what a credential expiry is compared with when the
    application has no date."""
    started = time.time()
    sources = sources or EvidenceSources()
    day = run_date if run_date is not None else run_day(settings)
    name = Path(path).name
    progress.stage(name, "reading")
    ingested = ingest(path, settings, sheet, sources.answers)
    progress.stage(name, "validating", ingested.rows_read)
    validated = validate(ingested, settings)
    # Each stage's input is dropped once used, so a large export holds one table at a time.
    ingested = replace(ingested, frame=ingested.frame.clear())
    progress.stage(name, "finding duplicates", ingested.rows_read)
    kept, duplicates = deduplicate(validated.candidates, settings)
    validated = replace(validated, candidates=validated.candidates.clear())
    unmatched: list[dict] = []
    if sources.resumes is not None:
        progress.stage(name, f"reading resumes in {sources.resumes.name}", ingested.rows_read)
        documents = read_documents(sources.resumes, settings.documents)
        attached = attach_documents(
            kept, documents, settings.documents, settings.validation.dedupe.order
        )
        kept, unmatched = attached.candidates, attached.unmatched.to_dicts()
    progress.stage(name, "scoring", ingested.rows_read)
    jobs = job_profiles(kept, settings.profiles, profile)
    scored = score_stage(kept, settings, profile, day)
    del kept
    result = assemble(ingested, validated, duplicates, scored, settings, started, jobs)
    meta = replace(
        result.meta,
        resumes=sources.resumes.name if sources.resumes else None,
        answers=sources.answers.name if sources.answers else None,
        unmatched_documents=unmatched,
    )
    return replace(result, meta=meta)


def _iso(seconds: float) -> str:
    """UTC timestamp in ISO 8601, to the second."""
    return datetime.fromtimestamp(seconds, tz=UTC).isoformat(timespec="seconds")
