"""Score one export end to end, in process: the entry point of the CLI flow and the corpus."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

from pipelines.carry.apply import carry_into, log_rows
from pipelines.carry.decisions_log import append_decisions
from pipelines.carry.previous import PreviousError, read_many
from pipelines.ingest.errors import IngestError
from pipelines.ops.locks import exclusive
from pipelines.screening.outcome import FileOutcome, refused, scored_outcome
from pipelines.screening.publish import publish
from pipelines.screening.stages import screen_file
from pipelines.settings import Settings


def score_one(
    path: Path | str,
    out_dir: Path | str,
    settings: Settings,
    sheet: str | None = None,
    previous: Sequence[Path | str] = (),
    state_dir: Path | str | None = None,
) -> FileOutcome:
    """Screen `path` and publish its outputs in `out_dir`; an unreadable file becomes a refusal.

    `previous`: earlier workbooks whose recruiter columns are carried (one that cannot be read,
    or that this project did not write, refuses the input with one line naming it); their
    decisions are appended to the decisions log in `state_dir`, when given.
    """
    path = Path(path)
    try:
        workbooks, notes = read_many([Path(p) for p in previous], settings)
    except PreviousError as err:
        return refused(path.name, f"previous workbook {err}")
    try:
        result = screen_file(path, settings, sheet)
    except IngestError as err:
        return refused(path.name, err.reason)
    if previous:
        result = carry_into(result, workbooks, notes, settings)
    outputs = publish(result, Path(out_dir), settings)
    if result.carried is not None and state_dir is not None:
        state = Path(state_dir)
        seen = datetime.now(UTC).isoformat(timespec="seconds")
        with exclusive(state / settings.runtime.nightly.state_files.state_lock):
            append_decisions(
                state / settings.carry.decisions.log_file,
                log_rows(result.carried, settings, seen),
            )
    return scored_outcome(result, outputs)
