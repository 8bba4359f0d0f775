"""Locks: the run lock (O_EXCL file, stale when its process died or it is too old) and a flock."""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import socket
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path


class LockHeld(Exception):
    """Another live run holds the run lock."""

    def __init__(self, holder: LockOwner) -> None:
        self.holder = holder
        super().__init__(
            f"another run holds the lock (run {holder.run_id}, pid {holder.pid} on "
            f"{holder.host}, since {holder.acquired:.0f})"
        )


@dataclass(frozen=True)
class LockOwner:
    """Who holds the run lock: run id, process id, host and acquisition time (epoch s)."""

    run_id: str
    pid: int
    host: str
    acquired: float


def this_process(run_id: str, now: float) -> LockOwner:
    """A lock owner for the current process."""
    return LockOwner(run_id=run_id, pid=os.getpid(), host=socket.gethostname(), acquired=now)


@contextlib.contextmanager
def exclusive(path: Path) -> Iterator[None]:
    """Hold an exclusive `flock` on `path` (created if needed); blocks until it is free."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


def read_owner(path: Path) -> LockOwner | None:
    """The owner recorded in a lock file; None when it is missing, empty or unreadable."""
    try:
        return LockOwner(**json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError, TypeError):
        return None


def process_alive(pid: int) -> bool:
    """Whether a process with this id exists on this host."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def is_stale(owner: LockOwner | None, now: float, stale_seconds: float, host: str) -> bool:
    """A lock is stale when unreadable, older than `stale_seconds`, or its local process died."""
    if owner is None or now - owner.acquired > stale_seconds:
        return True
    return owner.host == host and not process_alive(owner.pid)


def _create(path: Path, owner: LockOwner) -> None:
    """Create the lock file exclusively and write the owner into it (FileExistsError if taken)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    try:
        os.write(fd, json.dumps(asdict(owner)).encode("utf-8"))
        os.fsync(fd)
    finally:
        os.close(fd)


def acquire(path: Path, owner: LockOwner, stale_seconds: float) -> LockOwner | None:
    """Take the run lock; return the stale owner it replaced, raise LockHeld if it is live."""
    path.parent.mkdir(parents=True, exist_ok=True)
    guard = path.with_name(path.name + ".guard")
    with exclusive(guard):
        try:
            _create(path, owner)
            return None
        except FileExistsError:
            previous = read_owner(path)
            if not is_stale(previous, owner.acquired, stale_seconds, owner.host):
                raise LockHeld(previous) from None
            path.unlink(missing_ok=True)
            _create(path, owner)
            return previous or LockOwner(run_id="unknown", pid=0, host="", acquired=0.0)


def release(path: Path, owner: LockOwner) -> bool:
    """Remove the run lock if `owner` still holds it; return whether it was removed."""
    guard = path.with_name(path.name + ".guard")
    with exclusive(guard):
        if read_owner(path) != owner:
            return False
        path.unlink(missing_ok=True)
        return True


@contextlib.contextmanager
def run_lock(path: Path, owner: LockOwner, stale_seconds: float) -> Iterator[LockOwner | None]:
    """Hold the run lock for the block; yields the stale owner that was replaced, if any."""
    replaced = acquire(path, owner, stale_seconds)
    try:
        yield replaced
    finally:
        release(path, owner)
