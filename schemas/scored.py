"""Output contract: the scored table written to Parquet and shown on the Ranked sheet."""

from __future__ import annotations

import pandera.polars as pa
import polars as pl

from schemas.names import (
    FLAG_COLUMNS,
    INDICATOR_COLUMNS,
    LEVEL_BASES,
    LEVELS,
    RECOMMENDATIONS,
    Recommendation,
)

# The contract's names (schemas/names.py), as the scored table's column lists.
INDICATORS = list(INDICATOR_COLUMNS)
FLAGS = list(FLAG_COLUMNS)
# Job profiles (docs/DESIGN.md, "Job profiles"): which profile weighed the application, what
# counted as evidence, and what to check or review (never scored, never a rejection).
PROFILE_COLUMNS = [
    "job_profile",
    "title_relevant",
    "credential_lapsed",
    "claim_checks",
    "knockouts",
    "ats_status_rejected",
    "cross_job_applications",
]
CONTRACT = [
    "rank",
    "score",
    "recommendation",
    "full_name",
    "email",
    "phone",
    "level",
    "level_basis",
    "level_evidence",
    "years_experience",
    "credentials",
    "coding_systems",
    "specialties",
    "accuracy_pct",
    "records_per_day",
    *INDICATORS,
    *FLAGS,
    "red_flag_count",
    "explanation",
    "data_issues",
    *PROFILE_COLUMNS,
    "source_row",
    "source_file",
]

# Columns of the candidates table the scorer carries through after the contract, in order.
CARRIED_THROUGH = (
    "candidate_id",
    "job",
    "applied_at",
    "current_title",
    "current_company",
    "location",
    "source",
    "stage",
    "team_size",
    "improvement_pct",
    "years_source",
    "resume_file",
    "resume_text",
)
# The scored table's columns, in order: the contract, then the carried-through columns (any
# other input column follows these, untouched).
SCORED_COLUMNS = (*CONTRACT, *CARRIED_THROUGH)


def _flag_count_matches() -> pa.Check:
    """red_flag_count equals the number of raised flags (a not-stated, null flag counts 0)."""
    total = pl.sum_horizontal([pl.col(f).cast(pl.Int64).fill_null(0) for f in FLAGS])
    return pa.Check(
        lambda data: data.lazyframe.select(pl.col("red_flag_count") == total),
        name="red_flag_count_matches_flags",
    )


def _flagged_never_advance() -> pa.Check:
    """A candidate with a red flag is never recommended Advance."""
    return pa.Check(
        lambda data: data.lazyframe.select(
            ~(
                (pl.col("red_flag_count") > 0)
                & (pl.col("recommendation") == Recommendation.ADVANCE.value)
            )
        ),
        name="red_flag_never_advance",
    )


def _rank_unique_within_job() -> pa.Check:
    """`rank` restarts at 1 in every job: unique within a job (a null job is the export)."""
    job = pl.col("job").str.replace_all(r"\s+", " ").str.strip_chars().str.to_lowercase()
    return pa.Check(
        lambda data: data.lazyframe.select(pl.col("rank").is_unique().over(job.fill_null(""))),
        name="rank_unique_within_job",
    )


def scored_schema(max_score: float) -> pa.DataFrameSchema:
    """The scored table's contract: columns, types, value sets and cross-column rules."""
    text = {"nullable": True}
    spec: dict[str, pa.Column] = {
        "rank": pa.Column(pl.Int64, [pa.Check.ge(1)]),
        "score": pa.Column(pl.Float64, pa.Check.in_range(0, max_score)),
        "recommendation": pa.Column(pl.String, pa.Check.isin(list(RECOMMENDATIONS))),
        "full_name": pa.Column(pl.String, **text),
        "email": pa.Column(pl.String, **text),
        "phone": pa.Column(pl.String, **text),
        "level": pa.Column(pl.String, pa.Check.isin(list(LEVELS))),
        "level_basis": pa.Column(pl.String, pa.Check.isin(list(LEVEL_BASES))),
        "level_evidence": pa.Column(pl.String, pa.Check.isin(list(LEVELS))),
        "years_experience": pa.Column(pl.Float64, pa.Check.ge(0), nullable=True),
        "credentials": pa.Column(pl.String, **text),
        "coding_systems": pa.Column(pl.String, **text),
        "specialties": pa.Column(pl.String, **text),
        "accuracy_pct": pa.Column(pl.Float64, pa.Check.in_range(0, 100), nullable=True),
        "records_per_day": pa.Column(pl.Float64, pa.Check.ge(0), nullable=True),
        **{name: pa.Column(pl.Boolean) for name in INDICATORS},
        # A flag is null when the export stated nothing about its fact ("not stated, ask").
        **{name: pa.Column(pl.Boolean, nullable=True) for name in FLAGS},
        "red_flag_count": pa.Column(pl.Int64, pa.Check.in_range(0, len(FLAGS))),
        "explanation": pa.Column(pl.String),
        "data_issues": pa.Column(pl.String, **text),
        "job_profile": pa.Column(pl.String),
        "title_relevant": pa.Column(pl.Boolean),
        # Null when no credential date or lapse was stated; a fact to check, not a red flag.
        "credential_lapsed": pa.Column(pl.Boolean, nullable=True),
        "claim_checks": pa.Column(pl.String, **text),
        "knockouts": pa.Column(pl.String, **text),
        "ats_status_rejected": pa.Column(pl.Boolean, nullable=True),
        "cross_job_applications": pa.Column(pl.String, **text),
        "source_row": pa.Column(pl.Int64, unique=True),
        "source_file": pa.Column(pl.String),
    }
    return pa.DataFrameSchema(
        spec,
        checks=[_flag_count_matches(), _flagged_never_advance(), _rank_unique_within_job()],
        strict=False,
        name="scored_candidates",
    )


def validate_scored(scored: pl.DataFrame, max_score: float) -> pl.DataFrame:
    """Validate the scored table lazily against the configured score maximum; raises pandera
    SchemaErrors listing every breach."""
    return scored_schema(max_score).validate(scored, lazy=True)
