"""Carry earlier workbooks' recruiter columns into a screening result; the rows to log."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import polars as pl

from pipelines.carry.decisions_log import decision_rows
from pipelines.carry.merge import CARRIED_FROM, Carried, carry
from pipelines.carry.previous import PreviousError, PreviousWorkbook, read_many, stacked
from pipelines.carry.search import find_previous

if TYPE_CHECKING:
    from pipelines.screening.results import ScreeningResult
    from pipelines.settings import Settings


@dataclass(frozen=True)
class CarryResult:
    """What the earlier workbooks gave one run: carried columns, the rows read, notes."""

    carried: Carried
    previous: pl.DataFrame  # every earlier row read (identity, recruiter, context columns)
    workbooks: list[str] = field(default_factory=list)  # the file names read, oldest first
    notes: list[str] = field(default_factory=list)  # lock files skipped, rows not carried, ...

    def decisions(self) -> pl.Series:
        """The carried decision of each new row (null when none)."""
        return self.carried.carried.get_column("decision")

    @property
    def has_decisions(self) -> bool:
        """True when at least one new row carries a decision."""
        return self.decisions().is_not_null().any()


def carry_into(
    result: ScreeningResult,
    workbooks: list[PreviousWorkbook],
    notes: list[str],
    settings: Settings,
) -> ScreeningResult:
    """`result` with the carried recruiter columns; notes and conflicts join its warnings."""
    config = settings.carry
    previous = stacked(workbooks, config)
    carried = carry(result.scored, previous, config.previous.match_order, config, settings.report)
    ordered = sorted(workbooks, key=lambda w: (w.run_started, str(w.path)))
    found = CarryResult(
        carried=carried,
        previous=previous,
        workbooks=[w.path.name for w in ordered],
        notes=list(notes),
    )
    warnings = [*result.meta.warnings, *notes, *carried.conflict_messages()]
    meta = dataclasses.replace(result.meta, warnings=warnings)
    return dataclasses.replace(result, meta=meta, carried=found)


def carry_from_outbox(
    result: ScreeningResult,
    outbox: Path,
    run_date: str,
    exclude: Path,
    settings: Settings,
) -> ScreeningResult:
    """Nightly: carry from the newest earlier workbook of the same job in the outbox, if any.

    An earlier workbook that cannot be read does not stop the night: it is named in the
    result's warnings (About sheet) and nothing is carried.
    """
    found = find_previous(
        outbox, result.meta.source_file, run_date, settings.carry, exclude=exclude
    )
    if found is None:
        return result
    try:
        workbooks, notes = read_many([found], settings)
    except PreviousError as err:
        meta = dataclasses.replace(
            result.meta, warnings=[*result.meta.warnings, f"previous workbook {err}"]
        )
        return dataclasses.replace(result, meta=meta)
    return carry_into(result, workbooks, notes, settings)


def shown_scored(result: ScreeningResult, settings: Settings) -> pl.DataFrame:
    """The scored rows as the workbook shows them: with the carried recruiter columns and
    where they came from (never in the Parquet file or the history: notes stay in workbooks)."""
    if result.carried is None:
        return result.scored
    keep = [*settings.carry.previous.recruiter_columns, CARRIED_FROM]
    columns = result.carried.carried.carried.select(keep)
    return result.scored.drop(keep, strict=False).hstack(columns)


def log_rows(carried: CarryResult, settings: Settings, seen_at: str) -> pl.DataFrame:
    """The decisions log rows of every decision in the earlier workbooks read."""
    config = settings.carry
    return decision_rows(carried.previous, config.previous.match_order, config, seen_at)
