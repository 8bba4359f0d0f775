"""Thin Prefect tasks around the Prefect-free entry point in pipelines.screening.score_one."""

from __future__ import annotations

from pathlib import Path

from prefect import task
from prefect.cache_policies import NO_CACHE
from prefect.client.schemas.objects import TaskRun
from prefect.states import State

from pipelines.screening.outcome import FileOutcome
from pipelines.screening.score_one import score_one
from pipelines.settings import Settings

IO_RETRIES = 2
IO_RETRY_DELAY_SECONDS = 2
PASSED_THROUGH = (KeyboardInterrupt, SystemExit, GeneratorExit)


class UnexpectedFailure(Exception):
    """A failure that is not an Exception (a polars/pyo3 panic), re-raised as one."""


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


@task(
    name="score-into-folder",
    task_run_name="score {path.name}",
    retries=IO_RETRIES,
    retry_delay_seconds=IO_RETRY_DELAY_SECONDS,
    retry_condition_fn=retry_on_io,
    cache_policy=NO_CACHE,
)
def score_into_folder(
    path: Path,
    out_dir: Path,
    settings: Settings,
    sheet: str | None,
    resumes: str | None = None,
    answers: str | None = None,
    profile: str | None = None,
    previous: list[Path] | None = None,
    state_dir: Path | None = None,
) -> FileOutcome:
    """Screen one export and publish its outputs in `out_dir` (staged, so a retry is safe).

    A panic becomes an ordinary failure of this file: Prefect would otherwise treat the
    BaseException as a crash of the whole run.
    """
    try:
        return score_one(
            path,
            out_dir,
            settings,
            sheet,
            resumes=resumes,
            answers=answers,
            profile=profile,
            previous=previous or [],
            state_dir=state_dir,
        )
    except PASSED_THROUGH:
        raise
    except Exception:
        raise
    except BaseException as err:  # pyo3's PanicException derives from BaseException
        raise UnexpectedFailure(f"{type(err).__name__}: {err}") from err
