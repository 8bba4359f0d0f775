"""The `coder-screen` command as a newcomer runs it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pipelines.cli import app

REPO = Path(__file__).resolve().parents[1]
SAMPLES = sorted(p for p in (REPO / "data" / "samples").iterdir() if p.suffix in {".csv", ".xlsx"})


def test_help_explains_every_option():
    runner = CliRunner()

    top = runner.invoke(app, ["--help"])
    score = runner.invoke(app, ["score", "--help"])

    assert top.exit_code == 0 and "score" in top.output
    assert score.exit_code == 0
    for option in ("--out-dir", "--config", "--sheet"):
        assert option in score.output


def test_a_broken_config_is_one_clear_line(tmp_path):
    (tmp_path / "columns.toml").write_text("not = [valid", encoding="utf-8")

    result = CliRunner().invoke(app, ["score", "x.csv", "--config", str(tmp_path)])

    assert result.exit_code == 2
    assert "config error" in result.output
    assert "Traceback" not in result.output


@pytest.mark.flow
def test_score_samples_and_a_broken_file_in_one_run(tmp_path):
    assert len(SAMPLES) >= 2, "the committed samples are missing"
    broken = tmp_path / "broken.csv"
    broken.write_bytes(b"")
    env = os.environ | {"PREFECT_LOGGING_LEVEL": "WARNING"}

    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "pipelines.cli",
            "score",
            *map(str, SAMPLES),
            str(broken),
            "--out-dir",
            str(tmp_path / "out"),
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
        check=False,
    )

    assert run.returncode == 2, run.stderr
    assert "Traceback" not in run.stderr + run.stdout
    refusal = [line for line in run.stderr.splitlines() if line.startswith("broken.csv:")]
    assert len(refusal) == 1
    for sample in SAMPLES:
        assert (tmp_path / "out" / f"{sample.stem}-ranked.xlsx").exists()
        assert (tmp_path / "out" / f"{sample.stem}-scored.parquet").exists()
        assert f"{sample.name}:" in run.stdout
    assert "rows read" in run.stdout
