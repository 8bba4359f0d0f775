"""Score one export end to end, in process: the entry point of the CLI flow and the corpus."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

from pipelines.carry.apply import carry_into, log_rows
from pipelines.carry.decisions_log import append_decisions
from pipelines.carry.previous import PreviousError, read_many
from pipelines.documents import DocumentSourceError
from pipelines.documents.attach import bundle_for
from pipelines.ingest.errors import IngestError
from pipelines.ops.locks import exclusive
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
    previous: Sequence[Path | str] = (),
    state_dir: Path | str | None = None,
) -> FileOutcome:
    """Screen `path` and publish its outputs in `out_dir`; an unreadable file (the export, its
    resume bundle, its answers file, an earlier workbook) becomes a refusal with one line.

    `resumes` / `answers`: resume documents (else the bundle beside the export) and a long
    answers file. `profile`: `--profile NAME`. The run's date is today in the configured time
    zone. `previous`: earlier workbooks whose recruiter columns are carried (one that cannot be
    read, or that this project did not write, refuses the input with one line naming it); their
    decisions are appended to the decisions log in `state_dir`, when given.
    """
    path = Path(path)
    try:
        workbooks, notes = read_many([Path(p) for p in previous], settings)
    except PreviousError as err:
        return refused(path.name, f"previous workbook {err}")
    try:
        sources = evidence_sources(path, settings, resumes, answers)
        result = screen_file(
            path, settings, sheet, sources, profile=profile, run_date=run_day(settings)
        )
    except IngestError as err:  # the export, or the answers file given with it
        return refused(path.name, err.reason if err.path == path else str(err))
    except DocumentSourceError as err:
        return refused(path.name, f"resumes {err}")
    if previous:
        result = carry_into(result, workbooks, notes, settings)
    outputs = publish(result, Path(out_dir), settings)
    if result.carried is not None and state_dir is not None:
        state = Path(state_dir)
        seen = datetime.now(UTC).isoformat(timespec="seconds")
        with exclusive(state / settings.runtime.nightly.state_files.state_lock):
            append_decisions(
                state / settings.carry.decisions.log_file,
                log_rows(result.carried, settings, seen),
            )
    return scored_outcome(result, outputs)
