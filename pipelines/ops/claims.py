"""Exactly once across machines: advisory locks and claim, run and outcome rows in PostgreSQL.

A file's content (SHA-256) is claimed with a session advisory lock: held while one process scores
it, released the moment that process's connection closes (a killed worker, a dead machine after
the TCP keepalive), so no lease has to run out. The claims row records the durable part: scored
or failed, by which flow run, on which host, how many attempts.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import socket
from collections.abc import Iterator
from dataclasses import dataclass

from pipelines.ops import pg
from pipelines.screening.outcome import FileOutcome
from pipelines.settings.runtime import PoolConfig
from schemas.outcomes import OutcomeStatus

CLAIMED = "claimed"
SCHEMA_KEY = "schema"
STATE_KEY = "state"
RUN_KEY = "run"
FILE_KEY = "file"
FLOW_RUN_KEY = "flow-run"

SCHEMA = """
CREATE TABLE IF NOT EXISTS {p}_claims (
    sha256 text PRIMARY KEY,
    file text NOT NULL,
    state text NOT NULL,
    claimed_by text NOT NULL,
    host text NOT NULL,
    attempts integer NOT NULL DEFAULT 1,
    claimed_at timestamptz NOT NULL DEFAULT now(),
    finished_at timestamptz,
    reason text,
    moved_to text
);
CREATE TABLE IF NOT EXISTS {p}_runs (
    run_id text PRIMARY KEY,
    night_run text NOT NULL,
    host text NOT NULL,
    pid integer NOT NULL,
    started_at timestamptz NOT NULL DEFAULT now(),
    finished_at timestamptz
);
CREATE TABLE IF NOT EXISTS {p}_outcomes (
    night_run text NOT NULL,
    file text NOT NULL,
    sha256 text NOT NULL,
    outcome jsonb NOT NULL,
    recorded_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (night_run, file)
);
"""


def lock_key(kind: str, name: str) -> int:
    """A signed 64-bit advisory-lock key for `kind:name` (from its SHA-256)."""
    digest = hashlib.sha256(f"coder-screen:{kind}:{name}".encode()).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


@dataclass(frozen=True)
class Claim:
    """What claiming a content hash found: granted, busy (another live holder) or already done."""

    granted: bool
    busy: bool
    state: str
    file: str
    attempts: int
    before: str = ""  # the state recorded before this claim ("" for content never claimed)


class Coordinator:
    """The claims, runs and outcomes tables and the advisory locks, over one session."""

    def __init__(self, session: pg.Session, prefix: str) -> None:
        self.session = session
        self.prefix = prefix

    def ensure_schema(self) -> None:
        """Create the tables when missing (one process at a time)."""
        key = lock_key(SCHEMA_KEY, self.prefix)
        self.session.execute("SELECT pg_advisory_lock($1)", key)
        try:
            self.session.execute(SCHEMA.format(p=self.prefix))
        finally:
            self.session.execute("SELECT pg_advisory_unlock($1)", key)

    def try_lock(self, kind: str, name: str) -> bool:
        """Take a session advisory lock if it is free."""
        return bool(self.session.fetchval("SELECT pg_try_advisory_lock($1)", lock_key(kind, name)))

    def unlock(self, kind: str, name: str) -> None:
        """Release a session advisory lock this session holds."""
        self.session.execute("SELECT pg_advisory_unlock($1)", lock_key(kind, name))

    @contextlib.contextmanager
    def held(self, kind: str, name: str) -> Iterator[None]:
        """Hold an advisory lock for the block, waiting for it when another session holds it."""
        self.session.execute("SELECT pg_advisory_lock($1)", lock_key(kind, name))
        try:
            yield
        finally:
            self.unlock(kind, name)

    @contextlib.contextmanager
    def claimed(self, sha256: str, file: str, holder: str) -> Iterator[Claim]:
        """Claim a content hash for the block; busy when a live process holds it already."""
        if not self.try_lock(FILE_KEY, sha256):
            row = self._row(sha256)
            state, name = (row["state"], row["file"]) if row else (CLAIMED, "")
            yield Claim(False, True, state, name, 0)
            return
        try:
            yield self._take(sha256, file, holder)
        finally:
            self.unlock(FILE_KEY, sha256)

    def _row(self, sha256: str):
        return self.session.fetchrow(
            f"SELECT state, file, attempts FROM {self.prefix}_claims WHERE sha256 = $1", sha256
        )

    def _take(self, sha256: str, file: str, holder: str) -> Claim:
        """With the file lock held: done already, or a new attempt recorded as `claimed`."""
        row = self._row(sha256)
        if row is not None and row["state"] == OutcomeStatus.SCORED.value:
            return Claim(False, False, row["state"], row["file"], row["attempts"])
        attempts = self.session.fetchval(
            f"""INSERT INTO {self.prefix}_claims (sha256, file, state, claimed_by, host)
                VALUES ($1, $2, $3, $4, $5)
                ON CONFLICT (sha256) DO UPDATE SET file = EXCLUDED.file, state = EXCLUDED.state,
                    claimed_by = EXCLUDED.claimed_by, host = EXCLUDED.host,
                    attempts = {self.prefix}_claims.attempts + 1, claimed_at = now(),
                    finished_at = NULL, reason = NULL, moved_to = NULL
                RETURNING attempts""",
            sha256,
            file,
            CLAIMED,
            holder,
            socket.gethostname(),
        )
        return Claim(True, False, CLAIMED, file, attempts, row["state"] if row else "")

    def finish(self, outcome: FileOutcome) -> None:
        """Record how a claimed file ended (scored or failed), while its lock is still held."""
        self.session.execute(
            f"""UPDATE {self.prefix}_claims SET state = $2, finished_at = now(), reason = $3,
                moved_to = $4 WHERE sha256 = $1""",
            outcome.sha256,
            outcome.status.value,
            outcome.reason,
            outcome.moved_to,
        )

    def check_in(self, run_id: str, night_run: str) -> None:
        """A flow run of the pool starts: hold its liveness lock and record where it runs."""
        self.try_lock(FLOW_RUN_KEY, run_id)
        self.session.execute(
            f"""INSERT INTO {self.prefix}_runs (run_id, night_run, host, pid)
                VALUES ($1, $2, $3, $4)
                ON CONFLICT (run_id) DO UPDATE SET host = EXCLUDED.host, pid = EXCLUDED.pid,
                    started_at = now(), finished_at = NULL""",
            run_id,
            night_run,
            socket.gethostname(),
            os.getpid(),
        )

    def check_out(self, run_id: str) -> None:
        """The flow run is done with its files (before its Prefect state turns final)."""
        self.session.execute(
            f"UPDATE {self.prefix}_runs SET finished_at = now() WHERE run_id = $1", run_id
        )
        self.unlock(FLOW_RUN_KEY, run_id)

    def run_alive(self, run_id: str) -> bool | None:
        """True while the run's process holds its lock or has checked out; False when it checked
        in and its connection is gone (killed); None when it has not checked in yet."""
        row = self.session.fetchrow(
            f"SELECT finished_at FROM {self.prefix}_runs WHERE run_id = $1", run_id
        )
        if row is None:
            return None
        if row["finished_at"] is not None or not self.try_lock(FLOW_RUN_KEY, run_id):
            return True
        self.unlock(FLOW_RUN_KEY, run_id)
        return False

    def record_outcome(self, night_run: str, outcome: FileOutcome) -> None:
        """Keep a file's outcome for the nightly run that submitted it (its summary)."""
        self.session.execute(
            f"""INSERT INTO {self.prefix}_outcomes (night_run, file, sha256, outcome)
                VALUES ($1, $2, $3, $4::jsonb) ON CONFLICT (night_run, file)
                DO UPDATE SET sha256 = EXCLUDED.sha256, outcome = EXCLUDED.outcome,
                    recorded_at = now()""",
            night_run,
            outcome.file,
            outcome.sha256,
            json.dumps(outcome.as_dict()),
        )

    def outcomes(self, night_run: str) -> dict[str, FileOutcome]:
        """The outcomes recorded for a nightly run, by file name."""
        rows = self.session.fetch(
            f"SELECT file, outcome FROM {self.prefix}_outcomes WHERE night_run = $1", night_run
        )
        return {r["file"]: FileOutcome.from_dict(json.loads(r["outcome"])) for r in rows}


@contextlib.contextmanager
def connected(pool: PoolConfig, schema: bool = True) -> Iterator[Coordinator]:
    """A coordinator on a new session (tables created when missing); the session closes after."""
    with pg.Session(pg.database_url(pool), pool) as session:
        coordinator = Coordinator(session, pool.table_prefix)
        if schema:
            coordinator.ensure_schema()
        yield coordinator
