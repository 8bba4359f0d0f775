"""A short, JSON-friendly summary of one screened export, for the CLI and Prefect artifacts."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

import polars as pl

from pipelines.results import OutputPaths, ScreeningResult
from schemas.scored import FLAGS, LEVELS


@dataclass(frozen=True)
class FileSummary:
    """What happened to one input file; `status` is `scored` or `refused`."""

    file: str
    status: str
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
    outputs: dict[str, str] = field(default_factory=dict)
    seconds: float = 0.0

    def as_dict(self) -> dict:
        """Plain dict (for JSON, Prefect results and artifacts)."""
        return asdict(self)


def _counts(frame: pl.DataFrame, column: str, order: list[str]) -> dict[str, int]:
    """Counts of each value of `column`, in the given order, zeros included."""
    found = dict(frame.get_column(column).value_counts().iter_rows()) if frame.height else {}
    return {value: int(found.get(value, 0)) for value in order}


def summarize(result: ScreeningResult, paths: OutputPaths) -> FileSummary:
    """Counts by level, recommendation and red flag, plus row accounting and output paths."""
    scored = result.scored
    flags = (
        {f: int(scored.get_column(f).sum()) for f in FLAGS}
        if scored.height
        else dict.fromkeys(FLAGS, 0)
    )
    return FileSummary(
        file=result.meta.source_file,
        status="scored",
        sha256=result.meta.sha256,
        rows_read=result.meta.rows_read,
        ranked=scored.height,
        rejected=result.rejected.height,
        duplicates=result.duplicates.height,
        blank_rows=result.meta.blank_rows,
        by_level=_counts(scored, "level", LEVELS),
        by_recommendation=_counts(scored, "recommendation", ["Advance", "Review", "Hold"]),
        flags=flags,
        outputs={"workbook": str(paths.workbook), "parquet": str(paths.parquet)}
        | {k: str(v) for k, v in paths.extra.items()},
        seconds=result.meta.seconds,
    )


def refused(file: str, reason: str) -> FileSummary:
    """Summary of an input that could not be read."""
    return FileSummary(file=file, status="refused", reason=reason)


def render_text(summary: FileSummary) -> str:
    """The few lines the CLI prints for one file."""
    if summary.status != "scored":
        return f"{summary.file}: {summary.reason}"
    levels = ", ".join(f"{k} {v}" for k, v in summary.by_level.items())
    recs = ", ".join(f"{k} {v}" for k, v in summary.by_recommendation.items())
    flags = ", ".join(
        f"{k.removeprefix('flag_').replace('_', ' ')} {v}" for k, v in summary.flags.items()
    )
    return "\n".join(
        [
            f"{summary.file}: {summary.ranked} candidates ranked",
            f"  levels:          {levels}",
            f"  recommendations: {recs}",
            f"  red flags:       {flags}",
            f"  rows read {summary.rows_read} = ranked {summary.ranked} + rejected "
            f"{summary.rejected} + duplicates {summary.duplicates} + blank {summary.blank_rows}",
            *(f"  {name + ':':16} {path}" for name, path in summary.outputs.items()),
        ]
    )
