"""One file of a pool flow run: claim its content, then score it, file it as duplicate, or skip."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from pipelines.ops import process
from pipelines.ops.claims import Claim, Coordinator
from pipelines.ops.dirs import NightlyDirs
from pipelines.ops.moves import destination, move_file
from pipelines.ops.process import Job, NightContext
from pipelines.ops.run import RunInfo
from pipelines.ops.sweep import ReadyFile
from pipelines.screening.outcome import FileOutcome
from pipelines.settings import Settings
from pipelines.settings.runtime import NightlyConfig
from schemas.outcomes import OutcomeStatus

FINISHED = (OutcomeStatus.SCORED, OutcomeStatus.FAILED)


def job_parameters(job: Job) -> dict:
    """A job as plain Prefect flow-run parameters (paths as strings)."""
    return {
        "path": str(job.file.path),
        "size": job.file.size,
        "sha256": job.file.sha256,
        "out_dir": str(job.out_dir),
    }


def job_from(parameters: dict) -> Job:
    """The job `job_parameters` wrote."""
    file = ReadyFile(Path(parameters["path"]), int(parameters["size"]), parameters["sha256"])
    return Job(file=file, out_dir=Path(parameters["out_dir"]), duplicate_of=None)


def context_parameters(ctx: NightContext) -> dict:
    """The nightly run and its folders as plain flow-run parameters."""
    return {"night": dataclasses.asdict(ctx.run), "dirs": ctx.dirs.as_dict()}


def context_from(night: dict, dirs: dict, nightly: NightlyConfig) -> NightContext:
    """The context `context_parameters` wrote, with this machine's nightly config."""
    folders = NightlyDirs(**{name: Path(value) for name, value in dirs.items()})
    return NightContext(dirs=folders, run=RunInfo(**night), nightly=nightly)


def _outcome(job: Job, status: OutcomeStatus, reason: str, moved_to: str = "") -> FileOutcome:
    return FileOutcome(
        file=job.name, sha256=job.file.sha256, status=status, reason=reason, moved_to=moved_to
    )


def _done_before(job: Job, claim: Claim, ctx: NightContext) -> FileOutcome:
    """This very file was scored by an earlier attempt (killed before or after its move)."""
    moved = ""
    if job.file.path.exists():
        target = destination(
            ctx.dated(ctx.dirs.archive), job.name, job.file.sha256, ctx.nightly.hash_chars
        )
        moved = str(move_file(job.file.path, target))
    return _outcome(job, OutcomeStatus.SCORED, "scored by an earlier attempt; archived", moved)


def _settled(job: Job, claim: Claim, ctx: NightContext) -> FileOutcome:
    """The content was scored already: archive this copy as a duplicate (or note it is gone)."""
    if claim.file == job.name:
        return _done_before(job, claim, ctx)
    if not job.file.path.exists():
        return _outcome(job, OutcomeStatus.DUPLICATE, f"same content as {claim.file}; gone")
    return process.file_duplicate(dataclasses.replace(job, duplicate_of=claim.file), ctx)


def score_claimed(
    job: Job, ctx: NightContext, settings: Settings, db: Coordinator, holder: str
) -> FileOutcome:
    """Claim the file's content, then score it once; safe to run again for the same file."""
    with db.claimed(job.file.sha256, job.name, holder) as claim:
        if claim.busy:
            outcome = _outcome(
                job, OutcomeStatus.WAITING, "being scored by another run; left in the inbox"
            )
        elif claim.state == OutcomeStatus.SCORED:
            outcome = _settled(job, claim, ctx)
        elif not job.file.path.exists():
            status = OutcomeStatus.FAILED if claim.before == OutcomeStatus.FAILED else None
            outcome = _outcome(
                job,
                status or OutcomeStatus.ERROR,
                "no longer in the inbox (moved by an earlier attempt or by hand)",
            )
        else:
            outcome = process.score_job(job, ctx, settings)
        if claim.granted and outcome.status in FINISHED:
            db.finish(outcome)
        db.record_outcome(ctx.run.run_id, outcome)
    return outcome
