"""The outcome record of one input file, for the CLI, the summaries, the artifacts, the manifest."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

import polars as pl

from pipelines.scoring.coverage import evidence_coverage, states_no_evidence
from pipelines.screening.publish import WORKBOOK
from pipelines.screening.results import ScreeningResult
from schemas.names import FLAG_PREFIX, LEVELS, RECOMMENDATIONS
from schemas.outcomes import OutcomeStatus
from schemas.scored import FLAGS


@dataclass(frozen=True)
class FileOutcome:
    """What happened to one input file: its status, why, its row counts and where it all went.

    `new` and `returning` (candidates unseen / seen in an earlier run of the same job) are None
    outside the nightly run, which alone keeps a history.
    """

    file: str
    status: OutcomeStatus
    reason: str = ""
    sha256: str = ""
    rows_read: int = 0
    ranked: int = 0
    rejected: int = 0
    duplicates: int = 0
    blank_rows: int = 0
    by_level: dict[str, int] = field(default_factory=dict)
    by_recommendation: dict[str, int] = field(default_factory=dict)
    flags: dict[str, int] = field(default_factory=dict)
    new: int | None = None
    returning: int | None = None
    outputs: dict[str, str] = field(default_factory=dict)
    # Candidates with each kind of evidence (pipelines/scoring/coverage.py), and resume
    # documents that matched nobody.
    evidence_coverage: dict[str, int] = field(default_factory=dict)
    unmatched_documents: int = 0
    moved_to: str = ""
    duplicate_of: str = ""
    seconds: float = 0.0

    @property
    def red_flags(self) -> int:
        """Red flags raised across all ranked candidates."""
        return sum(self.flags.values())

    def as_dict(self) -> dict[str, Any]:
        """Plain dict (for JSON, Prefect results and artifacts); the status as its value."""
        return asdict(self) | {"status": self.status.value}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> FileOutcome:
        """The record `as_dict` wrote."""
        return cls(**(data | {"status": OutcomeStatus(data["status"])}))


def _counts(frame: pl.DataFrame, column: str, order: list[str]) -> dict[str, int]:
    """Counts of each value of `column`, in the given order, zeros included."""
    found = dict(frame.get_column(column).value_counts().iter_rows()) if frame.height else {}
    return {value: int(found.get(value, 0)) for value in order}


def scored_outcome(
    result: ScreeningResult, outputs: dict[str, Path], **nightly: Any
) -> FileOutcome:
    """A scored file: counts by level, recommendation and red flag, row accounting, outputs.

    `nightly` sets the fields only the nightly run knows (`new`, `returning`, `moved_to`, ...).
    """
    scored = result.scored
    flags = (
        {f: int(scored.get_column(f).sum()) for f in FLAGS}
        if scored.height
        else dict.fromkeys(FLAGS, 0)
    )
    outcome = FileOutcome(
        file=result.meta.source_file,
        status=OutcomeStatus.SCORED,
        sha256=result.meta.sha256,
        rows_read=result.meta.rows_read,
        ranked=scored.height,
        rejected=result.rejected.height,
        duplicates=result.duplicates.height,
        blank_rows=result.meta.blank_rows,
        by_level=_counts(scored, "level", LEVELS),
        by_recommendation=_counts(scored, "recommendation", RECOMMENDATIONS),
        flags=flags,
        outputs={key: str(path) for key, path in outputs.items()},
        evidence_coverage=evidence_coverage(scored),
        unmatched_documents=len(result.meta.unmatched_documents),
        seconds=result.meta.seconds,
    )
    return replace(outcome, **nightly)


def refused(file: str, reason: str) -> FileOutcome:
    """An input that could not be read (ad-hoc run): nothing was written."""
    return FileOutcome(file=file, status=OutcomeStatus.REFUSED, reason=reason)


def render_text(outcome: FileOutcome) -> str:
    """The few lines `coder-screen score` prints for one file."""
    if outcome.status != OutcomeStatus.SCORED:
        return f"{outcome.file}: {outcome.reason}"
    levels = ", ".join(f"{k} {v}" for k, v in outcome.by_level.items())
    recs = ", ".join(f"{k} {v}" for k, v in outcome.by_recommendation.items())
    flags = ", ".join(
        f"{k.removeprefix(FLAG_PREFIX).replace('_', ' ')} {v}" for k, v in outcome.flags.items()
    )
    return "\n".join(
        [
            f"{outcome.file}: {outcome.ranked} candidates ranked",
            f"  levels:          {levels}",
            f"  recommendations: {recs}",
            f"  red flags:       {flags}",
            *_evidence_lines(outcome),
            f"  rows read {outcome.rows_read} = ranked {outcome.ranked} + rejected "
            f"{outcome.rejected} + duplicates {outcome.duplicates} + blank {outcome.blank_rows}",
            *(f"  {name + ':':16} {path}" for name, path in _workbook_first(outcome.outputs)),
        ]
    )


def _evidence_lines(outcome: FileOutcome) -> list[str]:
    """How much of each kind of evidence the export stated; one line saying so when nothing."""
    coverage = outcome.evidence_coverage
    if not coverage or not outcome.ranked:
        return []
    stated = ", ".join(
        f"{kind.replace('_', ' ')} {count}/{outcome.ranked}" for kind, count in coverage.items()
    )
    lines = [f"  evidence stated: {stated}"]
    if outcome.unmatched_documents:
        lines.append(f"  resumes:         {outcome.unmatched_documents} matched no candidate")
    if states_no_evidence(coverage):
        lines.append(
            "  this export states no evidence (credentials, years, HIPAA, accuracy, code sets): "
            "nothing is raised as a red flag; add resumes with --resumes FOLDER_OR_ZIP"
        )
    return lines


def _workbook_first(outputs: dict[str, str]) -> list[tuple[str, str]]:
    """The outputs with the workbook (what a recruiter opens) first."""
    return sorted(outputs.items(), key=lambda item: item[0] != WORKBOOK)
