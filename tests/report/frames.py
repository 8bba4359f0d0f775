"""Contract-shaped frames for report tests: scored, rejected and duplicate rows, with nulls."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import polars as pl

from pipelines.screening.results import RunMeta, ScreeningResult
from pipelines.settings.base import load_model
from pipelines.settings.report import ReportConfig, load_report
from pipelines.settings.scoring import ScoringConfig
from schemas.names import Level, Recommendation
from schemas.scored import FLAGS, INDICATORS

CONFIG_DIR = Path(__file__).resolve().parents[2] / "config"
CONFIG = CONFIG_DIR / "report.toml"

FIRST = ["Ana", "Ben", "Chloe", "Dev", "Elif", "Femi", "Gus", "Hana", "Ivan", "Jo", "Kai"]
LAST = ["Ortiz", "Okafor", "Nguyen", "Patel", "Schmidt", "Kowalski", "Haddad", "Lee", "Moreau"]
LEVELS = [
    Level.SENIOR.value,
    Level.MID.value,
    Level.JUNIOR.value,
    Level.UNKNOWN.value,
    Level.MID.value,
    Level.JUNIOR.value,
]
CREDENTIALS = ["CPC, CCS", "CPC", None, "RHIT", "CCA", None, "CPC, CRC"]
SYSTEMS = ["ICD-10-CM, CPT, HCPCS", "ICD-10-CM, CPT", None, "CPT"]
SPECIALTIES = ["Cardiology, Orthopedics", "Emergency medicine", None, "Oncology, Radiology"]
TITLES = ["Senior Medical Coder", "Coding Specialist", None, "Billing and Coding Specialist"]


@dataclass(frozen=True)
class ReportOnlySettings:
    """The slice of Settings the report needs (the other config models live elsewhere)."""

    report: ReportConfig
    scoring: Any = None


def report_config(**limits: int) -> ReportConfig:
    """config/report.toml (with interview_guide.toml and the score maximum) as loaded by the
    pipeline, optionally with some limits replaced."""
    score_max = load_model(CONFIG_DIR / "scoring.toml", ScoringConfig).weights.score_max
    config = load_report(CONFIG_DIR, score_max)
    if not limits:
        return config
    return config.model_copy(update={"limits": config.limits.model_copy(update=limits)})


def _pick(values: list[Any], i: pl.Expr, dtype: pl.DataType = pl.String) -> pl.Expr:
    """values[i % len(values)] as an expression (nulls in the list stay null)."""
    return pl.lit(pl.Series(values, dtype=dtype)).gather(i % len(values))


def scored_frame(n: int) -> pl.DataFrame:
    """`n` scored candidates following the scored contract, best first, nulls in every column."""
    i = pl.col("i")
    every = lambda k: (i % k) == (k - 1)  # noqa: E731 - a tiny local predicate builder
    first = _pick(FIRST, i)
    last = _pick(LAST, i // len(FIRST))
    name = pl.concat_str([first, pl.lit(" "), last])
    score = (100.0 - i.cast(pl.Float64) * 100.0 / max(n, 1)).round(1)
    base = pl.DataFrame({"i": pl.int_range(0, n, eager=True)})
    frame = base.with_columns(
        (i + 1).cast(pl.Int64).alias("rank"),
        score.alias("score"),
        pl.when(score >= 70)
        .then(pl.lit(Recommendation.ADVANCE.value))
        .when(score >= 40)
        .then(pl.lit(Recommendation.REVIEW.value))
        .otherwise(pl.lit(Recommendation.HOLD.value))
        .alias("recommendation"),
        pl.when(every(13)).then(None).otherwise(name).alias("full_name"),
        pl.when(every(7))
        .then(None)
        .otherwise(
            pl.concat_str(
                [first.str.to_lowercase(), pl.lit("."), i.cast(pl.String), pl.lit("@example.com")]
            )
        )
        .alias("email"),
        pl.when(every(5))
        .then(None)
        .otherwise(pl.concat_str([pl.lit("(555) 01"), (i % 100).cast(pl.String).str.zfill(2)]))
        .alias("phone"),
        _pick(LEVELS, i).alias("level"),
        _pick(["years", "evidence", "years", "none"], i).alias("level_basis"),
        _pick([Level.SENIOR.value, Level.MID.value, Level.JUNIOR.value, None], i).alias(
            "level_evidence"
        ),
        pl.when(every(6))
        .then(None)
        .otherwise((i % 12).cast(pl.Float64) + 0.5)
        .alias("years_experience"),
        _pick(CREDENTIALS, i).alias("credentials"),
        _pick(SYSTEMS, i).alias("coding_systems"),
        _pick(SPECIALTIES, i).alias("specialties"),
        pl.when(every(4))
        .then(None)
        .otherwise(90.0 + (i % 10).cast(pl.Float64))
        .alias("accuracy_pct"),
        pl.when(every(3))
        .then(None)
        .otherwise(30.0 + (i % 40).cast(pl.Float64))
        .alias("records_per_day"),
        *(((i + k) % 3 == 0).alias(name_) for k, name_ in enumerate(INDICATORS)),
        *(
            pl.when(every(11)).then(None).otherwise((i + k) % 5 == 0).alias(name_)
            for k, name_ in enumerate(FLAGS)
        ),
        pl.concat_str(
            [
                pl.lit("Score "),
                score.cast(pl.String),
                pl.lit(": certified, 6 years, ICD-10 and CPT, 96% accuracy, leads a team of 4."),
            ]
        ).alias("explanation"),
        pl.when(every(9)).then(pl.lit("accuracy: '110%' is not a percentage")).alias("data_issues"),
        (i + 2).cast(pl.Int64).alias("source_row"),
        pl.lit("greenhouse_export.csv").alias("source_file"),
        pl.concat_str([pl.lit("GH-"), i.cast(pl.String).str.zfill(6)]).alias("candidate_id"),
        # One job, as most exports hold (tests/report/test_jobs.py covers several).
        pl.lit("Medical Coder II").alias("job"),
        pl.when(every(8))
        .then(None)
        .otherwise(pl.datetime(2024, 3, 1) + pl.duration(days=i % 60, hours=i % 24))
        .alias("applied_at"),
        _pick(TITLES, i).alias("current_title"),
        _pick(["Mercy Hospital", "Valley Clinic", None], i).alias("current_company"),
        _pick(["Austin, TX", None, "Columbus, OH"], i).alias("location"),
        _pick(["LinkedIn", "Referral", None, "Indeed"], i).alias("source"),
        _pick(["Applied", "Screen", None], i).alias("stage"),
        pl.when(every(2)).then(None).otherwise((i % 8).cast(pl.Int64)).alias("team_size"),
        pl.when(every(3)).then(None).otherwise((i % 40).cast(pl.Float64)).alias("improvement_pct"),
        pl.when(every(10))
        .then(None)
        .otherwise(
            pl.concat_str(
                [
                    pl.lit(
                        "Certified coder.\nProcessed 50+ patient records daily using "
                        "ICD-10 and CPT. Achieved 98% accuracy. "
                    )
                ]
                * 5
            )
        )
        .alias("resume_text"),
        _pick(["R-1", None, "R-3"], i).alias("Referral Code"),
    )
    frame = frame.with_columns(
        pl.sum_horizontal(pl.col(FLAGS).fill_null(False).cast(pl.Int64)).alias("red_flag_count")
    )
    return frame.drop("i")


def rejected_frame() -> pl.DataFrame:
    """Rows validation set aside: reason and the original (string) values."""
    return pl.DataFrame(
        {
            "source_row": [40, 12, None],
            "source_file": ["greenhouse_export.csv"] * 3,
            "reason": ["no name, email or id", "totals row", None],
            "First Name": [None, "TOTAL", "=1+1"],
            "Email": [None, None, "x@y.z"],
        },
        schema_overrides={"source_row": pl.Int64},
    )


def duplicates_frame() -> pl.DataFrame:
    """Rows dropped as the same person applying twice."""
    return pl.DataFrame(
        {
            "source_row": [30, 31],
            "kept_source_row": [3, None],
            "matched_on": ["email", "name + phone"],
            "full_name": ["Ana Ortiz", None],
            "email": ["ana.0@example.com", None],
            "applied_at": [datetime(2024, 1, 2, 9, 30), None],
            "years_experience": [6.5, None],
        },
        schema_overrides={"source_row": pl.Int64, "kept_source_row": pl.Int64},
    )


def screening_result(
    scored: pl.DataFrame,
    rejected: pl.DataFrame | None = None,
    duplicates: pl.DataFrame | None = None,
    blank_rows: int = 2,
) -> ScreeningResult:
    """A ScreeningResult around `scored`; rows read = ranked + rejected + duplicates + blank."""
    rejected = rejected_frame() if rejected is None else rejected
    duplicates = duplicates_frame() if duplicates is None else duplicates
    meta = RunMeta(
        source_file="greenhouse_export.csv",
        source_path="/data/inbox/greenhouse_export.csv",
        sha256="ab" * 32,
        sheet=None,
        header_row=1,
        rows_read=scored.height + rejected.height + duplicates.height + blank_rows,
        blank_rows=blank_rows,
        column_mapping={"First Name": "first_name", "Email": "email"},
        unknown_headers=["Referral Code"],
        warnings=["duplicate header 'Email' renamed 'Email (2)'"],
        config_hashes={"report.toml": "cd" * 32, "scoring.toml": "ef" * 32},
        versions={"coder-screen": "0.1.0", "polars": pl.__version__},
        started_at="2024-05-01T02:00:00",
        finished_at="2024-05-01T02:00:03",
        seconds=3.25,
    )
    return ScreeningResult(
        scored=scored,
        rejected=rejected,
        duplicates=duplicates,
        protected=pl.DataFrame({"source_row": scored["source_row"]}),
        meta=meta,
    )
