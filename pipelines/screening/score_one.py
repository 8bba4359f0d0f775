"""Score one export end to end, in process: the entry point of the CLI flow and the corpus."""

from __future__ import annotations

from pathlib import Path

from pipelines.ingest.errors import IngestError
from pipelines.screening.outcome import FileOutcome, refused, scored_outcome
from pipelines.screening.publish import publish
from pipelines.screening.stages import run_day, screen_file
from pipelines.settings import Settings


def score_one(
    path: Path | str,
    out_dir: Path | str,
    settings: Settings,
    sheet: str | None = None,
    profile: str | None = None,
) -> FileOutcome:
    """Screen `path` (under `profile`, `--profile NAME`, when given) and publish its outputs in
    `out_dir`; an unreadable file becomes a refusal. The run's date is today in the configured
    time zone."""
    path = Path(path)
    try:
        result = screen_file(path, settings, sheet, profile, run_day(settings))
    except IngestError as err:
        return refused(path.name, err.reason)
    return scored_outcome(result, publish(result, Path(out_dir), settings))
