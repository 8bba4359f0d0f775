"""The run lock: exclusive, released by its owner only, taken over when stale."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time

import pytest

from pipelines.ops.locks import (
    LockHeld,
    LockOwner,
    acquire,
    is_stale,
    read_owner,
    release,
    run_lock,
    this_process,
)

STALE_SECONDS = 3600.0


def dead_pid() -> int:
    """The id of a process that has exited (and been reaped)."""
    child = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    return int(child.stdout)


def test_a_second_run_is_refused_while_the_first_holds_the_lock(tmp_path):
    path = tmp_path / "nightly.lock"
    first = this_process("run-1", time.time())
    second = this_process("run-2", time.time())

    with run_lock(path, first, STALE_SECONDS) as replaced:
        assert replaced is None
        assert read_owner(path) == first
        with pytest.raises(LockHeld, match="run run-1"), run_lock(path, second, STALE_SECONDS):
            pass
        assert read_owner(path) == first

    assert not path.exists()


def test_a_lock_whose_process_died_is_taken_over(tmp_path):
    path = tmp_path / "nightly.lock"
    crashed = LockOwner("run-1", dead_pid(), socket.gethostname(), time.time())
    acquire(path, crashed, STALE_SECONDS)
    me = this_process("run-2", time.time())

    result = acquire(path, me, STALE_SECONDS)

    assert result == crashed
    assert read_owner(path) == me


def test_staleness_by_age_by_dead_process_and_by_garbage():
    now = time.time()
    host = socket.gethostname()
    alive = LockOwner("r", os.getpid(), host, now)

    assert not is_stale(alive, now, STALE_SECONDS, host)
    assert is_stale(alive, now + STALE_SECONDS + 1, STALE_SECONDS, host)
    assert is_stale(LockOwner("r", dead_pid(), host, now), now, STALE_SECONDS, host)
    assert not is_stale(LockOwner("r", dead_pid(), "other-host", now), now, STALE_SECONDS, host)
    assert is_stale(None, now, STALE_SECONDS, host)


def test_an_unreadable_lock_file_is_stale_and_replaced(tmp_path):
    path = tmp_path / "nightly.lock"
    path.write_text("")
    me = this_process("run-2", time.time())

    result = acquire(path, me, STALE_SECONDS)

    assert result is not None and result.run_id == "unknown"
    assert read_owner(path) == me


def test_release_never_removes_another_owners_lock(tmp_path):
    path = tmp_path / "nightly.lock"
    holder = this_process("run-1", time.time())
    acquire(path, holder, STALE_SECONDS)

    result = release(path, this_process("run-2", time.time()))

    assert result is False
    assert read_owner(path) == holder
