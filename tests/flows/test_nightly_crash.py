"""A run killed while writing a workbook: overlapping runs are refused, the next run recovers."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pipelines.ops.locks import read_owner
from pipelines.ops.manifest import read_manifest
from tests.ops.exports import ANA, BO, drop, export_text

pytestmark = pytest.mark.flow

DATE = "2026-01-05"
STARTUP_LIMIT_SECONDS = 180
POLL_SECONDS = 0.2
FOLDERS = ("inbox", "outbox", "archive", "failed", "state")

# Runs the real nightly flow, except that the workbook writer stops half-way and hangs.
HANGING_RUN = """
import sys, time
from pathlib import Path
import pipelines.screening.publish as publish
from pipelines.atomic import atomic_target

root, marker, date, folders = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3], sys.argv[4:]

def hang(path, result, settings):
    with atomic_target(path) as temp:
        temp.write_bytes(b"PK\\x03\\x04 half a workbook")
        marker.write_text("writing")
        time.sleep(600)
    return path

publish.write_workbook = hang
from pipelines.flows.nightly import nightly
nightly(**{name: str(root / name) for name in folders}, run_date=date)
"""


def run_nightly(root: Path) -> dict:
    from pipelines.flows.nightly import nightly

    return nightly(**{name: str(root / name) for name in FOLDERS}, run_date=DATE)


def wait_for(marker: Path, process: subprocess.Popen) -> None:
    """Until the hanging run is mid-write; fail (never hang) if it dies or takes too long."""
    deadline = time.monotonic() + STARTUP_LIMIT_SECONDS
    while not marker.exists():
        if process.poll() is not None:
            pytest.fail(f"the run exited early:\n{process.stderr.read()[-3000:]}")
        if time.monotonic() > deadline:
            pytest.fail("the run did not reach the workbook write in time")
        time.sleep(POLL_SECONDS)


def test_a_kill_mid_write_leaves_the_input_and_no_output_and_overlaps_are_refused(
    prefect_harness, tmp_path
):
    from prefect.settings import PREFECT_API_URL

    inbox = tmp_path / "inbox"
    drop(inbox, "export.csv", export_text(ANA, BO))
    marker = tmp_path / "writing"
    env = os.environ | {"PREFECT_API_URL": PREFECT_API_URL.value()}
    process = subprocess.Popen(
        [sys.executable, "-c", HANGING_RUN, str(tmp_path), str(marker), DATE, *FOLDERS],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        wait_for(marker, process)
        overlapping = run_nightly(tmp_path)
        assert overlapping["status"] == "skipped"
        assert read_owner(tmp_path / "state" / "nightly.lock").pid == process.pid
    finally:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()

    outbox = tmp_path / "outbox"
    assert list(inbox.iterdir()) == [inbox / "export.csv"]
    assert not list(outbox.rglob("*-ranked.xlsx"))
    assert list(outbox.rglob(".*.part")), "the kill did not happen mid-write"
    assert read_manifest(tmp_path / "state" / "manifest.jsonl").height == 0

    result = run_nightly(tmp_path)

    assert [(o["file"], o["status"]) for o in result["files"]] == [("export.csv", "scored")]
    assert sorted(p.name for p in (outbox / DATE).iterdir()) == [
        "export-ranked.xlsx",
        "export-run.json",
        "export-scored.parquet",
    ]
    assert list(inbox.iterdir()) == []
    assert (tmp_path / "archive" / DATE / "export.csv").exists()
    assert not (tmp_path / "state" / "nightly.lock").exists()
