"""The one output path: stage every output of a run, then move the whole set into place."""

from __future__ import annotations

import dataclasses
import os
import shutil
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from pipelines import progress
from pipelines.atomic import atomic_target
from pipelines.carry.apply import shown_scored
from pipelines.fairness.outputs import (
    has_decisions,
    has_protected,
    write_result_audit,
    write_result_decision_audit,
)
from pipelines.fairness.record import (
    AUDIT_SUFFIX,
    DECISIONS_AUDIT_SUFFIX,
    RUN_SUFFIX,
    write_run_record,
)
from pipelines.report import write_workbook
from pipelines.screening.results import ScreeningResult
from pipelines.settings import Settings

WORKBOOK = "workbook"
PARQUET = "parquet"
AUDIT = "audit"
DECISIONS_AUDIT = "decisions_audit"
RUN_RECORD = "run_record"
# Old outputs are set aside here inside the staging folder while the new set moves in.
PREVIOUS = "previous"

# A writer gets the result, the staged path to write, the settings and the names of the whole set.
Writer = Callable[[ScreeningResult, Path, Settings, dict[str, str]], object]


@dataclass(frozen=True)
class Output:
    """One file of a run's output set: its key, its name suffix, its writer, when it applies."""

    key: str
    suffix: str
    write: Writer
    applies: Callable[[ScreeningResult], bool] = lambda result: True

    def name(self, source_file: str) -> str:
        """`<stem><suffix>` for an export called `source_file`."""
        return f"{Path(source_file).stem}{self.suffix}"


def write_parquet(scored: pl.DataFrame, target: Path) -> Path:
    """Write the scored table atomically."""
    with atomic_target(target) as temp:
        scored.write_parquet(temp)
    return target


# The writers look their helpers up when called, so a test can replace one on this module.
def _parquet(result: ScreeningResult, path: Path, settings: Settings, names: dict) -> None:
    write_parquet(result.scored, path)


def _audit(result: ScreeningResult, path: Path, settings: Settings, names: dict) -> None:
    write_result_audit(result, path, settings)


def _decisions_audit(result: ScreeningResult, path: Path, settings: Settings, names: dict) -> None:
    write_result_decision_audit(result, path, settings)


def _run_record(result: ScreeningResult, path: Path, settings: Settings, names: dict) -> None:
    write_run_record(result, path, names.get(AUDIT), list(names.values()))


def _workbook(result: ScreeningResult, path: Path, settings: Settings, names: dict) -> None:
    # Only the workbook shows the carried recruiter columns (notes never reach the Parquet).
    write_workbook(
        path, dataclasses.replace(result, scored=shown_scored(result, settings)), settings
    )


# Every output of a run, in the order they are written and moved into place. The workbook comes
# last: its arrival completes the set. A new output is one more entry here.
OUTPUTS: tuple[Output, ...] = (
    Output(PARQUET, "-scored.parquet", _parquet),
    Output(AUDIT, AUDIT_SUFFIX, _audit, has_protected),
    Output(DECISIONS_AUDIT, DECISIONS_AUDIT_SUFFIX, _decisions_audit, has_decisions),
    Output(RUN_RECORD, RUN_SUFFIX, _run_record),
    Output(WORKBOOK, "-ranked.xlsx", _workbook),
)


def output_path(source_file: str, out_dir: Path, key: str) -> Path:
    """Where the output `key` of the export `source_file` goes in `out_dir`."""
    (found,) = (o for o in OUTPUTS if o.key == key)
    return Path(out_dir) / found.name(source_file)


def staging_dir(out_dir: Path, result: ScreeningResult, settings: Settings) -> Path:
    """`out_dir/<staging prefix><hash prefix>`: private to this input, on the same file system."""
    runtime = settings.runtime.nightly
    return Path(out_dir) / f"{runtime.staging_prefix}{result.meta.sha256[: runtime.hash_chars]}"


def publish(
    result: ScreeningResult,
    out_dir: Path,
    settings: Settings,
    outputs: Sequence[Output] = OUTPUTS,
) -> dict[str, Path]:
    """Write every output of `result` into a staging folder, then move them all into `out_dir`.

    The workbook moves last. A crash while writing leaves the previous set untouched; one while
    moving is rolled back to the previous set. A kill mid-move leaves no workbook (no set) and a
    staging folder the next run removes. Returns each output's final path, in move order.
    `outputs` narrows the set (the fairness tests publish only the run record and audit).
    """
    out_dir = Path(out_dir)
    source = result.meta.source_file
    planned = [o for o in outputs if o.applies(result)]
    names = {o.key: o.name(source) for o in planned}
    staging = staging_dir(out_dir, result, settings)
    shutil.rmtree(staging, ignore_errors=True)  # left by a killed attempt at the same input
    try:
        for output in planned:
            progress.stage(source, f"writing {names[output.key]}", result.scored.height)
            output.write(result, staging / names[output.key], settings, names)
        return _move_into_place(staging, out_dir, names, [o.name(source) for o in outputs])
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _move_into_place(
    staging: Path, out_dir: Path, names: dict[str, str], every_name: list[str]
) -> dict[str, Path]:
    """Set the old set aside (workbook first), move the staged set in (workbook last)."""
    aside = staging / PREVIOUS
    aside.mkdir()
    moved_aside: list[str] = []
    placed: list[Path] = []
    try:
        for name in reversed(every_name):
            if (out_dir / name).exists():
                os.replace(out_dir / name, aside / name)
                moved_aside.append(name)
        for name in names.values():
            os.replace(staging / name, out_dir / name)
            placed.append(out_dir / name)
    except BaseException:
        for path in reversed(placed):
            path.unlink(missing_ok=True)
        for name in reversed(moved_aside):
            os.replace(aside / name, out_dir / name)
        raise
    return {key: out_dir / name for key, name in names.items()}
