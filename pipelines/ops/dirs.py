"""The directories of one nightly run: inbox, outbox, archive, failed and state."""

from __future__ import annotations

from dataclasses import dataclass, fields
from pathlib import Path

from pipelines.environment import resolve
from pipelines.settings.runtime import Environment


@dataclass(frozen=True)
class NightlyDirs:
    """Absolute directories of one nightly run."""

    inbox: Path
    outbox: Path
    archive: Path
    failed: Path
    state: Path

    def as_dict(self) -> dict[str, str]:
        """Plain strings (for Prefect parameters and artifacts)."""
        return {f.name: str(getattr(self, f.name)) for f in fields(self)}


def nightly_dirs(
    env: Environment, overrides: dict[str, str | Path | None] | None = None
) -> NightlyDirs:
    """The environment's directories, each replaced by a non-empty override (made absolute)."""
    configured = {
        "inbox": env.inbox_dir,
        "outbox": env.outbox_dir,
        "archive": env.archive_dir,
        "failed": env.failed_dir,
        "state": env.state_dir,
    }
    chosen = {}
    for name, value in configured.items():
        override = (overrides or {}).get(name)
        chosen[name] = Path(override).resolve() if override else resolve(value)
    return NightlyDirs(**chosen)
