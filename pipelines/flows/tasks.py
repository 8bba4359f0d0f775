"""Thin Prefect tasks around the Prefect-free stages in pipelines.screen."""

from __future__ import annotations

from pathlib import Path

import polars as pl
from prefect import task
from prefect.cache_policies import NO_CACHE
from prefect.client.schemas.objects import TaskRun
from prefect.states import State

from pipelines import screen
from pipelines.ingest import IngestResult
from pipelines.ingest.errors import IngestError
from pipelines.results import OutputPaths, ScreeningResult
from pipelines.settings import Settings
from pipelines.summary import FileSummary, refused
from pipelines.validate import ValidatedFrames

IO_RETRIES = 2
IO_RETRY_DELAY_SECONDS = 2


def retry_on_io(task: object, task_run: TaskRun, state: State) -> bool:
    """Retry only operating-system I/O errors, never bad input or validation errors."""
    try:
        state.result()
    except OSError:
        return True
    except BaseException:
        return False
    return False


io_task = task(
    retries=IO_RETRIES,
    retry_delay_seconds=IO_RETRY_DELAY_SECONDS,
    retry_condition_fn=retry_on_io,
    cache_policy=NO_CACHE,
)
pure_task = task(cache_policy=NO_CACHE)


@io_task
def read_export(path: Path, settings: Settings, sheet: str | None) -> IngestResult | FileSummary:
    """Read one export; an unreadable file becomes a refusal summary, not a failure."""
    try:
        return screen.ingest(path, settings, sheet)
    except IngestError as err:
        return refused(Path(path).name, err.reason)


@pure_task
def validate(ingested: IngestResult, settings: Settings) -> ValidatedFrames:
    """Reject non-candidate rows and type fields."""
    return screen.validate(ingested, settings)


@pure_task
def deduplicate(candidates: pl.DataFrame, settings: Settings) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Keep the newest application of each person."""
    return screen.deduplicate(candidates, settings)


@pure_task
def score(kept: pl.DataFrame, settings: Settings) -> pl.DataFrame:
    """Evidence, levels, flags, score and rank."""
    return screen.score(kept, settings)


@io_task
def write_outputs(result: ScreeningResult, out_dir: Path, settings: Settings) -> OutputPaths:
    """Write the Parquet and the workbook atomically."""
    return screen.write_outputs(result, out_dir, settings)
