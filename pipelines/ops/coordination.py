"""The run lock and the state lock: files on one machine, PostgreSQL across several."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

from pipelines.ops import claims
from pipelines.ops.locks import LockHeld, LockOwner, exclusive, run_lock
from pipelines.settings.runtime import NightlyConfig

POSTGRES = "postgres"


class DatabaseLockHeld(LockHeld):
    """Another live nightly run holds the run lock in PostgreSQL."""

    def __init__(self, owner: LockOwner) -> None:
        self.holder = owner
        Exception.__init__(self, "another run holds the lock (PostgreSQL advisory lock)")


@contextlib.contextmanager
def state_guard(night: NightlyConfig, state_dir: Path) -> Iterator[None]:
    """Serialise manifest and history updates: a flock, or an advisory lock in PostgreSQL."""
    if night.coordination != POSTGRES:
        with exclusive(state_dir / night.state_files.state_lock):
            yield
        return
    with (
        claims.connected(night.pool, schema=False) as db,
        db.held(claims.STATE_KEY, str(state_dir)),
    ):
        yield


@contextlib.contextmanager
def nightly_lock(
    night: NightlyConfig, state_dir: Path, owner: LockOwner
) -> Iterator[LockOwner | None]:
    """One nightly run per state folder. File: `state/nightly.lock` (O_EXCL, stale when its
    process died). PostgreSQL: an advisory lock the database drops with the run's connection."""
    if night.coordination != POSTGRES:
        with run_lock(state_dir / night.state_files.lock, owner, night.lock_stale_seconds) as old:
            yield old
        return
    with claims.connected(night.pool) as db:
        if not db.try_lock(claims.RUN_KEY, str(state_dir)):
            raise DatabaseLockHeld(owner)
        try:
            yield None
        finally:
            db.unlock(claims.RUN_KEY, str(state_dir))
