"""The scale-out tests: a real PostgreSQL server for the session; skip (or fail) without one."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from bench import postgres


@pytest.fixture(scope="session")
def pg_server() -> Iterator[postgres.Postgres]:
    """PostgreSQL on 127.0.0.1; skipped when absent unless $CODER_SCREEN_SCALEOUT is set."""
    reason = postgres.missing_reason()
    if reason:
        if os.environ.get(postgres.REQUIRED):
            pytest.fail(f"{postgres.REQUIRED} is set but {reason}")
        pytest.skip(reason)
    with postgres.running() as server:
        yield server
