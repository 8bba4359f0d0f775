"""PostgreSQL from synchronous code: asyncpg connections driven by one private event loop."""

from __future__ import annotations

import asyncio
import os
import threading
import time
from collections.abc import Coroutine, Mapping
from typing import Any, TypeVar

import asyncpg

from pipelines.settings.runtime import PoolConfig

T = TypeVar("T")
RETRY_PAUSE_SECONDS = 2.0
# Errors that mean "the database is not there (yet)": worth waiting for, not worth failing on.
UNAVAILABLE = (
    OSError,
    TimeoutError,
    asyncpg.CannotConnectNowError,
    asyncpg.PostgresConnectionError,
)

_lock = threading.Lock()
_loop: asyncio.AbstractEventLoop | None = None


class DatabaseUnset(Exception):
    """The environment variable that should hold the PostgreSQL URL is not set."""


class DatabaseDown(Exception):
    """PostgreSQL did not answer within the configured retry time."""


def _running_loop() -> asyncio.AbstractEventLoop:
    """This process's private event loop (a daemon thread), started on first use."""
    global _loop
    with _lock:
        if _loop is None or _loop.is_closed():
            _loop = asyncio.new_event_loop()
            threading.Thread(target=_loop.run_forever, name="coder-screen-pg", daemon=True).start()
        return _loop


def run(coro: Coroutine[Any, Any, T]) -> T:
    """Run a coroutine on the private loop and wait for its result (callable from any thread)."""
    return asyncio.run_coroutine_threadsafe(coro, _running_loop()).result()


def database_url(pool: PoolConfig, environ: Mapping[str, str] | None = None) -> str:
    """The PostgreSQL URL from `pool.database_url_env`; DatabaseUnset when it is missing."""
    env = os.environ if environ is None else environ
    url = env.get(pool.database_url_env, "").strip()
    if not url:
        raise DatabaseUnset(
            f'coordination = "postgres" needs ${pool.database_url_env} '
            "(postgresql://user:password@host:port/database)"
        )
    # SQLAlchemy-style URLs (as in PREFECT_API_DATABASE_CONNECTION_URL) work too.
    return url.replace("postgresql+asyncpg://", "postgresql://", 1)


class Session:
    """One connection: its advisory locks last exactly as long as it (or its process) does."""

    def __init__(self, url: str, pool: PoolConfig) -> None:
        self._conn = _connect(url, pool)

    def execute(self, sql: str, *args: object) -> str:
        """Run a statement."""
        return run(self._conn.execute(sql, *args))

    def fetch(self, sql: str, *args: object) -> list[asyncpg.Record]:
        """Run a query, every row."""
        return run(self._conn.fetch(sql, *args))

    def fetchrow(self, sql: str, *args: object) -> asyncpg.Record | None:
        """Run a query, the first row (None when there is none)."""
        return run(self._conn.fetchrow(sql, *args))

    def fetchval(self, sql: str, *args: object) -> Any:
        """Run a query, the first column of the first row."""
        return run(self._conn.fetchval(sql, *args))

    def close(self) -> None:
        """Close the connection (releasing its advisory locks); never raises."""
        try:
            run(self._conn.close(timeout=5))
        except Exception:
            run(_terminate(self._conn))

    def __enter__(self) -> Session:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


async def _terminate(conn: asyncpg.Connection) -> None:
    """Drop a connection that would not close politely."""
    conn.terminate()


def _connect(url: str, pool: PoolConfig) -> asyncpg.Connection:
    """Connect, retrying while the database is unreachable for up to `db_retry_seconds`."""
    keepalive = str(pool.keepalive_seconds)
    # A dead machine's connection (and so its locks) is dropped after about 2x keepalive_seconds.
    server_settings = {
        "application_name": "coder-screen",
        "tcp_keepalives_idle": keepalive,
        "tcp_keepalives_interval": str(max(1, pool.keepalive_seconds // 3)),
        "tcp_keepalives_count": "3",
    }
    deadline = time.monotonic() + pool.db_retry_seconds
    while True:
        try:
            return run(
                asyncpg.connect(
                    url, timeout=pool.connect_timeout_seconds, server_settings=server_settings
                )
            )
        except UNAVAILABLE as exc:
            if time.monotonic() >= deadline:
                raise DatabaseDown(
                    f"PostgreSQL did not answer for {pool.db_retry_seconds:g} s "
                    f"({type(exc).__name__})"
                ) from exc
            time.sleep(RETRY_PAUSE_SECONDS)
