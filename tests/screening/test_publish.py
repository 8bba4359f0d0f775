"""The one output path: every output of a run staged, then moved in as a set, workbook last."""

from __future__ import annotations

import dataclasses
import json
import os
from pathlib import Path

import pytest

from pipelines.screening import publish as publishing
from pipelines.screening.publish import OUTPUTS, output_path, publish
from pipelines.screening.stages import screen_file

SAMPLE = Path(__file__).resolve().parents[2] / "data" / "samples"
GREENHOUSE = SAMPLE / "greenhouse_medical_coder_ii.xlsx"  # has self-identification columns
STEM = GREENHOUSE.stem
FULL_SET = [
    f"{STEM}-audit.parquet",
    f"{STEM}-ranked.xlsx",
    f"{STEM}-run.json",
    f"{STEM}-scored.parquet",
]


@pytest.fixture(scope="module")
def result(settings):
    return screen_file(GREENHOUSE, settings)


def contents(folder: Path) -> dict[str, bytes]:
    """Every file below `folder` (staging folders included), by relative path."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def crash(*args, **kwargs):
    raise OSError(28, "No space left on device")


def test_every_output_lands_beside_the_workbook_and_nothing_else(result, settings, tmp_path):
    paths = publish(result, tmp_path, settings)

    assert sorted(contents(tmp_path)) == FULL_SET
    assert list(paths) == ["parquet", "audit", "run_record", "workbook"]
    assert paths["workbook"] == output_path(result.meta.source_file, tmp_path, "workbook")
    record = json.loads(paths["run_record"].read_text(encoding="utf-8"))
    assert record["outputs"] == [p.name for p in paths.values()]


def test_the_workbook_is_written_and_moved_last():
    assert OUTPUTS[-1].key == "workbook"


@pytest.mark.parametrize("writer", ["write_parquet", "write_run_record", "write_workbook"])
def test_a_crash_while_writing_a_first_run_leaves_nothing(
    result, settings, tmp_path, monkeypatch, writer
):
    monkeypatch.setattr(publishing, writer, crash)

    with pytest.raises(OSError, match="No space"):
        publish(result, tmp_path, settings)

    assert contents(tmp_path) == {}


@pytest.mark.parametrize("writer", ["write_result_audit", "write_workbook"])
def test_a_crash_while_writing_a_rerun_leaves_the_previous_set(
    result, settings, tmp_path, monkeypatch, writer
):
    publish(result, tmp_path, settings)
    previous = contents(tmp_path)
    monkeypatch.setattr(publishing, writer, crash)

    with pytest.raises(OSError, match="No space"):
        publish(result, tmp_path, settings)

    assert contents(tmp_path) == previous


def fail_moving_the_workbook_in(monkeypatch, settings, out_dir: Path):
    """Make the rename of the staged workbook into place fail, after the others moved in."""
    real = os.replace

    def replace(source, target):
        staged = Path(source).parent.name.startswith(settings.runtime.nightly.staging_prefix)
        if staged and Path(target).parent == out_dir and Path(target).name.endswith("ranked.xlsx"):
            raise OSError(5, "Input/output error")
        real(source, target)

    monkeypatch.setattr(publishing.os, "replace", replace)


def test_a_crash_while_moving_in_restores_the_previous_set(result, settings, tmp_path, monkeypatch):
    publish(result, tmp_path, settings)
    previous = contents(tmp_path)
    fail_moving_the_workbook_in(monkeypatch, settings, tmp_path)

    with pytest.raises(OSError, match="Input/output"):
        publish(result, tmp_path, settings)

    assert contents(tmp_path) == previous


def test_a_crash_while_moving_in_a_first_run_leaves_nothing(
    result, settings, tmp_path, monkeypatch
):
    fail_moving_the_workbook_in(monkeypatch, settings, tmp_path)

    with pytest.raises(OSError, match="Input/output"):
        publish(result, tmp_path, settings)

    assert contents(tmp_path) == {}


def test_a_rerun_without_self_identification_drops_the_old_audit(result, settings, tmp_path):
    publish(result, tmp_path, settings)
    without = dataclasses.replace(result, protected=result.protected.select("source_row"))

    paths = publish(without, tmp_path, settings)

    assert sorted(contents(tmp_path)) == [n for n in FULL_SET if not n.endswith("audit.parquet")]
    assert "audit" not in paths


def test_a_staging_folder_left_by_a_killed_run_of_the_same_input_is_replaced(
    result, settings, tmp_path
):
    stale = publishing.staging_dir(tmp_path, result, settings)
    stale.mkdir()
    (stale / f".{STEM}-ranked.abc.xlsx.part").write_bytes(b"half")

    publish(result, tmp_path, settings)

    assert sorted(contents(tmp_path)) == FULL_SET
