"""A real Prefect server, `coder-screen serve`, one triggered run of the nightly deployment."""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from pipelines.devtools.processes import free_port, poll_until, stop_group
from pipelines.ops.manifest import read_manifest
from pipelines.prefect_server import server_command
from tests.ops.exports import ANA, BO, CY, drop, export_text

pytestmark = pytest.mark.flow

REPO = Path(__file__).resolve().parents[2]
SERVER_LIMIT_SECONDS = 120
DEPLOYMENT_LIMIT_SECONDS = 120
RUN_LIMIT_SECONDS = 240
STOP_LIMIT_SECONDS = 20
POLL_SECONDS = 1.0
FINAL = {"COMPLETED", "FAILED", "CRASHED", "CANCELLED"}
FOLDERS = ("inbox", "outbox", "archive", "failed", "state")


@contextlib.contextmanager
def started(command: list[str], env: dict[str, str], log: Path) -> Iterator[subprocess.Popen]:
    with log.open("w") as out:
        process = subprocess.Popen(
            command, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True, cwd=REPO
        )
        try:
            yield process
        finally:
            stop_group(process, STOP_LIMIT_SECONDS)


def poll(what: str, check, limit: float, log: Path):
    """Call `check` until it returns a value; fail (never hang) after `limit` seconds."""
    value = poll_until(check, limit, POLL_SECONDS, httpx.HTTPError)
    if value is None:
        pytest.fail(f"{what} not within {limit} s; log:\n{log.read_text()[-3000:]}")
    return value


def config_for(root: Path) -> Path:
    """The repository's config plus an environment `it` whose folders live under `root`."""
    config = root / "config"
    shutil.copytree(REPO / "config", config)
    folders = "\n".join(f'{name}_dir = "{root / name}"' for name in FOLDERS)
    with (config / "runtime.toml").open("a") as runtime:
        runtime.write(
            f'\n[environments.it]\ndata_dir = "{root}"\nout_dir = "{root / "outbox"}"\n{folders}\n'
        )
    return config


def test_served_deployment_runs_over_the_inbox(tmp_path):
    port = free_port()
    api = f"http://127.0.0.1:{port}/api"
    env = os.environ | {
        "PREFECT_HOME": str(tmp_path / "prefect-home"),
        "PREFECT_API_URL": api,
        "PREFECT_API_DATABASE_CONNECTION_URL": f"sqlite+aiosqlite:///{tmp_path / 'prefect.db'}",
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "PREFECT_LOGGING_LEVEL": "WARNING",
    }
    config = config_for(tmp_path)
    drop(tmp_path / "inbox", "monday.csv", export_text(ANA, BO))
    drop(tmp_path / "inbox", "tuesday.csv", export_text(CY))
    drop(tmp_path / "inbox", "broken.xlsx", b"not a workbook")
    server_cmd = [*server_command("127.0.0.1", port), "--no-ui"]
    serve_cmd = [
        sys.executable,
        "-m",
        "pipelines.cli",
        "serve",
        "--config",
        str(config),
        "--env",
        "it",
    ]

    with started(server_cmd, env, tmp_path / "server.log") as server:
        poll(
            "the server",
            lambda: httpx.get(f"{api}/health").is_success or None,
            SERVER_LIMIT_SECONDS,
            tmp_path / "server.log",
        )
        with started(serve_cmd, env, tmp_path / "serve.log"):
            deployment = poll(
                "the nightly deployment",
                lambda: _json_if_ok(httpx.get(f"{api}/deployments/name/nightly/nightly")),
                DEPLOYMENT_LIMIT_SECONDS,
                tmp_path / "serve.log",
            )
            run = poll(
                "a flow run of the deployment",
                lambda: _json_if_ok(
                    httpx.post(f"{api}/deployments/{deployment['id']}/create_flow_run", json={})
                ),
                DEPLOYMENT_LIMIT_SECONDS,
                tmp_path / "server.log",
            )
            final = poll(
                "the triggered run",
                lambda: _final_state(httpx.get(f"{api}/flow_runs/{run['id']}")),
                RUN_LIMIT_SECONDS,
                tmp_path / "serve.log",
            )
        assert server.poll() is None, "the server died during the test"

    assert deployment["schedules"][0]["schedule"]["cron"] == "0 2 * * *"
    assert deployment["schedules"][0]["schedule"]["timezone"] == "America/New_York"
    assert final == "COMPLETED", (tmp_path / "serve.log").read_text()[-3000:]
    assert list((tmp_path / "inbox").iterdir()) == []
    outputs = sorted(p.name for p in (tmp_path / "outbox").rglob("*") if p.is_file())
    assert outputs == [  # every output of a run, the run record included (no self-ID columns)
        "monday-ranked.xlsx",
        "monday-run.json",
        "monday-scored.parquet",
        "tuesday-ranked.xlsx",
        "tuesday-run.json",
        "tuesday-scored.parquet",
    ]
    assert sorted(p.name for p in (tmp_path / "archive").rglob("*.csv")) == [
        "monday.csv",
        "tuesday.csv",
    ]
    assert sorted(p.name for p in (tmp_path / "failed").rglob("*") if p.is_file()) == [
        "broken.xlsx",
        "broken.xlsx.error.txt",
    ]
    manifest = read_manifest(tmp_path / "state" / "manifest.jsonl").sort("file")
    assert manifest.select("file", "status").rows() == [
        ("broken.xlsx", "failed"),
        ("monday.csv", "scored"),
        ("tuesday.csv", "scored"),
    ]


def _json_if_ok(response: httpx.Response) -> dict | None:
    return response.json() if response.is_success else None


def _final_state(response: httpx.Response) -> str | None:
    state = response.json().get("state") or {}
    return state.get("type") if state.get("type") in FINAL else None
