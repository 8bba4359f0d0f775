"""Prefect flow `score-export`: one ATS export in, ranked workbook and Parquet out."""

from __future__ import annotations

import time
from pathlib import Path

from prefect import flow, get_run_logger

from pipelines import screen
from pipelines.flows import tasks
from pipelines.settings import load_settings
from pipelines.summary import FileSummary, summarize


@flow(name="score-export", log_prints=False)
def score_export(
    input_path: str,
    out_dir: str,
    config_dir: str | None = None,
    sheet: str | None = None,
) -> dict:
    """Screen one export and write `<stem>-ranked.xlsx` and `<stem>-scored.parquet`."""
    logger = get_run_logger()
    started = time.time()
    settings = load_settings(Path(config_dir) if config_dir else None)
    ingested = tasks.read_export(Path(input_path), settings, sheet)
    if isinstance(ingested, FileSummary):
        logger.warning("refused %s: %s", ingested.file, ingested.reason)
        return ingested.as_dict()
    logger.info(
        "read %s (sha256 %s): %d rows", ingested.path.name, ingested.sha256[:12], ingested.rows_read
    )
    validated = tasks.validate(ingested, settings)
    kept, duplicates = tasks.deduplicate(validated.candidates, settings)
    scored = tasks.score(kept, settings)
    result = screen.assemble(ingested, validated, duplicates, scored, settings, started)
    paths = tasks.write_outputs(result, Path(out_dir), settings)
    summary = summarize(result, paths)
    logger.info(
        "scored %s: %d ranked, %d rejected, %d duplicates, %d blank",
        summary.file,
        summary.ranked,
        summary.rejected,
        summary.duplicates,
        summary.blank_rows,
    )
    return summary.as_dict()
