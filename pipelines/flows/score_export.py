"""Prefect flow `score-export`: one ATS export in, its ranked workbook and run outputs out."""

from __future__ import annotations

from pathlib import Path

from prefect import flow, get_run_logger
from prefect.utilities.annotations import quote

from pipelines import environment as environments
from pipelines.flows.artifacts import publish_artifacts
from pipelines.flows.tasks import score_into_folder
from pipelines.ops import report
from pipelines.settings import load_settings
from schemas.outcomes import OutcomeStatus

FLOW_NAME = "score-export"
# Artifact key of every ad-hoc run (the nightly one comes from runtime.toml).
ARTIFACT_KEY = f"{FLOW_NAME}-summary"


@flow(name=FLOW_NAME, log_prints=False)
def score_export(
    input_path: str,
    out_dir: str,
    config_dir: str | None = None,
    sheet: str | None = None,
    resumes: str | None = None,
    answers: str | None = None,
    profile: str | None = None,
    previous: list[str] | None = None,
    state_dir: str | None = None,
) -> dict:
    """Screen one export and publish `<stem>-ranked.xlsx`, `-scored.parquet`, `-run.json` ...

    `resumes` / `answers`: resume documents and a long answers file given with the export.
    `profile` (a name of config/profiles.toml) ranks every job not pinned in config under it.
    `previous`: earlier workbooks whose recruiter columns are carried; their decisions go to
    the decisions log in `state_dir` (default: the environment's state directory).
    """
    logger = get_run_logger()
    settings = load_settings(Path(config_dir) if config_dir else None)
    chars = settings.runtime.nightly.hash_chars
    state = None
    if previous:
        chosen = environments.environment(settings)
        state = Path(state_dir) if state_dir else environments.resolve(chosen.state_dir)
    outcome = score_into_folder(
        Path(input_path),
        Path(out_dir),
        quote(settings),  # not walked by Prefect for futures (0.1 s); the task gets Settings
        sheet,
        resumes=resumes,
        answers=answers,
        profile=profile,
        previous=[Path(p) for p in previous or []],
        state_dir=state,
    )
    if outcome.status != OutcomeStatus.SCORED:
        logger.warning("refused %s: %s", outcome.file, outcome.reason)
    else:
        logger.info(
            "scored %s (sha256 %s): %d rows read, %d ranked, %d rejected, %d duplicates, %d blank",
            outcome.file,
            outcome.sha256[:chars],
            outcome.rows_read,
            outcome.ranked,
            outcome.rejected,
            outcome.duplicates,
            outcome.blank_rows,
        )
    publish_artifacts(
        [outcome],
        ARTIFACT_KEY,
        f"Ad-hoc run: {outcome.file}",
        report.ad_hoc_markdown([outcome], out_dir, chars),
        chars,
    )
    return outcome.as_dict()
