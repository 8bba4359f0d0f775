"""Child process groups of the integration tests and benchmarks (a server, workers)."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import time
from collections.abc import Callable
from typing import Any


def free_port() -> int:
    """A TCP port on 127.0.0.1 nothing listens on now (bound, then released)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def stop_group(process: subprocess.Popen, limit_seconds: float) -> None:
    """Interrupt a process group, then kill it if it has not stopped within `limit_seconds`."""
    if process.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGINT)
    try:
        process.wait(timeout=limit_seconds)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def poll_until(
    check: Callable[[], Any], limit_seconds: float, every_seconds: float, ignored: type = OSError
) -> Any:
    """Call `check` until it returns something other than None (errors of type `ignored` count
    as not yet); None when `limit_seconds` passed without an answer (never hangs)."""
    deadline = time.monotonic() + limit_seconds
    while time.monotonic() < deadline:
        with contextlib.suppress(ignored):
            value = check()
            if value is not None:
                return value
        time.sleep(every_seconds)
    return None
