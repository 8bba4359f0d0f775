"""`coder-screen audit`: many runs pooled into one bias-audit workbook."""

from __future__ import annotations

from openpyxl import load_workbook
from typer.testing import CliRunner

from pipelines.cli import app
from pipelines.fairness.audit import audit_table
from tests.fairness.conftest import groups_frame, publish_run_files, screening_result


def _run(out_dir, settings, name, sha, started, groups):
    scored, protected = groups_frame("gender", groups)
    result = screening_result(scored, protected, name, sha, started)
    publish_run_files(result, out_dir, settings)
    return audit_table(scored, protected, settings.fairness)


def _rows(sheet) -> dict:
    return {row[0]: row for row in sheet.iter_rows(values_only=True) if row and row[0]}


def test_audit_pools_two_run_dirs_into_one_workbook(settings, tmp_path):
    night_1, night_2 = tmp_path / "2025-01-01", tmp_path / "2025-01-02"
    _run(
        night_1,
        settings,
        "a.csv",
        "01" * 32,
        "2025-01-01T02:00:00+00:00",
        [("Female", 10, 5), ("Male", 10, 5), (None, 2, 0)],
    )
    _run(
        night_2,
        settings,
        "b.csv",
        "02" * 32,
        "2025-01-02T02:00:00+00:00",
        [("Female", 10, 10), ("Male", 10, 2)],
    )
    # A rerun of a.csv's input on night 2 pools only once (the later run).
    _run(
        night_2,
        settings,
        "a-again.csv",
        "01" * 32,
        "2025-01-02T03:00:00+00:00",
        [("Female", 10, 5), ("Male", 10, 5), (None, 2, 0)],
    )
    out = tmp_path / "annual.xlsx"

    run = CliRunner().invoke(app, ["audit", str(night_1), str(night_2), "--out", str(out)])

    assert run.exit_code == 0, run.output
    workbook = load_workbook(out)
    pooled = _rows(workbook["Pooled fairness audit"])
    # Female 15/20 = 0.75, Male 7/20 = 0.35 -> 0.4667; unknowns counted apart.
    assert pooled["Female"][1:6] == (20, 0.4762, 15, 0.75, 1)
    assert pooled["Male"][1:6] == (20, 0.4762, 7, 0.35, 0.4667)
    assert pooled["Unknown/declined"][1] == 2
    runs = _rows(workbook["Runs"])
    assert runs["a.csv"][7] == "no: same input as a later run"
    assert runs["b.csv"][7] == runs["a-again.csv"][7] == "yes"
    assert runs["b.csv"][4:6] == (20, 12)


def test_audit_without_run_records_exits_2(tmp_path):
    run = CliRunner().invoke(app, ["audit", str(tmp_path), "--out", str(tmp_path / "x.xlsx")])

    assert run.exit_code == 2
    assert "no run records" in run.output
    assert not (tmp_path / "x.xlsx").exists()


def test_audit_skips_a_broken_record_and_names_it(settings, tmp_path):
    _run(
        tmp_path,
        settings,
        "a.csv",
        "01" * 32,
        "2025-01-01T02:00:00+00:00",
        [("Female", 3, 1), ("Male", 3, 1)],
    )
    (tmp_path / "broken-run.json").write_text("{not json", encoding="utf-8")

    run = CliRunner().invoke(app, ["audit", str(tmp_path), "--out", str(tmp_path / "x.xlsx")])

    assert run.exit_code == 0
    assert "broken-run.json: skipped" in run.output
    assert list(_rows(load_workbook(tmp_path / "x.xlsx")["Runs"])) == ["Export", "a.csv"]
