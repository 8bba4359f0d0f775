"""Outcome contract: what became of one input file, in the CLI, the manifest and the run record."""

from __future__ import annotations

from enum import StrEnum


class OutcomeStatus(StrEnum):
    """The status of one input file; each value is written as-is to JSON, tables and logs."""

    # Read, scored and published: workbook, Parquet, run record (and audit counts).
    SCORED = "scored"
    # Ad-hoc run (`coder-screen score`, the corpus runner): the file could not be read; nothing
    # was written and the input stays where it is.
    REFUSED = "refused"
    # Nightly run: same bytes as an input already scored; archived, nothing new written.
    DUPLICATE = "duplicate"
    # Nightly run: the file could not be read (or scoring hit an internal error); moved to
    # failed/<date>/ beside a note saying why.
    FAILED = "failed"
    # Nightly run: still being written, or changed while being read; left in the inbox.
    WAITING = "waiting"
    # Nightly run: an I/O error persisted after the retries; left in the inbox for the next run.
    ERROR = "error"


# The statuses each kind of run can end in, in the order summaries list them.
AD_HOC_STATUSES = (OutcomeStatus.SCORED, OutcomeStatus.REFUSED)
NIGHTLY_STATUSES = (
    OutcomeStatus.SCORED,
    OutcomeStatus.DUPLICATE,
    OutcomeStatus.FAILED,
    OutcomeStatus.WAITING,
    OutcomeStatus.ERROR,
)
