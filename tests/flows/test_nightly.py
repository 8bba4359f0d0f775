"""The `nightly` flow against the session's Prefect test server."""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl
import pytest

from pipelines.ops.manifest import read_manifest
from tests.ops.exports import ANA, BLANK, BO, CY, drop, export_text

pytestmark = pytest.mark.flow

DATE = "2026-01-05"


def folders(root: Path) -> dict[str, str]:
    return {name: str(root / name) for name in ("inbox", "outbox", "archive", "failed", "state")}


def run_nightly(root: Path, **options) -> dict:
    from pipelines.flows.nightly import nightly

    return nightly(**folders(root), run_date=DATE, **options)


def files_under(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file())


def by_file(summary: dict) -> dict[str, str]:
    return {o["file"]: o["status"] for o in summary["files"]}


def test_a_broken_file_among_good_ones_and_a_file_still_being_written(prefect_harness, tmp_path):
    from prefect.artifacts import Artifact

    inbox = tmp_path / "inbox"
    drop(inbox, "monday.csv", export_text(ANA, BO, BLANK))
    drop(inbox, "tuesday.csv", export_text(CY))
    drop(inbox, "broken.xlsx", b"PK\x03\x04 truncated")
    drop(inbox, "copying.csv", export_text(ANA), age=0)
    drop(inbox, "notes.pdf", b"%PDF")

    result = run_nightly(tmp_path)

    assert by_file(result) == {
        "monday.csv": "scored",
        "tuesday.csv": "scored",
        "broken.xlsx": "failed",
        "copying.csv": "waiting",
    }
    assert files_under(tmp_path / "outbox") == [
        f"{DATE}/monday-ranked.xlsx",
        f"{DATE}/monday-run.json",
        f"{DATE}/monday-scored.parquet",
        f"{DATE}/tuesday-ranked.xlsx",
        f"{DATE}/tuesday-run.json",
        f"{DATE}/tuesday-scored.parquet",
    ]
    assert files_under(tmp_path / "archive") == [f"{DATE}/monday.csv", f"{DATE}/tuesday.csv"]
    assert files_under(tmp_path / "failed") == [
        f"{DATE}/broken.xlsx",
        f"{DATE}/broken.xlsx.error.txt",
    ]
    assert files_under(inbox) == ["copying.csv", "notes.pdf"]
    manifest = read_manifest(tmp_path / "state" / "manifest.jsonl").sort("file")
    assert manifest.select("file", "status").rows() == [
        ("broken.xlsx", "failed"),
        ("monday.csv", "scored"),
        ("tuesday.csv", "scored"),
    ]
    ranked = pl.read_parquet(tmp_path / "outbox" / DATE / "monday-scored.parquet")
    assert ranked.height == 2
    table = Artifact.get("nightly-summary-files")
    rows = json.loads(table.data) if isinstance(table.data, str) else table.data
    assert {row["file"]: row["outcome"] for row in rows} == by_file(result)
    assert "## Not scored" in Artifact.get("nightly-summary").data


def test_rerunning_the_night_and_dropping_the_same_file_twice_makes_nothing_new(
    prefect_harness, tmp_path
):
    inbox = tmp_path / "inbox"
    drop(inbox, "export.csv", export_text(ANA, BO))
    run_nightly(tmp_path)
    before = {p: p.stat().st_mtime_ns for p in (tmp_path / "outbox").rglob("*")}
    drop(inbox, "export-copy.csv", export_text(ANA, BO))

    again = run_nightly(tmp_path)
    empty = run_nightly(tmp_path)

    assert by_file(again) == {"export-copy.csv": "duplicate"}
    assert again["files"][0]["duplicate_of"] == "export.csv"
    assert {p: p.stat().st_mtime_ns for p in (tmp_path / "outbox").rglob("*")} == before
    assert empty["files"] == [] and empty["status"] == "done"
    assert files_under(inbox) == []


def test_inputs_map_over_a_local_dask_cluster(prefect_harness, tmp_path):
    from distributed import LocalCluster

    inbox = tmp_path / "inbox"
    for number, row in enumerate((ANA, BO, CY)):
        drop(inbox, f"export-{number}.csv", export_text(row))

    with LocalCluster(
        n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None
    ) as cluster:
        result = run_nightly(tmp_path, dask_address=cluster.scheduler_address)

    assert by_file(result) == {f"export-{n}.csv": "scored" for n in range(3)}
    assert len(list((tmp_path / "outbox" / DATE).glob("*-ranked.xlsx"))) == 3
    assert len(read_manifest(tmp_path / "state" / "manifest.jsonl")) == 3
