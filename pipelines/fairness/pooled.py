"""Annual bias audit: pool the run records and audit counts of many runs into one workbook."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pandera.errors as pa_errors
import polars as pl
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from pydantic import BaseModel, ValidationError

from pipelines.atomic import atomic_target
from pipelines.carry.fairness import beside_recommendation
from pipelines.fairness.audit import pool_counts
from pipelines.fairness.record import AUDIT_SUFFIX, DECISIONS_AUDIT_SUFFIX, RUN_SUFFIX
from pipelines.fairness.schema import counts_schema
from pipelines.fairness.sheet import write_decision_section, write_fairness_sheet
from pipelines.report.safety import safe_cell
from pipelines.report.sheet_names import new_sheet
from pipelines.settings import Settings


class RecordFacts(BaseModel):
    """The parts of a run record the annual audit reads (other keys are ignored)."""

    source_file: str
    input_sha256: str
    started_at: str
    rows: dict[str, int]
    recommendations: dict[str, int]
    protected_columns: list[str]
    audit_file: str | None = None


@dataclass(frozen=True)
class Run:
    """One run found on disk: its record, its audit counts (if any) and whether it is pooled."""

    path: Path
    facts: RecordFacts
    counts: pl.DataFrame | None
    pooled: bool
    status: str
    decision_counts: pl.DataFrame | None = None  # by the recruiters' decisions, when any


def _read_counts(path: Path) -> pl.DataFrame:
    """Audit counts of one run, checked against the counts contract."""
    return counts_schema().validate(pl.read_parquet(path))


def _load(path: Path) -> tuple[RecordFacts, pl.DataFrame | None, pl.DataFrame | None]:
    """A run record, the audit counts beside it (None when the run had no demographics) and
    the decision audit counts (None when no recruiter decision was carried into the run)."""
    facts = RecordFacts.model_validate(json.loads(path.read_text(encoding="utf-8")))
    name = facts.audit_file or path.name.removesuffix(RUN_SUFFIX) + AUDIT_SUFFIX
    audit = path.with_name(Path(name).name)
    decided = path.with_name(path.name.removesuffix(RUN_SUFFIX) + DECISIONS_AUDIT_SUFFIX)
    return (
        facts,
        _read_counts(audit) if audit.is_file() else None,
        _read_counts(decided) if decided.is_file() else None,
    )


def find_runs(dirs: list[Path], settings: Settings) -> tuple[list[Run], list[str]]:
    """Every `*-run.json` under `dirs`; a rerun of the same input pools only its latest run."""
    text = settings.fairness.sheet
    paths = sorted({p.resolve() for d in dirs for p in Path(d).rglob(f"*{RUN_SUFFIX}")})
    loaded, problems = [], []
    for path in paths:
        try:
            loaded.append((path, *_load(path)))
        except (
            OSError,
            ValueError,
            ValidationError,
            pl.exceptions.PolarsError,
            pa_errors.SchemaError,
        ) as err:
            problems.append(f"{path}: skipped ({type(err).__name__})")
    latest: dict[str, tuple[str, Path]] = {}
    for path, facts, _, _ in loaded:
        key = (facts.started_at, str(path))
        if facts.input_sha256 not in latest or key > latest[facts.input_sha256]:
            latest[facts.input_sha256] = key
    runs = []
    for path, facts, counts, decided in sorted(
        loaded, key=lambda item: (item[1].started_at, item[0])
    ):
        is_latest = latest[facts.input_sha256][1] == str(path)
        pooled = is_latest and counts is not None
        status = (
            text.pooled_yes
            if pooled
            else text.skipped_same_input
            if not is_latest
            else text.skipped_no_audit
        )
        runs.append(Run(path, facts, counts, pooled, status, decided))
    return runs, problems


def runs_rows(runs: list[Run], settings: Settings) -> list[list[object]]:
    """One row per run for the Runs sheet."""
    selected = settings.fairness.selected_recommendation
    return [
        [
            run.facts.source_file,
            run.facts.started_at,
            run.facts.input_sha256,
            run.facts.rows.get("read"),
            run.facts.rows.get("ranked"),
            run.facts.recommendations.get(selected, 0),
            ", ".join(run.facts.protected_columns),
            run.status,
            str(run.path),
        ]
        for run in runs
    ]


@dataclass(frozen=True)
class PooledAudit:
    """What `write_pooled_workbook` did: the workbook, the runs found, files it skipped."""

    workbook: Path
    runs: list[Run]
    problems: list[str]


def write_pooled_workbook(dirs: list[Path], out: Path, settings: Settings) -> PooledAudit:
    """Pool every run under `dirs` into one audit workbook at `out`."""
    text = settings.fairness.sheet
    runs, problems = find_runs(dirs, settings)
    if not runs:
        return PooledAudit(Path(out), runs, problems)
    pooled = pool_counts(
        [r.counts for r in runs if r.pooled and r.counts is not None], settings.fairness
    )
    workbook = Workbook()
    workbook.remove(workbook.active)
    sheet = write_fairness_sheet(
        workbook, pooled, settings, title=text.pooled_title, note=text.pooled_note
    )
    decided = [r.decision_counts for r in runs if r.pooled and r.decision_counts is not None]
    if decided and not pooled.is_empty():
        by_decision = pool_counts(decided, settings.fairness)
        table = beside_recommendation(pooled, by_decision)
        write_decision_section(sheet, table, settings, pooled=True)
    sheet = new_sheet(workbook, text.runs_title)
    bold = Font(bold=True)
    headers = [safe_cell(sheet, header, settings.report) for header in text.runs_headers]
    for cell in headers:
        cell.font = bold
    sheet.append(headers)
    for row in runs_rows(runs, settings):  # file names and paths are data: the safe writer too
        sheet.append([safe_cell(sheet, value, settings.report) for value in row])
    for index in range(len(text.runs_headers)):
        sheet.column_dimensions[get_column_letter(index + 1)].width = text.column_width
    with atomic_target(Path(out)) as temp:
        workbook.save(temp)
    return PooledAudit(Path(out), runs, problems)
