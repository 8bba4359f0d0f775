"""One input of the nightly run: score and publish it, refuse it, or file it as a duplicate."""

from __future__ import annotations

import contextlib
import dataclasses
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import polars as pl

from pipelines.carry.apply import carry_from_outbox, log_rows
from pipelines.carry.decisions_log import append_decisions
from pipelines.documents import DocumentSourceError
from pipelines.documents.attach import bundle_for
from pipelines.ingest.errors import IngestError
from pipelines.ops import history
from pipelines.ops.coordination import state_guard
from pipelines.ops.dirs import NightlyDirs
from pipelines.ops.manifest import ManifestEntry, append_entries, plan_jobs
from pipelines.ops.moves import destination, move_beside, move_file, write_note
from pipelines.ops.run import RunInfo
from pipelines.ops.sweep import ReadyFile
from pipelines.screening import stages
from pipelines.screening.outcome import FileOutcome, scored_outcome
from pipelines.screening.publish import PARQUET, WORKBOOK, output_path, publish
from pipelines.screening.results import EvidenceSources
from pipelines.settings import Settings
from pipelines.settings.runtime import NightlyConfig
from schemas.outcomes import OutcomeStatus


@dataclass(frozen=True)
class NightContext:
    """Everything a file task needs besides the settings: directories, run, nightly config."""

    dirs: NightlyDirs
    run: RunInfo
    nightly: NightlyConfig

    def state_file(self, name: str) -> Path:
        """A file in the state directory."""
        return self.dirs.state / name

    @property
    def manifest(self) -> Path:
        """The manifest file."""
        return self.state_file(self.nightly.state_files.manifest)

    @property
    def history(self) -> Path:
        """The across-nights history file."""
        return self.state_file(self.nightly.state_files.history)

    def state_guard(self) -> contextlib.AbstractContextManager[None]:
        """Serialises manifest and history updates (a flock, or PostgreSQL across machines)."""
        return state_guard(self.nightly, self.dirs.state)

    def dated(self, base: Path) -> Path:
        """`base/<run date>`."""
        return base / self.run.run_date


@dataclass(frozen=True)
class Job:
    """One ready input: where its outputs go, and the file it duplicates (if any)."""

    file: ReadyFile
    out_dir: Path
    duplicate_of: str | None

    @property
    def name(self) -> str:
        """The input's file name."""
        return self.file.name


def plan(ready: list[ReadyFile], ctx: NightContext, manifest: pl.DataFrame) -> list[Job]:
    """Jobs for the ready inputs, in name order: duplicates marked, clashing names separated."""
    out_date = ctx.dated(ctx.dirs.outbox)
    batch = pl.DataFrame(
        {
            "file": [f.name for f in ready],
            "sha256": [f.sha256 for f in ready],
            "workbook": [str(output_path(f.name, out_date, WORKBOOK)) for f in ready],
        },
        schema={"file": pl.String, "sha256": pl.String, "workbook": pl.String},
    )
    planned = plan_jobs(batch, manifest)
    chars = ctx.nightly.hash_chars
    return [
        Job(
            file=file,
            out_dir=out_date / file.sha256[:chars] if clash else out_date,
            duplicate_of=duplicate_of,
        )
        for file, duplicate_of, clash in zip(
            ready, planned.get_column("duplicate_of"), planned.get_column("clash"), strict=True
        )
    ]


def _now() -> str:
    """UTC time now, ISO 8601 to the second."""
    return datetime.now(UTC).isoformat(timespec="seconds")


def _entry(job: Job, ctx: NightContext, status: OutcomeStatus, **values: object) -> ManifestEntry:
    """A manifest entry for this job; unnamed optional fields are empty."""
    base = dict.fromkeys(
        ("reason", "workbook", "parquet", "moved_to", "candidates", "duplicate_of")
    )
    return ManifestEntry(
        sha256=job.file.sha256,
        file=job.name,
        size_bytes=job.file.size,
        status=status,
        run_id=ctx.run.run_id,
        run_date=ctx.run.run_date,
        processed_at=_now(),
        **(base | values),
    )


def _record(ctx: NightContext, entry: ManifestEntry) -> None:
    """Append one manifest entry under the state lock."""
    with ctx.state_guard():
        append_entries(ctx.manifest, [entry])


def refuse(
    job: Job, ctx: NightContext, reason: str, detail: str, bundle: Path | None = None
) -> FileOutcome:
    """Move an unreadable input (and its resume bundle) to failed/<date>/ beside
    `<name>.error.txt` saying why."""
    folder = ctx.dated(ctx.dirs.failed)
    target = destination(folder, job.name, job.file.sha256, ctx.nightly.hash_chars)
    note = target.with_name(target.name + ctx.nightly.error_suffix)
    write_note(
        note,
        f"file: {job.name}\nsha256: {job.file.sha256}\nrun: {ctx.run.run_id} "
        f"({ctx.run.run_date})\nreason: {reason}\ndetail: {detail}\n",
    )
    failed = OutcomeStatus.FAILED
    _record(ctx, _entry(job, ctx, failed, reason=reason, moved_to=str(target)))
    move_file(job.file.path, target)
    move_beside(bundle, target)
    return FileOutcome(
        file=job.name, sha256=job.file.sha256, status=failed, reason=reason, moved_to=str(target)
    )


def file_duplicate(job: Job, ctx: NightContext) -> FileOutcome:
    """Archive an input whose bytes were already scored; nothing new is written."""
    target = destination(
        ctx.dated(ctx.dirs.archive), job.name, job.file.sha256, ctx.nightly.hash_chars
    )
    reason = f"same content as {job.duplicate_of}, already scored"
    _record(
        ctx,
        _entry(
            job,
            ctx,
            OutcomeStatus.DUPLICATE,
            reason=reason,
            moved_to=str(target),
            duplicate_of=job.duplicate_of,
        ),
    )
    move_file(job.file.path, target)
    return FileOutcome(
        file=job.name,
        sha256=job.file.sha256,
        status=OutcomeStatus.DUPLICATE,
        reason=reason,
        moved_to=str(target),
        duplicate_of=job.duplicate_of or "",
    )


def score_job(job: Job, ctx: NightContext, settings: Settings) -> FileOutcome:
    """Score one new input, publish its outputs, record it, then archive it.

    Unreadable input -> failed/ with a note; OSError propagates (the task retries it);
    any other error (a polars panic, a BaseException, included) is treated as unreadable input,
    its message kept out of the logs.
    """
    started = time.perf_counter()
    bundle = bundle_for(job.file.path, settings.documents)
    day = datetime.strptime(ctx.run.run_date, settings.runtime.nightly.date_format).date()
    try:
        result = stages.screen_file(
            job.file.path, settings, sources=EvidenceSources(bundle), run_date=day
        )
    except IngestError as err:
        return refuse(job, ctx, err.reason, err.reason, bundle)
    except DocumentSourceError as err:
        return refuse(job, ctx, f"resumes {err}", f"resumes {err}", bundle)
    except (OSError, KeyboardInterrupt, SystemExit, GeneratorExit):
        raise
    except BaseException as err:  # pyo3's PanicException derives from BaseException
        kind = type(err).__name__
        return refuse(job, ctx, f"internal error ({kind})", f"{kind}: {err}", bundle)
    if result.meta.sha256 != job.file.sha256:
        return FileOutcome(
            file=job.name,
            sha256=job.file.sha256,
            status=OutcomeStatus.WAITING,
            reason="changed while being read; left for the next run",
        )
    keyed = history.with_keys(result.scored, settings.validation.dedupe.order, Path(job.name).stem)
    marked = history.mark(
        keyed, history.read_history(ctx.history), ctx.run, settings.scoring.weights.score_decimals
    )
    shown = dataclasses.replace(result, scored=marked.drop(history.JOB_KEY, history.CANDIDATE_KEY))
    workbook = output_path(job.name, job.out_dir, WORKBOOK)
    shown = carry_from_outbox(shown, ctx.dirs.outbox, ctx.run.run_date, workbook, settings)
    paths = publish(shown, job.out_dir, settings)
    target = destination(
        ctx.dated(ctx.dirs.archive), job.name, job.file.sha256, ctx.nightly.hash_chars
    )
    entry = _entry(
        job,
        ctx,
        OutcomeStatus.SCORED,
        workbook=str(paths[WORKBOOK]),
        parquet=str(paths[PARQUET]),
        moved_to=str(target),
        candidates=shown.scored.height,
    )
    with ctx.state_guard():
        history.append_history(
            ctx.history, history.history_rows(keyed, ctx.run, job.file.sha256), job.file.sha256
        )
        append_entries(ctx.manifest, [entry])
        if shown.carried is not None:
            log = ctx.state_file(settings.carry.decisions.log_file)
            append_decisions(log, log_rows(shown.carried, settings, _now()))
    move_file(job.file.path, target)
    move_beside(bundle, target)
    seen = history.counts(marked)
    return scored_outcome(
        shown,
        paths,
        new=seen[history.NEW],
        returning=seen[history.RETURNING],
        moved_to=str(target),
        seconds=round(time.perf_counter() - started, 3),
    )
