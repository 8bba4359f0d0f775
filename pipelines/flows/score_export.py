"""Prefect flow `score-export`: one ATS export in, ranked workbook and Parquet out."""

from __future__ import annotations

from pathlib import Path

from prefect import flow, get_run_logger

from pipelines.flows.tasks import score_file
from pipelines.settings import load_settings


@flow(name="score-export", log_prints=False)
def score_export(
    input_path: str,
    out_dir: str,
    config_dir: str | None = None,
    sheet: str | None = None,
) -> dict:
    """Screen one export and write `<stem>-ranked.xlsx` and `<stem>-scored.parquet`."""
    logger = get_run_logger()
    settings = load_settings(Path(config_dir) if config_dir else None)
    summary = score_file(Path(input_path), Path(out_dir), settings, sheet)
    if summary.status != "scored":
        logger.warning("refused %s: %s", summary.file, summary.reason)
    else:
        logger.info(
            "scored %s (sha256 %s): %d rows read, %d ranked, %d rejected, %d duplicates, %d blank",
            summary.file,
            summary.sha256[:12],
            summary.rows_read,
            summary.ranked,
            summary.rejected,
            summary.duplicates,
            summary.blank_rows,
        )
    return summary.as_dict()
