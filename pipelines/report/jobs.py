"""The jobs of a scored table as the workbook lays them out: one sheet each, or all on one."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

import polars as pl

from pipelines.report.sheet_names import sheet_titles
from pipelines.scoring.jobs import job_key
from pipelines.settings.report import ReportConfig

JOB_ID = "__report_job"
JOB_ORDER = "__report_job_order"


class JobMode(StrEnum):
    """How the Ranked rows are laid out."""

    SINGLE = "single"  # one job (or none named): the one Ranked sheet
    PER_JOB = "per_job"  # per_job_min to per_job_max jobs: a sheet per job and All jobs
    ALL_ONLY = "all_only"  # more jobs: the All jobs sheet only, with a note


@dataclass(frozen=True)
class JobSheet:
    """One job's Ranked sheet: the job as the export names it (None: not named), its title."""

    job: str | None
    title: str
    rows: pl.DataFrame


@dataclass(frozen=True)
class JobLayout:
    """The jobs of one workbook, in order of first appearance."""

    mode: JobMode
    jobs: int
    sheets: list[JobSheet]
    all_rows: pl.DataFrame  # every row, by job (first appearance) then rank


def job_mode(jobs: int, config: ReportConfig) -> JobMode:
    """The layout for an export holding `jobs` jobs."""
    limits = config.jobs
    if jobs < limits.per_job_min:
        return JobMode.SINGLE
    return JobMode.PER_JOB if jobs <= limits.per_job_max else JobMode.ALL_ONLY


def fixed_titles(config: ReportConfig, settings: Any = None) -> list[str]:
    """The workbook's fixed sheet names, which a job's sheet may not take."""
    titles = list(config.sheets.model_dump().values())
    fairness = getattr(getattr(settings, "fairness", None), "sheet", None)
    if fairness is not None:
        titles.append(fairness.title)
    return titles


def with_job_order(scored: pl.DataFrame) -> pl.DataFrame:
    """`scored` with the job key and the job's order of first appearance (working columns)."""
    keyed = scored.with_columns(job_key(scored.columns).alias(JOB_ID))
    order = keyed.select(JOB_ID).unique(maintain_order=True).with_row_index(JOB_ORDER)
    return keyed.join(order, on=JOB_ID, how="left", maintain_order="left")


def job_layout(
    scored: pl.DataFrame, config: ReportConfig, reserved: Iterable[str] = ()
) -> JobLayout:
    """Which layout the scored rows get, and each job's rows (by rank) and sheet title."""
    count = scored.select(job_key(scored.columns).n_unique()).item() if scored.height else 0
    if job_mode(count, config) == JobMode.SINGLE:  # no copy of a (possibly huge) single job
        return JobLayout(mode=JobMode.SINGLE, jobs=count, sheets=[], all_rows=scored)
    keyed = with_job_order(scored)
    by = [JOB_ORDER, "rank"] if "rank" in scored.columns else [JOB_ORDER]
    ordered = keyed.sort(by, nulls_last=True, maintain_order=True)
    shown = pl.col("job").str.strip_chars() if "job" in scored.columns else pl.lit(None)
    jobs = ordered.group_by(JOB_ORDER, maintain_order=True).agg(
        shown.cast(pl.String).drop_nulls().first().alias("job")
    )
    mode = job_mode(jobs.height, config)
    sheets = []
    if mode == JobMode.PER_JOB:
        names = jobs.get_column("job").to_list()
        titles = sheet_titles(names, reserved, config.jobs.no_job)
        parts = ordered.partition_by(JOB_ORDER, maintain_order=True, include_key=False)
        sheets = [
            JobSheet(job=name, title=title, rows=part.drop(JOB_ID))
            for name, title, part in zip(names, titles, parts, strict=True)
        ]
    return JobLayout(
        mode=mode, jobs=jobs.height, sheets=sheets, all_rows=ordered.drop(JOB_ID, JOB_ORDER)
    )
