"""The per-run summary: table rows and markdown for Prefect artifacts, text for the CLI."""

from __future__ import annotations

from collections import Counter

from pipelines.ops.manifest import DUPLICATE, FAILED, SCORED
from pipelines.ops.process import ERROR, WAITING, FileOutcome
from pipelines.ops.run import RunInfo
from schemas.scored import LEVELS

ORDER = [SCORED, DUPLICATE, FAILED, WAITING, ERROR]


def table_rows(outcomes: list[FileOutcome], hash_chars: int) -> list[dict]:
    """One row per input: file, hash, outcome, candidates by level, flags, outputs, seconds."""
    rows = []
    for o in outcomes:
        levels = {level.lower(): o.by_level.get(level, 0) for level in LEVELS}
        rows.append(
            {
                "file": o.file,
                "sha256": o.sha256[:hash_chars],
                "outcome": o.status,
                "candidates": o.candidates,
                **levels,
                "red_flags": o.red_flags,
                "rejected": o.rejected,
                "duplicates": o.duplicates,
                "new": o.new,
                "returning": o.returning,
                "outputs": " ".join(p for p in (o.workbook, o.parquet) if p),
                "moved_to": o.moved_to,
                "seconds": o.seconds,
                "note": o.reason,
            }
        )
    return rows


def tally(outcomes: list[FileOutcome]) -> dict[str, int]:
    """How many inputs ended in each outcome (every outcome named, zeros included)."""
    found = Counter(o.status for o in outcomes)
    return {status: found.get(status, 0) for status in ORDER}


def markdown(outcomes: list[FileOutcome], run: RunInfo, outbox: str, hash_chars: int) -> str:
    """A short markdown summary of one run, for the Prefect UI."""
    counts = tally(outcomes)
    scored = [o for o in outcomes if o.status == SCORED]
    lines = [
        f"# Nightly run {run.run_date}",
        "",
        f"Run `{run.run_id}` started {run.started_at}; outputs in `{outbox}`.",
        "",
        "| outcome | files |",
        "|---|---|",
        *(f"| {status} | {count} |" for status, count in counts.items()),
        "",
        f"Candidates ranked: {sum(o.candidates for o in scored)} "
        f"(new since the previous run of their job: {sum(o.new for o in scored)}, "
        f"returning: {sum(o.returning for o in scored)}).",
    ]
    if not outcomes:
        lines += ["", "The inbox held no exports: nothing to do."]
    notes = [o for o in outcomes if o.status != SCORED]
    if notes:
        lines += ["", "## Not scored", ""]
        lines += [f"- `{o.file}` ({o.sha256[:hash_chars]}): {o.status}, {o.reason}" for o in notes]
    return "\n".join(lines) + "\n"


def text(summary: dict) -> str:
    """The lines `coder-screen nightly` prints: one per input, then the totals."""
    if summary["status"] != "done":
        return f"nightly run {summary['run_date']}: {summary['status']} ({summary['reason']})"
    lines = []
    for o in summary["files"]:
        detail = (
            f"{o['candidates']} candidates ({o['new']} new, {o['returning']} returning) -> "
            f"{o['workbook']}"
            if o["status"] == SCORED
            else o["reason"]
        )
        lines.append(f"{o['file']}: {o['status']}: {detail}")
    counts = ", ".join(f"{status} {n}" for status, n in summary["counts"].items())
    lines.append(f"nightly run {summary['run_date']}: {counts}")
    return "\n".join(lines)
