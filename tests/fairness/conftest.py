"""Builders for the fairness tests: scored and protected tables, a screening result."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from pipelines.screening.publish import AUDIT, OUTPUTS, RUN_RECORD, publish
from pipelines.screening.results import RunMeta, ScreeningResult
from pipelines.settings import Settings
from pipelines.settings.fairness import FairnessConfig
from schemas.names import Recommendation


@pytest.fixture(scope="session")
def fairness(settings: Settings) -> FairnessConfig:
    """The repository's config/fairness.toml."""
    return settings.fairness


def groups_frame(
    column: str, groups: list[tuple[str | None, int, int]]
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(scored, protected) with `n` candidates per answer, the first `advanced` of them Advance."""
    answers, recommendations = [], []
    for answer, n, advanced in groups:
        answers += [answer] * n
        recommendations += [Recommendation.ADVANCE.value] * advanced + [
            Recommendation.HOLD.value
        ] * (n - advanced)
    rows = list(range(2, len(answers) + 2))
    scored = pl.DataFrame(
        {
            "rank": list(range(1, len(rows) + 1)),
            "score": [0.0] * len(rows),
            "recommendation": recommendations,
            "source_row": rows,
        },
        schema={
            "rank": pl.Int64,
            "score": pl.Float64,
            "recommendation": pl.String,
            "source_row": pl.Int64,
        },
    )
    protected = pl.DataFrame(
        {"source_row": rows, column: answers}, schema={"source_row": pl.Int64, column: pl.String}
    )
    return scored, protected


def screening_result(
    scored: pl.DataFrame,
    protected: pl.DataFrame,
    source_file: str = "export.csv",
    sha256: str = "ab" * 32,
    started_at: str = "2025-03-01T02:00:00+00:00",
) -> ScreeningResult:
    """A ScreeningResult around the given tables, with fixed run facts."""
    meta = RunMeta(
        source_file=source_file,
        source_path=f"/inbox/{source_file}",
        sha256=sha256,
        sheet=None,
        header_row=1,
        rows_read=scored.height + 2,
        blank_rows=1,
        column_mapping={"Gender": "gender"},
        unknown_headers=[],
        warnings=[],
        config_hashes={"scoring.toml": "cd" * 32, "columns.toml": "ef" * 32},
        versions={"coder-screen": "0.1.0", "polars": pl.__version__},
        started_at=started_at,
        finished_at=started_at,
        seconds=0.5,
    )
    rejected = pl.DataFrame(
        {"source_row": [90], "source_file": [source_file], "reason": ["footer"]},
        schema={"source_row": pl.Int64, "source_file": pl.String, "reason": pl.String},
    )
    duplicates = pl.DataFrame(schema={"source_row": pl.Int64, "kept_source_row": pl.Int64})
    return ScreeningResult(scored, rejected, duplicates, protected, meta)


def publish_run_files(result: ScreeningResult, out_dir: Path, settings: Settings) -> dict:
    """Publish only the run record and audit counts of `result` (its frames make no workbook)."""
    fairness_outputs = [o for o in OUTPUTS if o.key in (AUDIT, RUN_RECORD)]
    return publish(result, out_dir, settings, fairness_outputs)
