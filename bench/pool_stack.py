"""A real scale-out stack for the scaleout test and the throughput bench: PostgreSQL, a Prefect
server on it, the `coder-screen` process pool with both deployments, workers, synthetic exports."""

from __future__ import annotations

import asyncio
import contextlib
import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import asyncpg
import httpx
import polars as pl

from bench import postgres
from pipelines.devtools.processes import free_port, poll_until, stop_group
from pipelines.prefect_server import server_command
from pipelines.synthetic import generate_candidates
from pipelines.synthetic.csv_export import write_csv

REPO = Path(__file__).resolve().parents[1]
POOL = "coder-screen"
NIGHTLY_QUEUE = "nightly"
FILES_QUEUE = "files"
ENVIRONMENT = "it"
DATABASE = "prefect"
FOLDERS = ("inbox", "outbox", "archive", "failed", "state")
SETTLED_AGE_SECONDS = 3600
SERVER_LIMIT_SECONDS = 180
COMMAND_LIMIT_SECONDS = 180
STOP_LIMIT_SECONDS = 20
POLL_SECONDS = 1.0
FINAL = {"COMPLETED", "FAILED", "CRASHED", "CANCELLED"}
# Fast polling for a test; production keeps Prefect's defaults (docs/operations.md).
WORKER_QUERY_SECONDS = "1"
# [nightly.pool] values for the stack (a lost run is noticed within a few seconds).
POOL_SETTINGS = {"poll_seconds": "1", "start_seconds": "90", "wait_seconds": "600"}


class StackError(Exception):
    """A part of the stack did not come up in time; carries the end of its log."""


@dataclass
class Stack:
    """The running stack: folders, config, environment for Prefect commands, logs."""

    root: Path
    config: Path
    api: str
    env: dict[str, str]
    processes: list[subprocess.Popen] = field(default_factory=list)

    def folder(self, name: str) -> Path:
        return self.root / name

    def log(self, name: str) -> Path:
        return self.root / "logs" / f"{name}.log"

    def tail(self, name: str, chars: int = 3000) -> str:
        path = self.log(name)
        return path.read_text(errors="replace")[-chars:] if path.exists() else "(no log)"


def poll(what: str, check: Callable[[], object], limit: float, log: str = "") -> object:
    """Call `check` until it returns a value other than None; StackError after `limit` s."""
    value = poll_until(check, limit, POLL_SECONDS, httpx.HTTPError)
    if value is None:
        raise StackError(f"{what} not within {limit:g} s\n{log}")
    return value


def _create_database(server: postgres.Postgres) -> None:
    async def create() -> None:
        conn = await asyncpg.connect(server.url())
        try:
            await conn.execute(f"DROP DATABASE IF EXISTS {DATABASE}")
            await conn.execute(f"CREATE DATABASE {DATABASE}")
        finally:
            await conn.close()

    asyncio.run(create())


def write_config(root: Path, files_per_run: int) -> Path:
    """The repository's config, with an environment under `root`, PostgreSQL and the pool on."""
    config = root / "config"
    if config.exists():
        return config
    config.mkdir(parents=True)
    for source in (REPO / "config").iterdir():
        if source.is_file():
            (config / source.name).write_bytes(source.read_bytes())
    runtime = config / "runtime.toml"
    text = runtime.read_text()
    changes = [
        ("nightly", "coordination", '"postgres"'),
        ("nightly", "fan_out", '"pool"'),
        ("nightly.pool", "files_per_run", str(files_per_run)),
        *(("nightly.pool", key, value) for key, value in POOL_SETTINGS.items()),
    ]
    for section, key, value in changes:
        text, count = _set(text, section, key, value)
        assert count == 1, key
    folders = "\n".join(f'{name}_dir = "{root / name}"' for name in FOLDERS)
    text += (
        f'\n[environments.{ENVIRONMENT}]\ndata_dir = "{root}"\nout_dir = "{root / "outbox"}"\n'
        f"{folders}\n"
    )
    runtime.write_text(text)
    return config


def _set(text: str, section: str, key: str, value: str) -> tuple[str, int]:
    """Replace the value of `key = ...` in `[section]` of a TOML text (comment kept)."""
    lines, count, current = [], 0, ""
    for line in text.splitlines():
        if line.startswith("["):
            current = line.strip().strip("[]")
        name, sep, rest = line.partition("=")
        if sep and current == section and name.strip() == key and not line.startswith("#"):
            comment = rest[rest.find("#") :] if "#" in rest else ""
            line = f"{key} = {value}  {comment}".rstrip()
            count += 1
        lines.append(line)
    return "\n".join(lines) + "\n", count


def start(stack: Stack, name: str, command: list[str]) -> subprocess.Popen:
    """Start a background process of the stack (own process group, log in logs/<name>.log)."""
    stack.log(name).parent.mkdir(parents=True, exist_ok=True)
    with stack.log(name).open("w") as out:
        process = subprocess.Popen(
            command,
            env=stack.env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            cwd=REPO,
        )
    stack.processes.append(process)
    return process


def prefect(stack: Stack, name: str, *args: str) -> None:
    """Run a `prefect` command to completion; StackError with its output when it fails."""
    done = subprocess.run(
        [sys.executable, "-m", "prefect", *args],
        env=stack.env,
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=COMMAND_LIMIT_SECONDS,
        check=False,
    )
    stack.log(name).write_text(done.stdout + done.stderr)
    if done.returncode != 0:
        raise StackError(f"prefect {' '.join(args)} failed:\n{(done.stdout + done.stderr)[-3000:]}")


def start_worker(stack: Stack, name: str, queue: str = FILES_QUEUE) -> subprocess.Popen:
    """A process worker on the pool's queue that starts one flow run at a time."""
    return start(
        stack,
        name,
        [
            sys.executable,
            "-m",
            "prefect",
            "worker",
            "start",
            "--pool",
            POOL,
            "--work-queue",
            queue,
            "--limit",
            "1",
            "--name",
            name,
        ],
    )


@contextlib.contextmanager
def running_stack(root: Path, server: postgres.Postgres, files_per_run: int) -> Iterator[Stack]:
    """Prefect server on PostgreSQL, pool created, both deployments deployed; stopped after."""
    _create_database(server)
    port = free_port()
    api = f"http://127.0.0.1:{port}/api"
    env = os.environ | {
        "PREFECT_HOME": str(root / "prefect-home"),
        "PREFECT_API_URL": api,
        "PREFECT_API_DATABASE_CONNECTION_URL": server.url(DATABASE, "postgresql+asyncpg"),
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "DO_NOT_TRACK": "1",
        "PREFECT_WORKER_QUERY_SECONDS": WORKER_QUERY_SECONDS,
        "PREFECT_CLI_PROMPT": "false",
        "CODER_SCREEN_HOME": str(REPO),
        "CODER_SCREEN_DATABASE_URL": server.url(DATABASE),
        "PYTHONPATH": str(REPO),
    }
    for name in FOLDERS:
        (root / name).mkdir(parents=True, exist_ok=True)
    stack = Stack(root=root, config=write_config(root, files_per_run), api=api, env=env)
    try:
        start(
            stack,
            "server",
            [*server_command("127.0.0.1", port), "--no-ui"],
        )
        poll(
            "the Prefect server",
            lambda: httpx.get(f"{api}/health", timeout=5).is_success or None,
            SERVER_LIMIT_SECONDS,
            stack.tail("server"),
        )
        prefect(stack, "pool-create", "work-pool", "create", POOL, "--type", "process")
        prefect(
            stack,
            "deploy",
            "--no-prompt",
            "deploy",
            "--prefect-file",
            str(REPO / "config" / "prefect.yaml"),
            "--all",
        )
        yield stack
    finally:
        for process in reversed(stack.processes):
            stop_group(process, STOP_LIMIT_SECONDS)


def drop_exports(
    inbox: Path, good: int, broken: int, copies: int, seed: int = 7, prefix: str = ""
) -> dict:
    """`good` distinct small CSV exports (3-10 candidates), `broken` unreadable ones and
    `copies` byte-identical copies of good ones, all settled; returns the names by kind."""
    sizes = [3 + (i * 7) % 8 for i in range(good)]
    candidates = generate_candidates(sum(sizes), seed=seed)
    starts = [sum(sizes[:i]) for i in range(good)]
    names: dict[str, list[str]] = {"good": [], "broken": [], "copies": []}
    for i, (offset, size) in enumerate(zip(starts, sizes, strict=True)):
        name = f"{prefix}req-{i:03d}.csv"
        write_csv(candidates.slice(offset, size), inbox / name)
        names["good"].append(name)
    for i in range(broken):
        name = f"broken-{i}.xlsx"
        (inbox / name).write_bytes(b"PK\x03\x04 not a workbook %d" % i)
        names["broken"].append(name)
    for i in range(copies):
        name = f"resent-{names['good'][i * 3]}"
        (inbox / name).write_bytes((inbox / names["good"][i * 3]).read_bytes())
        names["copies"].append(name)
    landed = time.time() - SETTLED_AGE_SECONDS
    for path in inbox.iterdir():
        os.utime(path, (landed, landed))
    return names


def trigger_nightly(stack: Stack) -> dict:
    """One flow run of the nightly deployment, in the stack's environment and config."""
    deployment = httpx.get(f"{stack.api}/deployments/name/nightly/nightly", timeout=30)
    deployment.raise_for_status()
    parameters = {"config_dir": str(stack.config), "environment_name": ENVIRONMENT}
    created = httpx.post(
        f"{stack.api}/deployments/{deployment.json()['id']}/create_flow_run",
        json={"parameters": parameters},
        timeout=30,
    )
    created.raise_for_status()
    return created.json()


def flow_run(stack: Stack, run_id: str) -> dict:
    reply = httpx.get(f"{stack.api}/flow_runs/{run_id}", timeout=30)
    reply.raise_for_status()
    return reply.json()


def wait_final(stack: Stack, run_id: str, limit: float) -> dict:
    """The flow run once it is final; StackError after `limit` s."""

    def final() -> dict | None:
        run = flow_run(stack, run_id)
        return run if (run.get("state") or {}).get("type") in FINAL else None

    logs = "\n".join(stack.tail(name, 1500) for name in ("nightly-worker", "files-a", "files-b"))
    return poll("the nightly run", final, limit, logs)


def flow_runs(stack: Stack, flow_name: str) -> list[dict]:
    """Every flow run of a flow (by name), with its state."""
    reply = httpx.post(
        f"{stack.api}/flow_runs/filter",
        json={"flows": {"name": {"any_": [flow_name]}}, "limit": 200},
        timeout=30,
    )
    reply.raise_for_status()
    return reply.json()


def manifest_counts(manifest: pl.DataFrame) -> dict[str, int]:
    """Entries per status."""
    return dict(manifest.group_by("status").len().iter_rows())
