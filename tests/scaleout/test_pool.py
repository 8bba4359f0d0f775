"""Past one machine: Prefect server on PostgreSQL, two pool workers, one killed mid-run."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import asyncpg
import psutil
import pytest

from bench import pool_stack
from pipelines.ops.history import read_history
from pipelines.ops.manifest import read_manifest

pytestmark = pytest.mark.scaleout

GOOD, BROKEN, COPIES = 200, 5, 10
FILES_PER_RUN = 20
KILL_AFTER_FILES = 30
# Only a batch that checked in this recently is killed: with 20 files of ~0.5 s each it still has
# most of its files ahead, so the kill lands mid-batch (an older one may finish first).
KILL_YOUNGER_THAN_SECONDS = 4
RUN_LIMIT_SECONDS = 240
START_LIMIT_SECONDS = 120


def query(url: str, sql: str) -> list[asyncpg.Record]:
    async def fetch() -> list[asyncpg.Record]:
        conn = await asyncpg.connect(url)
        try:
            return await conn.fetch(sql)
        finally:
            await conn.close()

    return asyncio.run(fetch())


def kill_tree(pid: int) -> None:
    """SIGKILL a worker and every process it started, as when its machine dies."""
    worker = psutil.Process(pid)
    for process in [*worker.children(recursive=True), worker]:
        process.kill()


def worker_of(pid: int, workers: dict[str, int]) -> str | None:
    """The name of the worker that started the flow-run process `pid`."""
    try:
        ancestors = {p.pid for p in psutil.Process(pid).parents()}
    except psutil.NoSuchProcess:
        return None
    return next((name for name, wpid in workers.items() if wpid in ancestors), None)


def a_busy_run(url: str, workers: dict[str, int]) -> str | None:
    """A file worker in the middle of a batch, once enough files are done (else None)."""
    try:
        done = query(url, "SELECT count(*) AS n FROM coder_screen_outcomes")[0]["n"]
    except asyncpg.UndefinedTableError:  # no run has connected yet
        return None
    if done < KILL_AFTER_FILES:
        return None
    busy = query(
        url,
        "SELECT pid FROM coder_screen_runs WHERE finished_at IS NULL AND started_at > "
        f"now() - interval '{KILL_YOUNGER_THAN_SECONDS} seconds'",
    )
    found = [worker_of(row["pid"], workers) for row in busy]
    return next((name for name in found if name), None)


def files_under(folder: Path, pattern: str) -> list[Path]:
    return sorted(p for p in folder.rglob(pattern) if p.is_file())


def test_two_workers_score_every_file_once_even_when_one_is_killed(pg_server, tmp_path):
    started = time.monotonic()
    with pool_stack.running_stack(tmp_path, pg_server, FILES_PER_RUN) as stack:
        url = stack.env["CODER_SCREEN_DATABASE_URL"]
        names = pool_stack.drop_exports(stack.folder("inbox"), GOOD, BROKEN, COPIES)
        pool_stack.start_worker(stack, "nightly-worker", pool_stack.NIGHTLY_QUEUE)
        workers = {
            name: pool_stack.start_worker(stack, name).pid for name in ("files-a", "files-b")
        }
        nightly = pool_stack.trigger_nightly(stack)

        victim = pool_stack.poll(
            "a worker mid-batch", lambda: a_busy_run(url, workers), START_LIMIT_SECONDS
        )
        kill_tree(workers[victim])
        killed_at = time.monotonic()

        final = pool_stack.wait_final(stack, nightly["id"], RUN_LIMIT_SECONDS)
        batches = pool_stack.flow_runs(stack, "score-inbox")
        claims = query(url, "SELECT sha256, file, state, attempts FROM coder_screen_claims")
    seconds = time.monotonic() - started

    assert final["state"]["type"] == "COMPLETED", stack.tail("nightly-worker")
    states = sorted(run["state"]["type"] for run in batches)
    assert "CRASHED" in states, f"the killed worker's run was not marked crashed: {states}"
    assert states.count("COMPLETED") == len(states) - states.count("CRASHED")

    manifest = read_manifest(stack.folder("state") / "manifest.jsonl")
    expected = {"scored": GOOD, "duplicate": COPIES, "failed": BROKEN}
    assert pool_stack.manifest_counts(manifest) == expected
    scored = manifest.filter(manifest["status"] == "scored")
    assert sorted(scored["file"]) == names["good"]
    assert scored["sha256"].n_unique() == GOOD
    duplicates = manifest.filter(manifest["status"] == "duplicate")
    assert sorted(duplicates["file"]) == sorted(names["copies"])
    assert set(duplicates["duplicate_of"]) <= set(names["good"])

    by_state = {}
    for row in claims:
        by_state.setdefault(row["state"], []).append(row["file"])
    assert sorted(by_state) == ["failed", "scored"]
    assert sorted(by_state["scored"]) == names["good"]
    assert sorted(by_state["failed"]) == names["broken"]

    outbox = stack.folder("outbox")
    workbooks = files_under(outbox, "*-ranked.xlsx")
    assert sorted(p.name for p in workbooks) == sorted(
        f"{Path(name).stem}-ranked.xlsx" for name in names["good"]
    )
    assert [p for p in outbox.rglob(".staging-*")] == []
    assert [p for p in tmp_path.rglob("*.part")] == []
    assert list(stack.folder("inbox").iterdir()) == []
    archived = sorted(p.name for p in files_under(stack.folder("archive"), "*"))
    assert archived == sorted(names["good"] + names["copies"])
    failed = files_under(stack.folder("failed"), "*")
    assert sorted(p.name for p in failed) == sorted(
        [*names["broken"], *(f"{name}.error.txt" for name in names["broken"])]
    )
    for note in (p for p in failed if p.name.endswith(".error.txt")):
        assert "reason: " in note.read_text()
    history = read_history(stack.folder("state") / "history.parquet")
    assert history["sha256"].n_unique() == GOOD
    print(
        f"scaleout: {seconds:.0f} s in all, nightly done {time.monotonic() - killed_at:.0f} s "
        f"after the kill of {victim}; batch states {states}; "
        f"claims with 2+ attempts: {sum(row['attempts'] > 1 for row in claims)}"
    )
