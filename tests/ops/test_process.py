"""One input of the nightly run, without Prefect: scored, refused, duplicate, or left in place."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import polars as pl
import pytest

from pipelines.ops.dirs import NightlyDirs
from pipelines.ops.manifest import read_manifest
from pipelines.ops.process import NightContext, file_duplicate, plan, score_job
from pipelines.ops.run import RunInfo
from pipelines.ops.sweep import ReadyFile, fingerprint, list_inbox
from pipelines.screening import publish, stages
from tests.ops.exports import ANA, BLANK, BO, CY, drop, export_text

NIGHT_1 = RunInfo("run-1", "2026-01-01", "2026-01-01T07:00:00+00:00")
NIGHT_2 = RunInfo("run-2", "2026-01-02", "2026-01-02T07:00:00+00:00")


@pytest.fixture
def dirs(tmp_path: Path) -> NightlyDirs:
    return NightlyDirs(
        *(tmp_path / name for name in ("inbox", "out", "archive", "failed", "state"))
    )


def context(dirs: NightlyDirs, settings, run: RunInfo = NIGHT_1) -> NightContext:
    return NightContext(dirs=dirs, run=run, nightly=settings.runtime.nightly)


def ready(dirs: NightlyDirs) -> list[ReadyFile]:
    return [fingerprint(f) for f in list_inbox(dirs.inbox, ["*.csv", "*.xlsx"], [])]


def files_under(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file())


def test_a_new_export_is_scored_recorded_and_archived(dirs, settings):
    drop(dirs.inbox, "export.csv", export_text(ANA, BO, BLANK))
    ctx = context(dirs, settings)
    (job,) = plan(ready(dirs), ctx, read_manifest(ctx.manifest))

    result = score_job(job, ctx, settings)

    assert (result.status, result.ranked, result.new, result.returning) == ("scored", 2, 2, 0)
    assert files_under(dirs.outbox) == [
        "2026-01-01/export-ranked.xlsx",
        "2026-01-01/export-run.json",
        "2026-01-01/export-scored.parquet",
    ]
    assert set(result.outputs) == {"workbook", "parquet", "run_record"}
    assert files_under(dirs.archive) == ["2026-01-01/export.csv"]
    assert files_under(dirs.inbox) == []
    manifest = read_manifest(ctx.manifest)
    assert manifest.select("file", "status", "sha256").rows() == [
        ("export.csv", "scored", job.file.sha256)
    ]


def test_the_same_content_twice_is_scored_once(dirs, settings):
    drop(dirs.inbox, "monday.csv", export_text(ANA, BO))
    ctx = context(dirs, settings)
    (first,) = plan(ready(dirs), ctx, read_manifest(ctx.manifest))
    score_job(first, ctx, settings)
    outputs = files_under(dirs.outbox)
    drop(dirs.inbox, "monday-again.csv", export_text(ANA, BO))
    later = context(dirs, settings, NIGHT_2)

    (again,) = plan(ready(dirs), later, read_manifest(later.manifest))
    result = file_duplicate(again, later)

    assert again.duplicate_of == "monday.csv"
    assert (result.status, result.duplicate_of) == ("duplicate", "monday.csv")
    assert files_under(dirs.outbox) == outputs
    assert files_under(dirs.archive) == ["2026-01-01/monday.csv", "2026-01-02/monday-again.csv"]
    statuses = read_manifest(later.manifest).get_column("status").to_list()
    assert statuses == ["scored", "duplicate"]


def test_an_unreadable_export_moves_to_failed_with_a_note(dirs, settings):
    drop(dirs.inbox, "broken.xlsx", b"not a workbook at all")
    ctx = context(dirs, settings)
    (job,) = plan(ready(dirs), ctx, read_manifest(ctx.manifest))

    result = score_job(job, ctx, settings)

    assert result.status == "failed" and result.reason
    assert files_under(dirs.failed) == [
        "2026-01-01/broken.xlsx",
        "2026-01-01/broken.xlsx.error.txt",
    ]
    note = (dirs.failed / "2026-01-01" / "broken.xlsx.error.txt").read_text()
    assert f"reason: {result.reason}" in note and job.file.sha256 in note
    assert not dirs.outbox.exists()
    assert read_manifest(ctx.manifest).get_column("status").to_list() == ["failed"]


def test_an_unexpected_error_keeps_its_message_out_of_the_outcome(dirs, settings, monkeypatch):
    def explode(path, settings, sheet=None, sources=None, profile=None, run_date=None):
        raise ValueError("row 2 Ana Diaz ana@example.com")

    monkeypatch.setattr(stages, "screen_file", explode)
    drop(dirs.inbox, "export.csv", export_text(ANA))
    ctx = context(dirs, settings)
    (job,) = plan(ready(dirs), ctx, read_manifest(ctx.manifest))

    result = score_job(job, ctx, settings)

    assert (result.status, result.reason) == ("failed", "internal error (ValueError)")
    assert "ana@example.com" in (dirs.failed / "2026-01-01" / "export.csv.error.txt").read_text()


def test_an_io_error_while_writing_leaves_the_input_and_no_output(dirs, settings, monkeypatch):
    def disk_full(path, result, settings):
        path.write_bytes(b"half a workbook")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(publish, "write_workbook", disk_full)
    drop(dirs.inbox, "export.csv", export_text(ANA))
    ctx = context(dirs, settings)
    (job,) = plan(ready(dirs), ctx, read_manifest(ctx.manifest))

    with pytest.raises(OSError, match="No space"):
        score_job(job, ctx, settings)

    assert files_under(dirs.inbox) == ["export.csv"]
    assert files_under(dirs.outbox) == []
    assert read_manifest(ctx.manifest).height == 0


def test_returning_candidates_carry_their_score_change_into_the_outputs(dirs, settings):
    drop(dirs.inbox, "coders.csv", export_text(ANA, BO))
    night_1 = context(dirs, settings)
    (job,) = plan(ready(dirs), night_1, read_manifest(night_1.manifest))
    score_job(job, night_1, settings)
    better_bo = BO.replace(",1.5,,,90,", ",6,CPC,Yes,97,")
    drop(dirs.inbox, "coders.csv", export_text(better_bo, CY))
    night_2 = context(dirs, settings, NIGHT_2)
    (job,) = plan(ready(dirs), night_2, read_manifest(night_2.manifest))

    result = score_job(job, night_2, settings)

    assert (result.new, result.returning) == (1, 1)
    before = pl.read_parquet(dirs.outbox / "2026-01-01" / "coders-scored.parquet")
    after = pl.read_parquet(dirs.outbox / "2026-01-02" / "coders-scored.parquet")
    old_bo = before.filter(pl.col("email") == "bo@example.com").get_column("score").item()
    new_bo = after.filter(pl.col("email") == "bo@example.com")
    assert new_bo.get_column("history_status").item() == "returning"
    assert new_bo.get_column("previous_score").item() == old_bo
    assert new_bo.get_column("score_change").item() == pytest.approx(
        new_bo.get_column("score").item() - old_bo, abs=0.05
    )
    cy = after.filter(pl.col("full_name") == "Cy Ode")
    assert cy.select("history_status", "score_change").rows() == [("new", None)]


def test_clashing_output_names_go_to_a_hash_folder(dirs, settings):
    drop(dirs.inbox, "team.csv", export_text(ANA))
    drop(dirs.inbox, "team.xlsx", b"junk")
    ctx = context(dirs, settings)

    result = plan(ready(dirs), ctx, read_manifest(ctx.manifest))

    out = dirs.outbox / "2026-01-01"
    assert [job.out_dir for job in result] == [out, out / result[1].file.sha256[:12]]


def test_a_manifest_line_is_plain_json_per_input(dirs, settings):
    drop(dirs.inbox, "export.csv", export_text(ANA))
    ctx = context(dirs, settings)
    (job,) = plan(ready(dirs), ctx, read_manifest(ctx.manifest))
    score_job(job, ctx, settings)

    (line,) = ctx.manifest.read_text().splitlines()
    result = json.loads(line)

    assert result["sha256"] == job.file.sha256
    assert result["moved_to"] == str(dirs.archive / "2026-01-01" / "export.csv")
    assert result["candidates"] == 1


SAMPLES = Path(__file__).resolve().parents[2] / "data" / "samples"
# The Greenhouse and Bullhorn samples carry self-identification columns; the Lever one does not.
WITH_SELF_ID = ("greenhouse_medical_coder_ii.xlsx", "bullhorn_candidates.csv")
WITHOUT_SELF_ID = "lever_candidates.csv"


def score_samples(dirs: NightlyDirs, settings, names: tuple[str, ...], run: RunInfo) -> list:
    for name in names:
        drop(dirs.inbox, name, (SAMPLES / name).read_bytes())
    ctx = context(dirs, settings, run)
    return [
        score_job(job, ctx, settings) for job in plan(ready(dirs), ctx, read_manifest(ctx.manifest))
    ]


def test_a_nightly_outbox_holds_every_output_of_each_scored_file(dirs, settings):
    (greenhouse, lever) = score_samples(dirs, settings, (WITH_SELF_ID[0], WITHOUT_SELF_ID), NIGHT_1)

    assert files_under(dirs.outbox) == [
        "2026-01-01/greenhouse_medical_coder_ii-audit.parquet",
        "2026-01-01/greenhouse_medical_coder_ii-ranked.xlsx",
        "2026-01-01/greenhouse_medical_coder_ii-run.json",
        "2026-01-01/greenhouse_medical_coder_ii-scored.parquet",
        "2026-01-01/lever_candidates-ranked.xlsx",
        "2026-01-01/lever_candidates-run.json",
        "2026-01-01/lever_candidates-scored.parquet",
    ]
    assert list(greenhouse.outputs) == ["parquet", "audit", "run_record", "workbook"]
    assert list(lever.outputs) == ["parquet", "run_record", "workbook"]
    record = json.loads(Path(greenhouse.outputs["run_record"]).read_text(encoding="utf-8"))
    assert record["status"] == "scored"
    assert record["outputs"] == [Path(p).name for p in greenhouse.outputs.values()]
    assert record["audit_file"] == "greenhouse_medical_coder_ii-audit.parquet"
    assert record["rows"]["ranked"] == greenhouse.ranked


def test_coder_screen_audit_pools_the_runs_of_a_nightly_outbox(dirs, settings, tmp_path):
    from openpyxl import load_workbook
    from typer.testing import CliRunner

    from pipelines.cli import app

    first = score_samples(dirs, settings, (WITH_SELF_ID[0], WITHOUT_SELF_ID), NIGHT_1)
    second = score_samples(dirs, settings, (WITH_SELF_ID[1],), NIGHT_2)
    out = tmp_path / "annual.xlsx"

    run = CliRunner().invoke(app, ["audit", str(dirs.outbox), "--out", str(out)])

    assert run.exit_code == 0, run.output
    assert "3 runs pooled" in run.output
    runs = {row[0]: row for row in load_workbook(out)["Runs"].iter_rows(values_only=True)}
    assert {name: runs[name][4] for name in (*WITH_SELF_ID, WITHOUT_SELF_ID)} == {
        o.file: o.ranked for o in first + second
    }
    assert [runs[name][7] for name in (*WITH_SELF_ID, WITHOUT_SELF_ID)] == [
        "yes",
        "yes",
        "no: no protected columns",
    ]
    pooled = load_workbook(out)["Pooled fairness audit"]["A2"].value
    with_self_id = sum(o.ranked for o in first + second if o.file in WITH_SELF_ID)
    assert pooled.startswith(f"{with_self_id} ranked candidates")


def test_a_resume_bundle_beside_an_inbox_export_is_read_and_archived_with_it(dirs, settings):
    import zipfile

    drop(dirs.inbox, "export.csv", export_text(ANA, BO))
    bundle = dirs.inbox / "export-resumes.zip"
    with zipfile.ZipFile(bundle, "w") as archive:
        archive.writestr(
            "Bo Li - Resume.txt",
            "BO LI\nbo@example.com\nMEDICAL CODER 01/2020 to Current\nICD-10-CM, CPT, HIPAA",
        )
    ctx = context(dirs, settings)
    (job,) = plan(ready(dirs), ctx, read_manifest(ctx.manifest))

    result = score_job(job, ctx, settings)

    scored = pl.read_parquet(result.outputs["parquet"])
    assert scored.filter(pl.col("email") == "bo@example.com")["resume_file"].to_list() == [
        "Bo Li - Resume.txt"
    ]
    assert files_under(dirs.archive) == ["2026-01-01/export-resumes.zip", "2026-01-01/export.csv"]
    assert files_under(dirs.inbox) == []


def test_the_nightly_run_scores_with_its_own_date_and_no_profile(dirs, settings, monkeypatch):
    seen = []
    real = stages.screen_file

    def screen(path, settings, sheet=None, sources=None, profile=None, run_date=None):
        seen.append((profile, run_date))
        return real(path, settings, sheet, sources, profile=profile, run_date=run_date)

    monkeypatch.setattr(stages, "screen_file", screen)
    drop(dirs.inbox, "export.csv", export_text(ANA))
    ctx = context(dirs, settings)
    (job,) = plan(ready(dirs), ctx, read_manifest(ctx.manifest))

    result = score_job(job, ctx, settings)

    assert result.status == "scored"
    assert seen == [(None, date(2026, 1, 1))]
