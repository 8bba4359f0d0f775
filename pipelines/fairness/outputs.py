"""Wiring for one run: the audit of a ScreeningResult, its sheet and its audit-counts Parquet."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any

import polars as pl
from openpyxl.workbook import Workbook

from pipelines.fairness.audit import audit_table
from pipelines.fairness.record import write_audit_counts
from pipelines.fairness.sheet import write_fairness_sheet
from pipelines.screening.results import ScreeningResult
from pipelines.settings import Settings


def has_protected(result: ScreeningResult) -> bool:
    """True when the export carried at least one protected column."""
    return any(c != "source_row" for c in result.protected.columns)


def run_date(result: ScreeningResult) -> date | None:
    """The day the run started: the age reference for candidates without an application date."""
    try:
        return datetime.fromisoformat(result.meta.started_at).date()
    except ValueError:
        return None


def result_audit(result: ScreeningResult, settings: Settings) -> pl.DataFrame:
    """The audit table of one screened export (empty without protected columns)."""
    return audit_table(result.scored, result.protected, settings.fairness, run_date(result))


def fairness_sheet_writer(
    workbook: Workbook,
    result: ScreeningResult,
    settings: Settings,
    prepare: Callable[[Any], None] | None = None,
    font_name: str | None = None,
) -> Any:
    """Sheet writer for the report: the Fairness audit sheet, only when protected columns exist."""
    if not has_protected(result):
        return None
    audit = result_audit(result, settings)
    return write_fairness_sheet(workbook, audit, settings, prepare=prepare, font_name=font_name)


def write_result_audit(result: ScreeningResult, path: Path, settings: Settings) -> Path:
    """Write the audit counts of one screened export to `path` (`<stem>-audit.parquet`)."""
    return write_audit_counts(result_audit(result, settings), path)
