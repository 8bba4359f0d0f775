"""Sweep the inbox: exports that are complete (settled, unchanged while hashed) and their hashes."""

from __future__ import annotations

import fnmatch
import os
from dataclasses import dataclass
from pathlib import Path

from pipelines.settings.base import file_sha256

NANOS = 1_000_000_000


@dataclass(frozen=True)
class InboxFile:
    """A candidate file in the inbox, as last seen by `stat`."""

    path: Path
    size: int
    mtime_ns: int


@dataclass(frozen=True)
class ReadyFile:
    """A settled export with the SHA-256 of exactly the bytes that will be read."""

    path: Path
    size: int
    sha256: str

    @property
    def name(self) -> str:
        """The file name (safe to log)."""
        return self.path.name


@dataclass(frozen=True)
class Sweep:
    """Ready exports (by name) and the names left for the next run because still being written."""

    ready: list[ReadyFile]
    waiting: list[str]


def wanted(name: str, patterns: list[str], ignore: list[str]) -> bool:
    """Whether a file name matches an export pattern and no ignore pattern (case-insensitive)."""
    folded = name.lower()
    if any(fnmatch.fnmatchcase(folded, pattern.lower()) for pattern in ignore):
        return False
    return any(fnmatch.fnmatchcase(folded, pattern.lower()) for pattern in patterns)


def list_inbox(inbox: Path, patterns: list[str], ignore: list[str]) -> list[InboxFile]:
    """Regular files directly in `inbox` that look like exports, sorted by name."""
    if not inbox.is_dir():
        return []
    found = []
    with os.scandir(inbox) as entries:
        for entry in entries:
            if entry.is_file(follow_symlinks=False) and wanted(entry.name, patterns, ignore):
                info = entry.stat(follow_symlinks=False)
                found.append(InboxFile(Path(entry.path), info.st_size, info.st_mtime_ns))
    return sorted(found, key=lambda f: f.path.name)


def settled(file: InboxFile, now: float, settle_seconds: float) -> bool:
    """Whether the file was last modified at least `settle_seconds` before `now` (epoch s)."""
    return now - file.mtime_ns / NANOS >= settle_seconds


def fingerprint(file: InboxFile) -> ReadyFile | None:
    """Hash the file; None when it changed since it was listed or while it was hashed."""
    try:
        digest = file_sha256(file.path)
        after = file.path.stat()
    except FileNotFoundError:
        return None
    if (after.st_size, after.st_mtime_ns) != (file.size, file.mtime_ns):
        return None
    return ReadyFile(path=file.path, size=file.size, sha256=digest)


def sweep(
    inbox: Path, patterns: list[str], ignore: list[str], settle_seconds: float, now: float
) -> Sweep:
    """Settled, unchanged exports with their hashes; the rest are named as waiting."""
    ready, waiting = [], []
    for file in list_inbox(inbox, patterns, ignore):
        done = fingerprint(file) if settled(file, now, settle_seconds) else None
        if done is None:
            waiting.append(file.path.name)
        else:
            ready.append(done)
    return Sweep(ready=ready, waiting=waiting)
