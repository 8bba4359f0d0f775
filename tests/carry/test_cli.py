"""`coder-screen score --previous` and `coder-screen decisions`, without a Prefect server."""

from __future__ import annotations

import shutil
from pathlib import Path

import openpyxl
import polars as pl
import pytest
from typer.testing import CliRunner

from pipelines.cli import app
from pipelines.settings import load_settings
from tests.carry.exports import next_export
from tests.carry.recruiter import ENTRIES, SAMPLE, WORKBOOK_NAME, edit_as_recruiter


@pytest.fixture
def flowless(monkeypatch, tmp_path):
    """`score` through the real task body (no Prefect server); the log goes to tmp state/."""
    import pipelines.flows.score_export
    from pipelines.flows.tasks import score_into_folder

    state = tmp_path / "state"

    def flow(input_path, out_dir, config_dir=None, sheet=None, previous=None, **options):
        settings = load_settings(Path(config_dir))
        paths = [Path(p) for p in previous or []]
        outcome = score_into_folder.fn(
            Path(input_path),
            Path(out_dir),
            settings,
            sheet,
            previous=paths,
            state_dir=state if paths else None,
            **options,
        )
        return outcome.as_dict()

    monkeypatch.setattr(pipelines.flows.score_export, "score_export", flow)
    monkeypatch.setattr("pipelines.cli._use_prefect", lambda settings: None)
    return state


def test_score_previous_carries_and_decisions_exports_the_log(flowless, tmp_path, settings):
    first, second = tmp_path / "first", tmp_path / "second"
    first.mkdir()
    runner = CliRunner()
    export = shutil.copy(SAMPLE, first / SAMPLE.name)
    assert runner.invoke(app, ["score", str(export), "-q"]).exit_code == 0
    edited = edit_as_recruiter(first / WORKBOOK_NAME, tmp_path / "edited.xlsx", settings)
    nxt = next_export(second / SAMPLE.name)

    scored = runner.invoke(app, ["score", str(nxt), "--previous", str(edited), "-q"])
    out = tmp_path / "decisions.csv"
    exported = runner.invoke(app, ["decisions", "--state", str(flowless), "--out", str(out)])

    assert scored.exit_code == 0, scored.output
    assert exported.exit_code == 0, exported.output
    assert exported.stdout.strip() == f"5 decisions written to {out}"
    log = pl.read_csv(out)
    assert sorted(log.get_column("decision")) == sorted(v[0] for v in ENTRIES.values())
    assert "notes" not in log.columns
    as_workbook = tmp_path / "decisions.xlsx"
    runner.invoke(app, ["decisions", "--state", str(flowless), "--out", str(as_workbook)])
    rows = list(openpyxl.load_workbook(as_workbook).active.iter_rows(values_only=True))
    assert rows[0] == tuple(log.columns) and len(rows) == 6


def test_score_previous_with_a_foreign_workbook_is_one_line_and_exit_2(flowless, tmp_path):
    foreign = tmp_path / "shortlist.xlsx"
    openpyxl.Workbook().save(foreign)
    export = shutil.copy(SAMPLE, tmp_path / SAMPLE.name)

    result = CliRunner().invoke(app, ["score", str(export), "--previous", str(foreign), "-q"])

    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"{SAMPLE.name}: previous workbook shortlist.xlsx: not a coder-screen workbook"
    ]
    assert not (tmp_path / WORKBOOK_NAME).exists()
    assert not flowless.exists()


def test_decisions_before_any_decision_writes_an_empty_table(tmp_path):
    out = tmp_path / "none.csv"

    result = CliRunner().invoke(app, ["decisions", "--state", str(tmp_path), "--out", str(out)])

    assert result.exit_code == 0
    assert pl.read_csv(out).height == 0
