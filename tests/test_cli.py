"""The `coder-screen` command as a newcomer runs it."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import polars as pl
import pytest
from typer.testing import CliRunner

from pipelines.cli import app
from pipelines.screening import score_one as run_one
from pipelines.settings import load_settings

REPO = Path(__file__).resolve().parents[1]
SAMPLES = sorted(p for p in (REPO / "data" / "samples").iterdir() if p.suffix in {".csv", ".xlsx"})


def test_help_explains_every_option():
    runner = CliRunner()

    top = runner.invoke(app, ["--help"])
    score = runner.invoke(app, ["score", "--help"])

    assert top.exit_code == 0 and "score" in top.output
    assert score.exit_code == 0
    for option in ("--out-dir", "--config", "--sheet", "--profile"):
        assert option in score.output


def test_a_broken_config_is_one_clear_line(tmp_path):
    (tmp_path / "columns.toml").write_text("not = [valid", encoding="utf-8")

    result = CliRunner().invoke(app, ["score", "x.csv", "--config", str(tmp_path)])

    assert result.exit_code == 2
    assert "config error" in result.output
    assert "Traceback" not in result.output


def test_an_unknown_profile_is_one_line_naming_the_known_ones_before_any_scoring(tmp_path):
    sample = REPO / "data" / "samples" / "workday_three_requisitions.csv"
    known = list(load_settings().profiles.profiles)

    result = CliRunner().invoke(
        app, ["score", str(sample), "--profile", "cardiology", "--out-dir", str(tmp_path / "o")]
    )

    assert result.exit_code == 2
    (line,) = result.stderr.splitlines()
    assert "'cardiology'" in line and all(name in line for name in known)
    assert not (tmp_path / "o").exists()


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


def _polars_panic() -> None:
    """Raise a real pyo3 PanicException (docs/upstream/polars-binview-chunk-panic.py)."""
    parts = pl.Series("s", ["p"]).append(pl.Series("s", ["q"])).append(pl.Series("s", ["u"]))
    kept = parts.filter(pl.Series([True, False, True]))
    pl.DataFrame(kept).select(pl.format("x: {}", pl.col("s")))


@pytest.fixture
def panicking_score(monkeypatch):
    """`score` through the real task body, without a Prefect server; `panics.csv` panics."""
    import pipelines.flows.score_export
    from pipelines.flows.tasks import score_into_folder

    real_screen = run_one.screen_file

    def screen(path, settings, sheet=None, sources=None, profile=None, run_date=None):
        if Path(path).name == "panics.csv":
            _polars_panic()
        return real_screen(path, settings, sheet, sources, profile=profile, run_date=run_date)

    def flow(input_path, out_dir, config_dir=None, sheet=None, **options):
        settings = load_settings(Path(config_dir))
        outcome = score_into_folder.fn(Path(input_path), Path(out_dir), settings, sheet, **options)
        return outcome.as_dict()

    monkeypatch.setattr(run_one, "screen_file", screen)
    monkeypatch.setattr(pipelines.flows.score_export, "score_export", flow)
    monkeypatch.setattr("pipelines.cli._use_prefect", lambda settings: None)


def _csv_sample() -> Path:
    return next(sample for sample in SAMPLES if sample.suffix == ".csv")


def test_one_file_panicking_leaves_one_line_and_the_others_scored(panicking_score, tmp_path, capfd):
    sample = _csv_sample()
    panics = shutil.copy(sample, tmp_path / "panics.csv")

    result = CliRunner().invoke(
        app, ["score", str(panics), str(sample), "--out-dir", str(tmp_path)]
    )

    native = capfd.readouterr().err  # what Rust wrote straight to file descriptor 2
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "panics.csv: internal error (PanicException: assertion failed: i < self.len())"
    ]
    assert f"{sample.name}: " in result.stdout and "rows read" in result.stdout
    assert (tmp_path / f"{sample.stem}-ranked.xlsx").exists()
    assert not (tmp_path / "panics-ranked.xlsx").exists()
    assert "panicked" not in native and "Traceback" not in result.output + native


def test_an_internal_error_outweighs_an_unreadable_input(panicking_score, tmp_path):
    panics = shutil.copy(_csv_sample(), tmp_path / "panics.csv")
    broken = tmp_path / "broken.csv"
    broken.write_bytes(b"")

    result = CliRunner().invoke(
        app, ["score", str(broken), str(panics), "--out-dir", str(tmp_path)]
    )

    assert result.exit_code == 1
    assert [line.split(":")[0] for line in result.stderr.splitlines()] == [
        "broken.csv",
        "panics.csv",
    ]


def test_columns_prints_how_each_header_is_read_without_scoring(tmp_path):
    import tomllib

    export = REPO / "data" / "samples" / "greenhouse_questions_medical_coder.csv"
    result = CliRunner().invoke(app, ["columns", str(export)])
    assert result.exit_code == 0, result.output
    assert '"How did you hear about us?" -> carried, not scored' in result.output
    pasted = result.output.split("of config/columns.toml (an alias always wins")[1]
    tables = tomllib.loads(pasted.split("\n", 1)[1])
    assert (
        "Have you completed HIPAA privacy training within the past 12 months?"
        in (tables["aliases"]["hipaa"])
    )
    assert not list(tmp_path.iterdir())  # nothing written anywhere

    broken = tmp_path / "broken.csv"
    broken.write_bytes(b"")
    refused = CliRunner().invoke(app, ["columns", str(broken)])
    assert refused.exit_code == 2 and refused.stderr.startswith("broken.csv: ")


def test_profile_ranks_every_job_under_it_and_the_run_record_says_so(panicking_score, tmp_path):
    sample = REPO / "data" / "samples" / "workday_three_requisitions.csv"

    result = CliRunner().invoke(
        app, ["score", str(sample), "--profile", "coding_auditor", "--out-dir", str(tmp_path)]
    )

    assert result.exit_code == 0, result.output
    scored = pl.read_parquet(tmp_path / f"{sample.stem}-scored.parquet")
    assert scored.get_column("job_profile").unique().to_list() == ["coding_auditor"]
    record = json.loads((tmp_path / f"{sample.stem}-run.json").read_text(encoding="utf-8"))
    assert [(j["profile"], j["reason"]) for j in record["jobs"]] == [
        ("coding_auditor", "--profile coding_auditor")
    ] * 3


def test_foreground_runs_send_no_heartbeats_unless_runtime_keeps_them(config_copy):
    from prefect.settings import get_current_settings

    from pipelines.cli import _heartbeats

    default = get_current_settings().flows.heartbeat_frequency
    with _heartbeats(load_settings(config_copy)):
        assert get_current_settings().flows.heartbeat_frequency is None
    assert get_current_settings().flows.heartbeat_frequency == default is not None

    path = config_copy / "runtime.toml"
    path.write_text(
        path.read_text().replace("ad_hoc_heartbeats = false", "ad_hoc_heartbeats = true")
    )
    with _heartbeats(load_settings(config_copy)):
        assert get_current_settings().flows.heartbeat_frequency == default
