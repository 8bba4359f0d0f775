"""The local Prefect server: start, stop and status, and which Prefect API a run talks to."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import MutableMapping
from dataclasses import dataclass
from pathlib import Path

from pipelines.environment import resolve
from pipelines.ops.locks import process_alive
from pipelines.settings.runtime import ServerConfig

PREFECT = (sys.executable, "-m", "prefect")
API_VARIABLE = "PREFECT_API_URL"
HOME_VARIABLE = "PREFECT_HOME"
HEALTH_PATH = "/health"
FASTER_HINT = (
    "Prefect: no server answers at {url}; this run starts a temporary one (10-25 s). "
    "`coder-screen server start` keeps one running and makes every run faster."
)
UNREACHABLE = "Prefect: PREFECT_API_URL={url} does not answer; start that server or unset it."
# Where `prefect server start --background` keeps its pid (prefect.cli._server_utils names it;
# tests/test_prefect_server.py fails when Prefect's name changes).
PID_FILE_NAME = "server.pid"


@dataclass(frozen=True)
class ApiChoice:
    """Which Prefect API a run uses, and the one line to tell the user (empty when none)."""

    url: str | None
    source: str  # "environment", "local server" or "temporary server"
    message: str = ""


def healthy(api_url: str, timeout: float) -> bool:
    """True when the Prefect API at `api_url` answers its health check in time."""
    try:
        with urllib.request.urlopen(api_url.rstrip("/") + HEALTH_PATH, timeout=timeout) as reply:
            return reply.status == 200
    except (urllib.error.URLError, OSError, ValueError):
        return False


def choose_api(config: ServerConfig, environ: MutableMapping[str, str] | None = None) -> ApiChoice:
    """Point this process at $PREFECT_API_URL, else the local server when it answers, else leave
    Prefect to start a temporary server; the choice is written into `environ`."""
    env = os.environ if environ is None else environ
    given = env.get(API_VARIABLE)
    if given:
        ok = healthy(given, config.probe_timeout_seconds)
        return ApiChoice(given, "environment", "" if ok else UNREACHABLE.format(url=given))
    if healthy(config.api_url, config.probe_timeout_seconds):
        env[API_VARIABLE] = config.api_url
        return ApiChoice(config.api_url, "local server")
    return ApiChoice(None, "temporary server", FASTER_HINT.format(url=config.url))


def _home(config: ServerConfig) -> Path:
    """The server's PREFECT_HOME, created when missing."""
    home = resolve(config.home)
    home.mkdir(parents=True, exist_ok=True)
    return home


def _prefect(
    config: ServerConfig, command: list[str], timeout: float
) -> subprocess.CompletedProcess:
    """Run a `prefect` command line of this environment with the server's PREFECT_HOME."""
    env = dict(os.environ) | {HOME_VARIABLE: str(_home(config))}
    env.pop(API_VARIABLE, None)
    return subprocess.run(
        command,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


@dataclass(frozen=True)
class ServerState:
    """What `server start|stop|status` found or did, in one line for the user."""

    running: bool
    message: str


def server_command(host: str, port: int, *, background: bool = False) -> list[str]:
    """`python -m prefect server start` on `host:port` (analytics off; `--background` to
    daemonise), with this environment's interpreter."""
    command = [*PREFECT, "server", "start", "--host", host, "--port", str(port), "--analytics-off"]
    return [*command, "--background"] if background else command


def status(config: ServerConfig) -> ServerState:
    """Whether the configured local server answers."""
    if healthy(config.api_url, config.probe_timeout_seconds):
        return ServerState(True, f"Prefect server running: UI {config.url}, API {config.api_url}")
    return ServerState(False, f"no Prefect server answers at {config.url}")


def clear_stale_pid(home: Path) -> bool:
    """Remove the server's pid file when its process is gone (a restart leaves one behind, and
    Prefect then refuses to start); True when one was removed."""
    pid_file = home / PID_FILE_NAME
    try:
        pid = int(pid_file.read_text().strip())
    except FileNotFoundError:
        return False
    except ValueError:
        pid = 0
    if pid > 0 and process_alive(pid):
        return False
    pid_file.unlink(missing_ok=True)
    return True


def _one_line(done: subprocess.CompletedProcess, fallback: str) -> str:
    """What a `prefect` command said, as one line (Rich wraps its messages)."""
    text = " ".join((done.stderr or done.stdout).split())
    return text or fallback


def start(config: ServerConfig) -> ServerState:
    """Start the local server in the background (nothing to do when one answers); wait for it."""
    if healthy(config.api_url, config.probe_timeout_seconds):
        return ServerState(True, f"Prefect server already running: UI {config.url}")
    clear_stale_pid(_home(config))
    done = _prefect(
        config,
        server_command(config.host, config.port, background=True),
        timeout=config.start_timeout_seconds,
    )
    deadline = time.monotonic() + config.start_timeout_seconds
    while time.monotonic() < deadline:
        if healthy(config.api_url, config.probe_timeout_seconds):
            return ServerState(
                True,
                f"Prefect server started: UI {config.url} (stays running for the next runs; "
                "stop it with `coder-screen server stop`)",
            )
        time.sleep(config.poll_seconds)
    reason = _one_line(done, f"no answer within {config.start_timeout_seconds:g} s")
    return ServerState(False, f"Prefect server did not start at {config.url}: {reason}")


def stop(config: ServerConfig) -> ServerState:
    """Stop the local server started by `start` (its pid file lives in the server's home)."""
    if not healthy(config.api_url, config.probe_timeout_seconds):
        cleared = " (removed the pid file of a server that is gone)"
        tail = cleared if clear_stale_pid(_home(config)) else ""
        return ServerState(
            False, f"no Prefect server answers at {config.url}; nothing to stop{tail}"
        )
    done = _prefect(config, [*PREFECT, "server", "stop"], timeout=config.start_timeout_seconds)
    deadline = time.monotonic() + config.start_timeout_seconds
    while time.monotonic() < deadline:
        if not healthy(config.api_url, config.probe_timeout_seconds):
            return ServerState(False, f"Prefect server at {config.url} stopped")
        time.sleep(config.poll_seconds)
    reason = _one_line(done, "it still answers")
    return ServerState(True, f"could not stop the Prefect server at {config.url}: {reason}")
