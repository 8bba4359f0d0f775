"""Evidence, levels, red flags, score, rank: pure polars (no prefect, no openpyxl)."""

from pipelines.scoring.score import score_candidates

__all__ = ["score_candidates"]
