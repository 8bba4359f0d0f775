"""Identity of one nightly run: its id, the local date its outputs are filed under, its start."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from zoneinfo import ZoneInfo


@dataclass(frozen=True)
class RunInfo:
    """One nightly run: id (the Prefect flow-run id), dated folder name and UTC start time."""

    run_id: str
    run_date: str
    started_at: str


def new_run(run_id: str, now: datetime, timezone: str, date_format: str) -> RunInfo:
    """A run started at `now` (aware), filed under its date in the configured time zone."""
    local = now.astimezone(ZoneInfo(timezone))
    return RunInfo(
        run_id=run_id,
        run_date=local.strftime(date_format),
        started_at=now.astimezone(UTC).isoformat(timespec="seconds"),
    )


def checked_date(value: str, date_format: str) -> str:
    """`value` if it is a date written in `date_format` (a folder name, never a path)."""
    try:
        parsed = datetime.strptime(value, date_format)
    except ValueError as exc:
        raise ValueError(f"run date {value!r} does not match {date_format!r}") from exc
    if parsed.strftime(date_format) != value:
        raise ValueError(f"run date {value!r} is not written as {date_format!r}")
    return value
