"""Run summaries from outcome records: table rows and markdown for Prefect artifacts, CLI text."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from pipelines.ops.run import RunInfo
from pipelines.screening.outcome import FileOutcome
from pipelines.screening.publish import WORKBOOK
from schemas.names import LEVELS
from schemas.outcomes import AD_HOC_STATUSES, NIGHTLY_STATUSES, OutcomeStatus


def table_rows(outcomes: list[FileOutcome], hash_chars: int) -> list[dict]:
    """One row per input: file, hash, outcome, candidates by level, flags, outputs, seconds."""
    rows = []
    for o in outcomes:
        levels = {level.lower(): o.by_level.get(level, 0) for level in LEVELS}
        rows.append(
            {
                "file": o.file,
                "sha256": o.sha256[:hash_chars],
                "outcome": o.status.value,
                "candidates": o.ranked,
                **levels,
                "red_flags": o.red_flags,
                "rejected": o.rejected,
                "duplicates": o.duplicates,
                "new": o.new,
                "returning": o.returning,
                "outputs": " ".join(o.outputs.values()),
                "moved_to": o.moved_to,
                "seconds": o.seconds,
                "note": o.reason,
            }
        )
    return rows


def tally(
    outcomes: list[FileOutcome], statuses: Sequence[OutcomeStatus] = NIGHTLY_STATUSES
) -> dict[str, int]:
    """How many inputs ended in each of `statuses` (every one named, zeros included)."""
    found = Counter(o.status for o in outcomes)
    return {status.value: found.get(status, 0) for status in statuses}


def markdown(
    outcomes: list[FileOutcome],
    title: str,
    intro: str,
    hash_chars: int,
    statuses: Sequence[OutcomeStatus] = NIGHTLY_STATUSES,
) -> str:
    """A short markdown summary of one run, for the Prefect UI: counts, candidates, notes."""
    scored = [o for o in outcomes if o.status == OutcomeStatus.SCORED]
    lines = [
        f"# {title}",
        "",
        intro,
        "",
        "| outcome | files |",
        "|---|---|",
        *(f"| {status} | {count} |" for status, count in tally(outcomes, statuses).items()),
        "",
        f"Candidates ranked: {sum(o.ranked for o in scored)}"
        + _history_note(scored)
        + f"; red flags raised: {sum(o.red_flags for o in scored)}.",
    ]
    notes = [o for o in outcomes if o.status != OutcomeStatus.SCORED]
    if notes:
        lines += ["", "## Not scored", ""]
        lines += [f"- `{o.file}` ({o.sha256[:hash_chars]}): {o.status}, {o.reason}" for o in notes]
    return "\n".join(lines) + "\n"


def _history_note(scored: list[FileOutcome]) -> str:
    """` (new since ...: n, returning: m)` when the run kept a history, else nothing."""
    known = [o for o in scored if o.new is not None]
    if not known:
        return ""
    new = sum(o.new or 0 for o in known)
    returning = sum(o.returning or 0 for o in known)
    return f" (new since the previous run of their job: {new}, returning: {returning})"


def nightly_markdown(
    outcomes: list[FileOutcome], run: RunInfo, outbox: str, hash_chars: int
) -> str:
    """The markdown summary of one nightly run."""
    text = markdown(
        outcomes,
        f"Nightly run {run.run_date}",
        f"Run `{run.run_id}` started {run.started_at}; outputs in `{outbox}`.",
        hash_chars,
    )
    if not outcomes:
        text += "\nThe inbox held no exports: nothing to do.\n"
    return text


def ad_hoc_markdown(outcomes: list[FileOutcome], out_dir: str, hash_chars: int) -> str:
    """The markdown summary of one `score-export` run."""
    names = ", ".join(f"`{o.file}`" for o in outcomes)
    return markdown(
        outcomes, f"Scored {names}", f"Outputs in `{out_dir}`.", hash_chars, AD_HOC_STATUSES
    )


def text(summary: dict) -> str:
    """The lines `coder-screen nightly` prints: one per input, then the totals."""
    if summary["status"] != "done":
        return f"nightly run {summary['run_date']}: {summary['status']} ({summary['reason']})"
    lines = []
    for o in map(FileOutcome.from_dict, summary["files"]):
        detail = (
            f"{o.ranked} candidates ({o.new} new, {o.returning} returning) -> "
            f"{o.outputs.get(WORKBOOK, '')}"
            if o.status == OutcomeStatus.SCORED
            else o.reason
        )
        lines.append(f"{o.file}: {o.status}: {detail}")
    counts = ", ".join(f"{status} {n}" for status, n in summary["counts"].items())
    lines.append(f"nightly run {summary['run_date']}: {counts}")
    return "\n".join(lines)
