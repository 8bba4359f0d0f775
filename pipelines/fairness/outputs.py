"""Wiring for one run: the audit of a ScreeningResult, its sheet and its audit-counts Parquet."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any

import polars as pl
from openpyxl.workbook import Workbook

from pipelines.carry.fairness import beside_recommendation, decision_audit
from pipelines.fairness.audit import audit_table
from pipelines.fairness.record import write_audit_counts
from pipelines.fairness.sheet import write_decision_section, write_fairness_sheet
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
    sheet = write_fairness_sheet(workbook, audit, settings, prepare=prepare, font_name=font_name)
    if has_decisions(result) and not audit.is_empty():
        beside = beside_recommendation(audit, result_decision_audit(result, settings))
        write_decision_section(sheet, beside, settings, font_name=font_name)
    return sheet


def has_decisions(result: ScreeningResult) -> bool:
    """True when protected columns exist and earlier workbooks carried a decision."""
    return has_protected(result) and result.carried is not None and result.carried.has_decisions


def result_decision_audit(result: ScreeningResult, settings: Settings) -> pl.DataFrame:
    """The audit table of one run by the recruiters' carried decisions."""
    if result.carried is not None:
        decisions = result.carried.decisions()
    else:
        decisions = pl.Series("decision", [None] * result.scored.height, dtype=pl.String)
    return decision_audit(result.scored, decisions, result.protected, settings, run_date(result))


def write_result_decision_audit(result: ScreeningResult, path: Path, settings: Settings) -> Path:
    """Write the decision audit of one run (`<stem>-decisions-audit.parquet`, no names)."""
    return write_audit_counts(result_decision_audit(result, settings), path)


def write_result_audit(result: ScreeningResult, path: Path, settings: Settings) -> Path:
    """Write the audit counts of one screened export to `path` (`<stem>-audit.parquet`)."""
    return write_audit_counts(result_audit(result, settings), path)
