"""`coder-screen server start|status|stop` against a real Prefect server on a free local port."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from pipelines.cli import app
from pipelines.devtools.processes import free_port

pytestmark = pytest.mark.flow


def test_start_status_stop(tmp_path: Path) -> None:
    config = tmp_path / "config"
    repo_config = Path(__file__).resolve().parents[2] / "config"
    config.mkdir()
    for source in repo_config.iterdir():
        text = source.read_text()
        if source.name == "runtime.toml":
            text = text.replace("port = 4200", f"port = {free_port()}").replace(
                'home = "data/prefect"', f'home = "{tmp_path / "home"}"'
            )
        (config / source.name).write_text(text)
    (tmp_path / "home").mkdir()
    (tmp_path / "home" / "server.pid").write_text("999999999")  # left by a restart
    runner = CliRunner()
    try:
        first = runner.invoke(app, ["server", "status", "--config", str(config)])
        assert first.exit_code == 0 and "no Prefect server answers" in first.output
        started = runner.invoke(app, ["server", "start", "--config", str(config)])
        assert started.exit_code == 0, started.output
        assert "Prefect server started" in started.output
        again = runner.invoke(app, ["server", "start", "--config", str(config)])
        assert again.exit_code == 0 and "already running" in again.output
        running = runner.invoke(app, ["server", "status", "--config", str(config)])
        assert "Prefect server running" in running.output
    finally:
        stopped = runner.invoke(app, ["server", "stop", "--config", str(config)])
    assert stopped.exit_code == 0 and "stopped" in stopped.output, stopped.output
    after = runner.invoke(app, ["server", "status", "--config", str(config)])
    assert "no Prefect server answers" in after.output
