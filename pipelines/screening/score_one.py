"""Score one export end to end, in process: the entry point of the CLI flow and the corpus."""

from __future__ import annotations

from pathlib import Path

from pipelines.documents import DocumentSourceError
from pipelines.documents.attach import bundle_for
from pipelines.ingest.errors import IngestError
from pipelines.screening.outcome import FileOutcome, refused, scored_outcome
from pipelines.screening.publish import publish
from pipelines.screening.results import EvidenceSources
from pipelines.screening.stages import run_day, screen_file
from pipelines.settings import Settings


def evidence_sources(
    path: Path, settings: Settings, resumes: Path | str | None, answers: Path | str | None
) -> EvidenceSources:
    """The resumes given (else the bundle found beside the export) and the answers file."""
    found = Path(resumes) if resumes else bundle_for(path, settings.documents)
    return EvidenceSources(resumes=found, answers=Path(answers) if answers else None)


def score_one(
    path: Path | str,
    out_dir: Path | str,
    settings: Settings,
    sheet: str | None = None,
    resumes: Path | str | None = None,
    answers: Path | str | None = None,
    profile: str | None = None,
) -> FileOutcome:
    """Screen `path` (with its resume documents and answers file; under `profile`, `--profile
    NAME`, when given) and publish its outputs in `out_dir`; an unreadable file, resume bundle
    or answers file becomes a refusal. The run's date is today in the configured time zone."""
    path = Path(path)
    try:
        sources = evidence_sources(path, settings, resumes, answers)
        result = screen_file(
            path, settings, sheet, sources, profile=profile, run_date=run_day(settings)
        )
    except IngestError as err:  # the export, or the answers file given with it
        return refused(path.name, err.reason if err.path == path else str(err))
    except DocumentSourceError as err:
        return refused(path.name, f"resumes {err}")
    return scored_outcome(result, publish(result, Path(out_dir), settings))
