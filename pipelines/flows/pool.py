"""Prefect flow `score-inbox` (a batch of inbox files on a pool worker) and the nightly side:
submit the batches with `run_deployment`, wait for them, resubmit the files of a lost run."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from pathlib import Path
from uuid import UUID

from prefect import flow, get_run_logger
from prefect.client.orchestration import SyncPrefectClient, get_client
from prefect.client.schemas.objects import FlowRun, StateType
from prefect.runtime import flow_run
from prefect.states import Crashed

from pipelines.flows.tasks import io_task
from pipelines.ops import claims, pooled, report
from pipelines.ops.claims import Coordinator
from pipelines.ops.process import Job, NightContext
from pipelines.screening.outcome import FileOutcome
from pipelines.settings import Settings, load_settings
from pipelines.settings.runtime import PoolConfig
from schemas.outcomes import OutcomeStatus

FLOW_NAME = "score-inbox"
LIVE = (StateType.PENDING, StateType.RUNNING)


@io_task
def score_pooled(
    job: Job, ctx: NightContext, settings: Settings, db: Coordinator, holder: str
) -> FileOutcome:
    """Claim, score, publish, record, archive (or fail, or skip) one inbox file."""
    outcome = pooled.score_claimed(job, ctx, settings, db, holder)
    get_run_logger().info(
        "%s (sha256 %s): %s %s",
        job.name,
        job.file.sha256[: ctx.nightly.hash_chars],
        outcome.status.value,
        outcome.reason,
    )
    return outcome


def _error(job: Job, reason: str) -> FileOutcome:
    return FileOutcome(
        file=job.name, sha256=job.file.sha256, status=OutcomeStatus.ERROR, reason=reason
    )


@flow(name=FLOW_NAME, log_prints=False)
def score_inbox(files: list[dict], night: dict, dirs: dict, config_dir: str | None = None) -> dict:
    """Score a batch of inbox files of one nightly run; each content hash is claimed first."""
    settings = load_settings(Path(config_dir) if config_dir else None)
    ctx = pooled.context_from(night, dirs, settings.runtime.nightly)
    holder = str(flow_run.get_id() or ctx.run.run_id)
    outcomes = []
    with claims.connected(ctx.nightly.pool) as db:
        db.check_in(holder, ctx.run.run_id)
        for job in map(pooled.job_from, files):
            named = score_pooled.with_options(task_run_name=f"score {job.name}")
            state = named(job, ctx, settings, db, holder, return_state=True)
            value = state.result(raise_on_failure=False)
            if not isinstance(value, FileOutcome):
                value = _error(job, f"{type(value).__name__} after retries; left in the inbox")
                db.record_outcome(ctx.run.run_id, value)
            outcomes.append(value)
        db.check_out(holder)
    return report.tally(outcomes)


def _batches(jobs: list[Job], size: int) -> list[list[Job]]:
    return [jobs[i : i + size] for i in range(0, len(jobs), size)]


def _submit(batch: list[Job], ctx: NightContext, settings: Settings, first: bool = False) -> UUID:
    """One flow run of the pool deployment for a batch of files (returns at once); `first`
    schedules it at the nightly run's start, ahead of the batches still queued."""
    from prefect.deployments import run_deployment

    pool = ctx.nightly.pool
    parameters = pooled.context_parameters(ctx) | {
        "files": [pooled.job_parameters(job) for job in batch],
        "config_dir": str(settings.config_dir),
    }
    created = run_deployment(
        name=pool.deployment,
        parameters=parameters,
        timeout=0,
        flow_run_name=f"{ctx.run.run_date} {batch[0].name} (+{len(batch) - 1})",
        tags=["coder-screen"],
        scheduled_time=datetime.fromisoformat(ctx.run.started_at) if first else None,
    )
    return created.id


def _lost(run: FlowRun, db: Coordinator, pool: PoolConfig) -> bool:
    """A Pending/Running run whose process is gone (or never checked in within start_seconds)."""
    state = run.state
    if state is None or state.type not in LIVE:
        return False
    alive = db.run_alive(str(run.id))
    if alive is None:
        return (datetime.now(UTC) - state.timestamp).total_seconds() > pool.start_seconds
    return not alive


def _ended(run_id: UUID, db: Coordinator, client: SyncPrefectClient, pool: PoolConfig) -> bool:
    """Whether a run is over: final, or lost (then marked Crashed so the UI says so too)."""
    run = client.read_flow_run(run_id)
    if run.state is not None and run.state.is_final():
        return True
    if not _lost(run, db, pool):
        return False
    get_run_logger().warning("flow run %s lost its worker; marking it crashed", run.name)
    client.set_flow_run_state(
        run_id, Crashed(message="worker lost (its database session ended)"), force=True
    )
    return True


def run_pool(jobs: list[Job], ctx: NightContext, settings: Settings) -> list[FileOutcome]:
    """Score `jobs` on the work pool, one outcome per job. The files a run ended without (lost
    worker, crash) are submitted again at once, up to `resubmits` times each."""
    logger = get_run_logger()
    pool = ctx.nightly.pool
    deadline = time.monotonic() + pool.wait_seconds
    done: dict[str, FileOutcome] = {}
    with claims.connected(pool) as db, get_client(sync_client=True) as client:
        runs = {
            _submit(batch, ctx, settings): (batch, 0)
            for batch in _batches(jobs, pool.files_per_run)
        }
        logger.info("submitted %d file(s) in %d flow run(s)", len(jobs), len(runs))
        waiting = set(runs)
        while waiting and time.monotonic() < deadline:
            for run_id in [r for r in waiting if _ended(r, db, client, pool)]:
                waiting.discard(run_id)
                done = db.outcomes(ctx.run.run_id)
                batch, attempt = runs[run_id]
                missing = [job for job in batch if job.name not in done]
                if missing and attempt < pool.resubmits:
                    logger.warning("%d file(s) of an ended run: submitting again", len(missing))
                    again = _submit(missing, ctx, settings, first=True)
                    runs[again] = (missing, attempt + 1)
                    waiting.add(again)
            if waiting:
                time.sleep(pool.poll_seconds)
        done = db.outcomes(ctx.run.run_id)
    missing = "its flow run ended without scoring it (worker lost or too slow); left in the inbox"
    return [done.get(job.name) or _error(job, missing) for job in jobs]
