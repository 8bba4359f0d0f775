"""A throw-away PostgreSQL server from the Debian packages: initdb in a temp folder, 127.0.0.1."""

from __future__ import annotations

import contextlib
import glob
import os
import pwd
import secrets
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from pipelines.devtools.processes import free_port

REQUIRED = "CODER_SCREEN_SCALEOUT"
# Run as this user when the tests run as root (PostgreSQL refuses to run as root).
SERVER_USER = "postgres"
DB_USER = "coder_screen"
START_LIMIT_SECONDS = 60


@dataclass(frozen=True)
class Postgres:
    """A running server: where it listens and how to reach it."""

    port: int
    password: str
    data: Path

    def url(self, database: str = "postgres", driver: str = "postgresql") -> str:
        """postgresql://user:password@127.0.0.1:port/database (or another driver's scheme)."""
        return f"{driver}://{DB_USER}:{self.password}@127.0.0.1:{self.port}/{database}"


def binaries() -> Path | None:
    """The folder holding initdb and pg_ctl (newest Debian version), or None when absent."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def missing_reason() -> str | None:
    """Why the scale-out tests cannot run here (None when they can)."""
    if binaries() is None:
        return "PostgreSQL binaries (initdb, pg_ctl) are not installed: apt-get install postgresql"
    if os.geteuid() == 0:
        try:
            pwd.getpwnam(SERVER_USER)
        except KeyError:
            return f"running as root and there is no {SERVER_USER!r} user to run PostgreSQL"
    return None


def _as_server_user(command: list[str]) -> list[str]:
    """The command, run as the unprivileged server user when we are root."""
    return ["runuser", "-u", SERVER_USER, "--", *command] if os.geteuid() == 0 else command


@contextlib.contextmanager
def running() -> Iterator[Postgres]:
    """initdb into a new temp folder, start on a free port of 127.0.0.1, stop and delete after."""
    bin_dir = binaries()
    assert bin_dir is not None
    root = Path(tempfile.mkdtemp(prefix="coder-screen-pg-"))
    data, password = root / "data", secrets.token_hex(16)
    (root / "pw").write_text(password)
    if os.geteuid() == 0:
        shutil.chown(root, SERVER_USER)
        shutil.chown(root / "pw", SERVER_USER)
    port = free_port()
    options = f"-c listen_addresses=127.0.0.1 -p {port} -c unix_socket_directories={root}"
    try:
        subprocess.run(
            _as_server_user(
                [
                    str(bin_dir / "initdb"),
                    "-D",
                    str(data),
                    "-U",
                    DB_USER,
                    "--auth=scram-sha-256",
                    f"--pwfile={root / 'pw'}",
                    "--no-sync",
                ]
            ),
            check=True,
            capture_output=True,
        )
        subprocess.run(
            _as_server_user(
                [
                    str(bin_dir / "pg_ctl"),
                    "-D",
                    str(data),
                    "-o",
                    options + " -c fsync=off -c max_connections=200",
                    "-l",
                    str(root / "server.log"),
                    "-w",
                    "-t",
                    str(START_LIMIT_SECONDS),
                    "start",
                ]
            ),
            check=True,
            capture_output=True,
        )
        yield Postgres(port=port, password=password, data=data)
    finally:
        subprocess.run(
            _as_server_user([str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"]),
            capture_output=True,
            check=False,
        )
        shutil.rmtree(root, ignore_errors=True)
