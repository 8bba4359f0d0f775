"""The measured stages: each prepares its input untimed, then returns the work to time."""

from __future__ import annotations

import pickle
from collections.abc import Callable
from pathlib import Path

from pipelines.report import write_workbook
from pipelines.screening import stages as screen
from pipelines.screening.publish import publish, write_parquet
from pipelines.settings import Settings

Work = Callable[[], dict[str, float] | None]

# Stage name -> what the table calls it, in table order.
STAGE_LABELS = {
    "read": "read (ingest)",
    "validate": "validate + dedupe",
    "score": "evidence + score + output check",
    "workbook": "workbook write",
    "parquet": "Parquet write",
    "core": "scoring core (read -> score)",
    "end_to_end": "end to end (workbook + Parquet)",
    "end_to_end_parquet": "end to end (Parquet only)",
    "baseline": "baseline end to end (pandas + openpyxl)",
}
PIPELINE_STAGES = ("read", "validate", "score", "workbook", "parquet", "core")
CACHED = ("ingested", "kept", "scored", "result")


def cache_path(work_dir: Path, name: str) -> Path:
    """Where one pickled intermediate of a size lives."""
    return Path(work_dir) / f"{name}.pkl"


def prepare(source: Path, work_dir: Path, settings: Settings) -> None:
    """Run the pipeline once and pickle each stage's input for the stage measurements."""
    started = 0.0
    ingested = screen.ingest(source, settings)
    validated = screen.validate(ingested, settings)
    kept, duplicates = screen.deduplicate(validated.candidates, settings)
    scored = screen.score_stage(kept, settings)
    result = screen.assemble(ingested, validated, duplicates, scored, settings, started)
    Path(work_dir).mkdir(parents=True, exist_ok=True)
    for name, value in zip(CACHED, (ingested, kept, scored, result), strict=True):
        with cache_path(work_dir, name).open("wb") as handle:
            pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)


def _load(work_dir: Path, name: str) -> object:
    """One pickled intermediate."""
    with cache_path(work_dir, name).open("rb") as handle:
        return pickle.load(handle)


def stage_work(stage: str, source: Path, work_dir: Path, settings: Settings) -> Work:
    """Load the stage's input (untimed) and return the callable whose run is measured."""
    out = Path(work_dir) / "outputs"
    out.mkdir(parents=True, exist_ok=True)
    if stage == "read":
        return lambda: _none(screen.ingest(source, settings))
    if stage == "validate":
        ingested = _load(work_dir, "ingested")
        return lambda: _none(
            screen.deduplicate(screen.validate(ingested, settings).candidates, settings)
        )
    if stage == "score":
        kept = _load(work_dir, "kept")
        return lambda: _none(screen.score_stage(kept, settings))
    if stage == "parquet":
        scored = _load(work_dir, "scored")
        return lambda: _none(write_parquet(scored, out / "scored.parquet"))
    if stage == "workbook":
        result = _load(work_dir, "result")
        return lambda: _none(write_workbook(out / "ranked.xlsx", result, settings))
    if stage == "core":
        return lambda: _none(screen.screen_file(source, settings))
    if stage == "end_to_end":
        return lambda: _none(publish(screen.screen_file(source, settings), out, settings))
    if stage == "end_to_end_parquet":
        return lambda: _none(
            write_parquet(screen.screen_file(source, settings).scored, out / "e2e.parquet")
        )
    if stage == "baseline":
        from bench.baseline import run_baseline

        return lambda: run_baseline(source, out, settings)
    raise ValueError(f"unknown stage {stage!r}")


def _none(_: object) -> None:
    """Discard a stage's result (the measurement is the time and memory it took)."""
    return None
