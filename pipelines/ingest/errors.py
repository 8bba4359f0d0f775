"""The one exception ingest raises: a file it cannot read, with a reason a recruiter understands."""

from __future__ import annotations

from pathlib import Path


class IngestError(Exception):
    """An export that cannot be read; `str()` is `"<file name>: <reason>"` on one line."""

    def __init__(self, path: Path | str, reason: str) -> None:
        self.path = Path(path)
        self.reason = " ".join(str(reason).split())
        super().__init__(f"{self.path.name}: {self.reason}")
