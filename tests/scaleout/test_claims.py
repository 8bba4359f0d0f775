"""Claims in a real PostgreSQL: one holder per content, released when its process dies."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pipelines.ops import claims
from pipelines.ops.coordination import nightly_lock, state_guard
from pipelines.ops.locks import LockHeld, this_process
from pipelines.screening.outcome import FileOutcome
from pipelines.settings import load_settings
from schemas.outcomes import OutcomeStatus

pytestmark = pytest.mark.scaleout

REPO = Path(__file__).resolve().parents[2]
SHA = "a" * 64
LIMIT_SECONDS = 60

# Claims SHA in its own process, says so, then waits to be killed.
HOLDER = """
import sys, time
from pipelines.ops import claims
from pipelines.settings import load_settings
pool = load_settings().runtime.nightly.pool
with claims.connected(pool) as db:
    db.check_in("killed-run", "night-1")
    with db.claimed(sys.argv[1], "held.csv", "killed-run") as claim:
        assert claim.granted
        print("held", flush=True)
        time.sleep(600)
"""


@pytest.fixture
def night(pg_server, monkeypatch):
    monkeypatch.setenv("CODER_SCREEN_DATABASE_URL", pg_server.url())
    night = load_settings(REPO / "config").runtime.nightly
    night = night.model_copy(update={"coordination": "postgres"})
    with claims.connected(night.pool) as db:
        for table in ("claims", "runs", "outcomes"):
            db.session.execute(f"TRUNCATE {night.pool.table_prefix}_{table}")
    return night


def test_one_holder_per_content_and_scored_content_is_never_granted_again(night):
    with claims.connected(night.pool) as first, claims.connected(night.pool) as second:
        with first.claimed(SHA, "a.csv", "run-1") as mine:
            with second.claimed(SHA, "b.csv", "run-2") as theirs:
                assert (mine.granted, theirs.granted, theirs.busy) == (True, False, True)
            first.finish(FileOutcome(file="a.csv", sha256=SHA, status=OutcomeStatus.SCORED))

        with second.claimed(SHA, "b.csv", "run-2") as later:
            assert (later.granted, later.busy, later.state, later.file) == (
                False,
                False,
                "scored",
                "a.csv",
            )


def test_failed_content_can_be_claimed_again(night):
    with claims.connected(night.pool) as db:
        with db.claimed(SHA, "a.csv", "run-1") as claim:
            db.finish(FileOutcome(file="a.csv", sha256=SHA, status=OutcomeStatus.FAILED))
        with db.claimed(SHA, "a.csv", "run-2") as again:
            assert (claim.attempts, again.granted, again.attempts, again.before) == (
                1,
                True,
                2,
                "failed",
            )


def test_a_killed_holder_releases_its_claim_at_once(night, pg_server):
    env = os.environ | {"CODER_SCREEN_DATABASE_URL": pg_server.url(), "PYTHONPATH": str(REPO)}
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, SHA], env=env, stdout=subprocess.PIPE, text=True, cwd=REPO
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        with claims.connected(night.pool) as db:
            with db.claimed(SHA, "held.csv", "run-2") as busy:
                assert busy.busy
            assert db.run_alive("killed-run") is True
            holder.send_signal(signal.SIGKILL)
            holder.wait()
            deadline = time.monotonic() + LIMIT_SECONDS
            while db.run_alive("killed-run") and time.monotonic() < deadline:
                time.sleep(0.2)

            with db.claimed(SHA, "held.csv", "run-2") as result:
                assert (result.granted, result.attempts) == (True, 2)
            assert db.run_alive("killed-run") is False
            assert db.run_alive("never-started") is None
    finally:
        holder.kill()
        holder.wait()


def test_one_nightly_run_per_state_folder_and_the_state_lock_waits(night, tmp_path):
    owner = this_process("run-1", time.time())
    with nightly_lock(night, tmp_path, owner) as replaced:
        assert replaced is None
        with pytest.raises(LockHeld), nightly_lock(night, tmp_path, owner):
            pass
        with state_guard(night, tmp_path):
            pass
    with nightly_lock(night, tmp_path, owner):
        pass


def test_outcomes_are_kept_per_nightly_run(night):
    outcome = FileOutcome(file="a.csv", sha256=SHA, status=OutcomeStatus.SCORED, ranked=3)
    with claims.connected(night.pool) as db:
        db.record_outcome("night-1", outcome)
        db.record_outcome("night-1", outcome)

        result = db.outcomes("night-1")

        assert result == {"a.csv": outcome}
        assert db.outcomes("night-2") == {}
