"""Evidence, levels, red flags, score, rank: pure polars (no prefect, no openpyxl)."""

from pipelines.scoring.jobs import JOB_PROFILE_COLUMNS, job_profiles
from pipelines.scoring.score import score_candidates

__all__ = ["JOB_PROFILE_COLUMNS", "job_profiles", "score_candidates"]
