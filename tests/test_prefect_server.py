"""Which Prefect API a run uses: $PREFECT_API_URL, else a local server that answers, else none."""

from __future__ import annotations

import http.server
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from pipelines.prefect_server import (
    API_VARIABLE,
    PID_FILE_NAME,
    choose_api,
    clear_stale_pid,
    healthy,
)
from pipelines.settings.runtime import ServerConfig


class _Health(http.server.BaseHTTPRequestHandler):
    """Answers GET /api/health with 200, anything else with 404."""

    def do_GET(self) -> None:
        self.send_response(200 if self.path == "/api/health" else 404)
        self.end_headers()
        self.wfile.write(b"true")

    def log_message(self, *args: object) -> None:
        """Quiet."""


@pytest.fixture
def answering_port() -> Iterator[int]:
    """A port on 127.0.0.1 where a fake Prefect API answers its health check."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Health)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1]
    server.shutdown()
    server.server_close()


def _config(settings, port: int) -> ServerConfig:
    return settings.runtime.server.model_copy(update={"port": port})


def _closed_port() -> int:
    """A port nothing listens on (bound, then released)."""
    server = http.server.HTTPServer(("127.0.0.1", 0), _Health)
    port = server.server_address[1]
    server.server_close()
    return port


def test_local_server_that_answers_is_used(settings, answering_port: int) -> None:
    config = _config(settings, answering_port)
    environ: dict[str, str] = {}
    result = choose_api(config, environ)
    assert (result.url, result.source, result.message) == (config.api_url, "local server", "")
    assert environ == {API_VARIABLE: config.api_url}


def test_no_server_falls_back_to_a_temporary_one_with_a_hint(settings) -> None:
    config = _config(settings, _closed_port())
    environ: dict[str, str] = {}
    result = choose_api(config, environ)
    assert (result.url, result.source) == (None, "temporary server")
    assert "coder-screen server start" in result.message and config.url in result.message
    assert environ == {}


def test_prefect_api_url_wins_and_is_checked(settings, answering_port: int) -> None:
    config = _config(settings, answering_port)
    dead = f"http://127.0.0.1:{_closed_port()}/api"
    environ = {API_VARIABLE: dead}
    result = choose_api(config, environ)
    assert (result.url, result.source) == (dead, "environment")
    assert dead in result.message and environ == {API_VARIABLE: dead}
    environ = {API_VARIABLE: config.api_url}
    assert choose_api(config, environ).message == ""


def test_healthy_is_false_for_rubbish() -> None:
    assert healthy("not a url", 0.1) is False


def test_pid_file_name_is_prefects() -> None:
    from prefect.cli import _server_utils  # private: this test is the guard

    assert _server_utils.SERVER_PID_FILE_NAME == PID_FILE_NAME


def test_stale_pid_file_is_removed_and_a_live_one_kept(tmp_path: Path) -> None:
    gone = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    pid_file = tmp_path / PID_FILE_NAME
    pid_file.write_text(gone.stdout.strip())
    assert clear_stale_pid(tmp_path) is True and not pid_file.exists()
    pid_file.write_text(str(os.getpid()))
    assert clear_stale_pid(tmp_path) is False and pid_file.exists()
    pid_file.write_text("rubbish")
    assert clear_stale_pid(tmp_path) is True and not pid_file.exists()
    assert clear_stale_pid(tmp_path) is False
