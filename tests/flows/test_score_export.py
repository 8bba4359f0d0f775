"""The `score-export` flow end to end against a Prefect test server."""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from pipelines.screening.stages import screen_file

pytestmark = pytest.mark.flow

CSV = """Candidate Name,Email Address,Years of Experience,Certifications,HIPAA Training,\
Coding Accuracy,Resume Text
Ana Diaz,ana@example.com,7 years,CPC,Yes,98%,Supervised team of 5 medical coders; ICD-10 and CPT
Bo Li,bo@example.com,1.5,None,,90,Basic medical terminology
Bo Li,BO@example.com,2,,,,
,,,,,,
Total candidates: 3,,,,,,
"""


@pytest.fixture
def export(tmp_path: Path) -> Path:
    path = tmp_path / "in" / "export.csv"
    path.parent.mkdir()
    path.write_text(CSV, encoding="utf-8")
    return path


def test_flow_writes_outputs_and_accounts_for_every_row(
    prefect_harness, export, tmp_path, settings
):
    from pipelines.flows.score_export import score_export

    out = tmp_path / "out"
    summary = score_export(input_path=str(export), out_dir=str(out))

    assert summary["status"] == "scored"
    assert (
        summary["ranked"],
        summary["rejected"],
        summary["duplicates"],
        summary["blank_rows"],
    ) == (
        2,
        1,
        1,
        1,
    )
    assert summary["rows_read"] == 5
    assert Path(summary["outputs"]["workbook"]) == out / "export-ranked.xlsx"
    assert (out / "export-ranked.xlsx").stat().st_size > 0
    result = pl.read_parquet(out / "export-scored.parquet")
    expected = screen_file(export, settings).scored
    assert_frame_equal(result, expected)
    assert sorted(p.name for p in out.rglob("*")) == [
        "export-ranked.xlsx",
        "export-run.json",
        "export-scored.parquet",
    ]


def test_an_ad_hoc_run_publishes_the_nightly_artifacts(prefect_harness, export, tmp_path):
    from prefect.artifacts import Artifact

    from pipelines.flows.score_export import ARTIFACT_KEY, score_export

    summary = score_export(input_path=str(export), out_dir=str(tmp_path / "out"))

    table = Artifact.get(f"{ARTIFACT_KEY}-files")
    rows = json.loads(table.data) if isinstance(table.data, str) else table.data
    assert [(row["file"], row["outcome"], row["candidates"]) for row in rows] == [
        ("export.csv", "scored", summary["ranked"])
    ]
    assert rows[0]["outputs"].split() == list(summary["outputs"].values())
    markdown = Artifact.get(ARTIFACT_KEY).data
    assert markdown.startswith("# Scored `export.csv`")
    assert "| scored | 1 |" in markdown and "| refused | 0 |" in markdown


def test_flow_refuses_an_unreadable_file_without_failing(prefect_harness, tmp_path):
    from pipelines.flows.score_export import score_export

    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"this is not a workbook")

    summary = score_export(input_path=str(broken), out_dir=str(tmp_path / "out"))

    assert summary["status"] == "refused"
    assert summary["file"] == "broken.xlsx"
    assert summary["reason"]
    assert not (tmp_path / "out").exists()
