"""Prefect flow `nightly`: score every settled export in the inbox, each as its own mapped task."""

from __future__ import annotations

import dataclasses
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path

from prefect import flow, get_run_logger, unmapped
from prefect.artifacts import create_markdown_artifact
from prefect.futures import PrefectFuture
from prefect.runtime import flow_run
from prefect.schedules import Cron
from prefect.task_runners import TaskRunner, ThreadPoolTaskRunner

from pipelines import environment as environments
from pipelines.flows.artifacts import publish_artifacts
from pipelines.flows.tasks import io_task
from pipelines.ops import process, report
from pipelines.ops.coordination import nightly_lock
from pipelines.ops.dirs import NightlyDirs, nightly_dirs
from pipelines.ops.locks import LockHeld, this_process
from pipelines.ops.manifest import read_manifest
from pipelines.ops.moves import remove_leftovers
from pipelines.ops.process import Job, NightContext
from pipelines.ops.run import checked_date, new_run
from pipelines.ops.sweep import Sweep, sweep
from pipelines.screening.outcome import FileOutcome
from pipelines.settings import Settings, load_settings
from pipelines.settings.runtime import NightlyConfig
from schemas.outcomes import OutcomeStatus

DONE = "done"
POOL = "pool"
SKIPPED = "skipped"


class NightlyIncomplete(Exception):
    """Some inputs hit I/O errors (after retries) and stay in the inbox; carries the summary."""

    def __init__(self, summary: dict) -> None:
        self.summary = summary
        errors = summary["counts"][OutcomeStatus.ERROR]
        super().__init__(f"{errors} input(s) hit I/O errors and stay in the inbox")


@io_task
def sweep_inbox(dirs: NightlyDirs, night: NightlyConfig, now: float) -> Sweep:
    """Settled exports in the inbox with their SHA-256; the others are left for the next run."""
    found = sweep(dirs.inbox, night.patterns, night.ignore_patterns, night.settle_seconds, now)
    logger = get_run_logger()
    for name in found.waiting:
        logger.info("left %s for the next run: still being written", name)
    return found


@io_task
def archive_duplicate(job: Job, ctx: NightContext) -> FileOutcome:
    """Archive an input whose content was already scored."""
    outcome = process.file_duplicate(job, ctx)
    get_run_logger().info(
        "%s (sha256 %s): %s", job.name, job.file.sha256[: ctx.nightly.hash_chars], outcome.reason
    )
    return outcome


@io_task
def process_inbox_file(job: Job, ctx: NightContext, settings: Settings) -> FileOutcome:
    """Score one new export, publish it in outbox/<date>/ and archive it (or move it to failed/)."""
    outcome = process.score_job(job, ctx, settings)
    logger = get_run_logger()
    digest = job.file.sha256[: ctx.nightly.hash_chars]
    if outcome.status == OutcomeStatus.FAILED:
        logger.warning("%s (sha256 %s): moved to failed: %s", job.name, digest, outcome.reason)
    elif outcome.status == OutcomeStatus.WAITING:
        logger.info("%s (sha256 %s): %s", job.name, digest, outcome.reason)
    else:
        logger.info(
            "%s (sha256 %s): %d ranked (%d new, %d returning), %d rejected, %d duplicates, %.1f s",
            job.name,
            digest,
            outcome.ranked,
            outcome.new,
            outcome.returning,
            outcome.rejected,
            outcome.duplicates,
            outcome.seconds,
        )
    return outcome


def task_runner(night: NightlyConfig, dask_address: str) -> TaskRunner:
    """Threads (at most `concurrency_limit` files at once), or an existing Dask scheduler."""
    if dask_address:
        from prefect_dask import DaskTaskRunner  # the `scale` extra

        return DaskTaskRunner(address=dask_address)
    return ThreadPoolTaskRunner(max_workers=night.concurrency_limit)


def _collect(job: Job, future: PrefectFuture, ctx: NightContext) -> FileOutcome:
    """The task's outcome, or an `error` outcome when it failed after its I/O retries."""
    value = future.result(raise_on_failure=False)
    if isinstance(value, FileOutcome):
        return value
    reason = f"I/O error ({type(value).__name__}); left in the inbox for the next run"
    get_run_logger().error(
        "%s (sha256 %s): %s", job.name, job.file.sha256[: ctx.nightly.hash_chars], reason
    )
    return FileOutcome(
        file=job.name, sha256=job.file.sha256, status=OutcomeStatus.ERROR, reason=reason
    )


def _process_inbox(ctx: NightContext, settings: Settings, dask_address: str) -> list[FileOutcome]:
    """Clean up after killed runs, sweep, plan, then archive duplicates and score new inputs
    (here, on threads or Dask, or on the work pool with `fan_out = "pool"`)."""
    logger = get_run_logger()
    dirs, night = ctx.dirs, ctx.nightly
    removed = remove_leftovers(
        dirs.outbox, [dirs.archive, dirs.failed, dirs.state], night.staging_prefix
    )
    if removed:
        logger.warning("removed %d leftover(s) of an interrupted run", len(removed))
    found = sweep_inbox(dirs, night, time.time())
    jobs = process.plan(found.ready, ctx, read_manifest(ctx.manifest))
    outcomes = [
        FileOutcome(file=name, status=OutcomeStatus.WAITING, reason="still being written")
        for name in found.waiting
    ]
    outcomes += [archive_duplicate(job, ctx) for job in jobs if job.duplicate_of]
    new = [job for job in jobs if not job.duplicate_of]
    if new and night.fan_out == POOL:
        from pipelines.flows.pool import run_pool

        outcomes += run_pool(new, ctx, settings)
    elif new:
        named = process_inbox_file.with_options(task_run_name="score {job.name}")
        with task_runner(night, dask_address) as runner:
            futures = runner.map(
                named,
                {"job": new, "ctx": unmapped(ctx), "settings": unmapped(settings)},
            )
            outcomes += [_collect(job, fut, ctx) for job, fut in zip(new, futures, strict=True)]
    return outcomes


def _publish(outcomes: list[FileOutcome], ctx: NightContext) -> None:
    """The run's table and markdown artifacts."""
    chars = ctx.nightly.hash_chars
    publish_artifacts(
        outcomes,
        ctx.nightly.artifact_key,
        f"Nightly run {ctx.run.run_date}",
        report.nightly_markdown(outcomes, ctx.run, str(ctx.dated(ctx.dirs.outbox)), chars),
        chars,
    )


@flow(name="nightly", log_prints=False)
def nightly(
    inbox: str | None = None,
    outbox: str | None = None,
    archive: str | None = None,
    failed: str | None = None,
    state: str | None = None,
    config_dir: str | None = None,
    environment_name: str | None = None,
    run_date: str | None = None,
    dask_address: str | None = None,
) -> dict:
    """Score each new settled export in the inbox; archive, fail or skip it; summarise the run.

    Directories default to the environment's (`environment_name`, else $CODER_SCREEN_ENV, else
    runtime.toml's nightly environment); `run_date` (YYYY-MM-DD) names the dated folders;
    `dask_address` fans files out to a Dask scheduler instead of local threads.
    """
    logger = get_run_logger()
    settings = load_settings(Path(config_dir) if config_dir else None)
    night = settings.runtime.nightly
    overrides = {
        "inbox": inbox,
        "outbox": outbox,
        "archive": archive,
        "failed": failed,
        "state": state,
    }
    chosen = environments.environment(settings, environment_name, night.environment)
    dirs = nightly_dirs(chosen, overrides)
    now = datetime.now(UTC)
    run = new_run(flow_run.get_id() or str(uuid.uuid4()), now, night.timezone, night.date_format)
    if run_date:
        run = dataclasses.replace(run, run_date=checked_date(run_date, night.date_format))
    ctx = NightContext(dirs=dirs, run=run, nightly=night)
    summary = {
        "status": DONE,
        "reason": "",
        "run_id": run.run_id,
        "run_date": run.run_date,
        "dirs": dirs.as_dict(),
    }
    owner = this_process(run.run_id, now.timestamp())
    try:
        with nightly_lock(night, dirs.state, owner) as old:
            if old is not None:
                logger.warning("took over a stale lock of run %s (pid %s)", old.run_id, old.pid)
            outcomes = _process_inbox(ctx, settings, dask_address or night.dask_address)
    except LockHeld as held:
        logger.warning("%s; this run does nothing", held)
        create_markdown_artifact(
            markdown=f"# Nightly run {run.run_date}\n\nSkipped: {held}.\n", key=night.artifact_key
        )
        return summary | {"status": SKIPPED, "reason": str(held), "files": [], "counts": {}}
    _publish(outcomes, ctx)
    summary |= {"files": [o.as_dict() for o in outcomes], "counts": report.tally(outcomes)}
    if summary["counts"][OutcomeStatus.ERROR]:
        raise NightlyIncomplete(summary)
    return summary


def deployment_options(settings: Settings, environment_name: str | None = None) -> dict:
    """Name, cron schedule (with time zone), parameters and run limit of the nightly deployment."""
    night = settings.runtime.nightly
    return {
        "name": night.deployment_name,
        "schedules": [Cron(night.cron, timezone=night.timezone)],
        "parameters": {
            "config_dir": str(settings.config_dir),
            "environment_name": environments.environment_name(
                settings, environment_name, night.environment
            ),
        },
        "global_limit": night.deployment_concurrency,
        "tags": ["coder-screen"],
    }


def serve_nightly(settings: Settings, environment_name: str | None = None) -> None:
    """Serve the nightly deployment from this process until interrupted."""
    from prefect.deployments.runner import EntrypointType

    nightly.serve(
        **deployment_options(settings, environment_name), entrypoint_type=EntrypointType.MODULE_PATH
    )
