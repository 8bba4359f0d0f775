"""Files a minute through the work pool with one and with two workers, and where the time goes.

    python -m bench.pool_throughput                       # 60 files, 10 per flow run, 1 then 2
    python -m bench.pool_throughput --files 100 --files-per-run 20

Starts the same stack as the scaleout test (PostgreSQL, Prefect server on it, the process pool
with `nightly` and `score-inbox/pool` deployed), then runs one nightly over fresh files with one
file worker, starts a second worker, and runs one nightly over as many new files again.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import tempfile
from datetime import datetime
from pathlib import Path

import asyncpg
import httpx

from bench import pool_stack, postgres

RUN_LIMIT_SECONDS = 1800


def _time(value: str) -> datetime:
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


def _states(stack: pool_stack.Stack, run_id: str) -> dict[str, datetime]:
    """When a flow run first entered each state type."""
    reply = httpx.get(f"{stack.api}/flow_run_states/", params={"flow_run_id": run_id}, timeout=30)
    reply.raise_for_status()
    first: dict[str, datetime] = {}
    for state in sorted(reply.json(), key=lambda s: s["timestamp"]):
        first.setdefault(state["type"], _time(state["timestamp"]))
    return first


def _file_seconds(url: str, night_run: str) -> list[float]:
    """Seconds each scored file took inside its flow run (screen, history, publish, move)."""

    async def fetch() -> list[float]:
        conn = await asyncpg.connect(url)
        try:
            rows = await conn.fetch(
                "SELECT outcome FROM coder_screen_outcomes WHERE night_run = $1", night_run
            )
        finally:
            await conn.close()
        outcomes = [json.loads(r["outcome"]) for r in rows]
        return [o["seconds"] for o in outcomes if o["status"] == "scored"]

    return asyncio.run(fetch())


def measure(stack: pool_stack.Stack, files: int, seed: int) -> dict:
    """One nightly run over `files` new exports: wall time and its breakdown."""
    pool_stack.drop_exports(stack.folder("inbox"), files, 0, 0, seed=seed, prefix=f"s{seed}-")
    before = {run["id"] for run in pool_stack.flow_runs(stack, "score-inbox")}
    nightly = pool_stack.trigger_nightly(stack)
    final = pool_stack.wait_final(stack, nightly["id"], RUN_LIMIT_SECONDS)
    assert final["state"]["type"] == "COMPLETED", stack.tail("nightly-worker")
    wall = (_time(final["end_time"]) - _time(final["start_time"])).total_seconds()
    batches = [r for r in pool_stack.flow_runs(stack, "score-inbox") if r["id"] not in before]
    starts, running = [], []
    for run in batches:
        states = _states(stack, run["id"])
        starts.append((states["RUNNING"] - states["PENDING"]).total_seconds())
        running.append((states["COMPLETED"] - states["RUNNING"]).total_seconds())
    scoring = _file_seconds(stack.env["CODER_SCREEN_DATABASE_URL"], nightly["id"])
    return {
        "files": files,
        "runs": len(batches),
        "wall": wall,
        "per_minute": 60 * files / wall,
        "process_start": statistics.mean(starts),
        "run_seconds": statistics.mean(running),
        "file_seconds": statistics.mean(scoring),
        "overhead_per_file": (sum(running) - sum(scoring)) / files,
    }


def table(rows: list[tuple[int, dict]]) -> str:
    head = (
        "| workers | files | flow runs | nightly wall s | files/min | process start s/run "
        "| run s (Running) | scoring s/file | Prefect+claims s/file |\n"
        "|---|---|---|---|---|---|---|---|---|\n"
    )
    body = "".join(
        f"| {w} | {r['files']} | {r['runs']} | {r['wall']:.1f} | {r['per_minute']:.1f} "
        f"| {r['process_start']:.1f} | {r['run_seconds']:.1f} | {r['file_seconds']:.2f} "
        f"| {r['overhead_per_file']:.2f} |\n"
        for w, r in rows
    )
    return head + body


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=60)
    parser.add_argument("--files-per-run", type=int, default=10)
    args = parser.parse_args(argv)
    reason = postgres.missing_reason()
    if reason:
        print(f"pool_throughput: {reason}")
        return 1
    root = Path(tempfile.mkdtemp(prefix="coder-screen-pool-bench-"))
    rows = []
    with (
        postgres.running() as server,
        pool_stack.running_stack(root, server, args.files_per_run) as stack,
    ):
        pool_stack.start_worker(stack, "nightly-worker", pool_stack.NIGHTLY_QUEUE)
        pool_stack.start_worker(stack, "files-a")
        rows.append((1, measure(stack, args.files, seed=11)))
        pool_stack.start_worker(stack, "files-b")
        rows.append((2, measure(stack, args.files, seed=12)))
    print(table(rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
