"""Jobs of an export: which profile each job gets and why, and ranks within a job."""

from __future__ import annotations

import polars as pl

from pipelines.scoring.patterns import bounded
from pipelines.scoring.templates import filled
from pipelines.settings.profiles import ProfilesConfig

JOB_KEY = "__scoring_job_key"
JOB_ORDER = "__scoring_job_order"
JOB_PROFILE_COLUMNS = {
    "job": pl.String(),
    "job_profile": pl.String(),
    "profile_label": pl.String(),
    "profile_reason": pl.String(),
    "applications": pl.Int64(),
    "questions": pl.String(),
}


def job_key(columns: list[str]) -> pl.Expr:
    """The job an application is for, trimmed and lower-cased; "" when the export names none
    (then the job is the export itself)."""
    if "job" not in columns:
        return pl.lit("")
    text = pl.col("job").str.replace_all(r"\s+", " ").str.strip_chars().str.to_lowercase()
    return text.fill_null("")


def _matched(title: pl.Expr, config: ProfilesConfig) -> tuple[pl.Expr, pl.Expr]:
    """(profile, pattern) of the first title pattern, in config order, that the title matches."""
    name: pl.Expr | None = None
    pattern: pl.Expr | None = None
    for profile_name, profile in config.profiles.items():
        for fragment in profile.titles:
            hit = title.str.contains(bounded([fragment]))
            name = (pl.when(hit) if name is None else name.when(hit)).then(pl.lit(profile_name))
            pattern = (pl.when(hit) if pattern is None else pattern.when(hit)).then(
                pl.lit(fragment)
            )
    if name is None or pattern is None:
        return pl.lit(None, pl.String), pl.lit(None, pl.String)
    return name.otherwise(pl.lit(None, pl.String)), pattern.otherwise(pl.lit(None, pl.String))


def job_profiles(
    candidates: pl.DataFrame, config: ProfilesConfig, profile: str | None = None
) -> pl.DataFrame:
    """One row per job, in order of first appearance: the profile it gets and why
    (JOB_PROFILE_COLUMNS; the About sheet and the run record show it).

    Pinned in config wins, then `profile` (`--profile NAME`), then the first title pattern that
    matches the job title, then the default. ValueError for an unknown `profile`.
    """
    return job_table(candidates, config, profile).select(*JOB_PROFILE_COLUMNS)


def job_table(
    candidates: pl.DataFrame, config: ProfilesConfig, profile: str | None = None
) -> pl.DataFrame:
    """`job_profiles` with the job's order and key, for joining back to the applications."""
    if profile is not None:
        config.profile(profile)
    words = config.words
    key = job_key(candidates.columns)
    shown = pl.col("job").str.strip_chars() if "job" in candidates.columns else pl.lit(None)
    jobs = (
        candidates.lazy()
        .select(key.alias(JOB_KEY), shown.cast(pl.String).alias("job"))
        .group_by(JOB_KEY, maintain_order=True)
        .agg(pl.col("job").drop_nulls().first(), pl.len().cast(pl.Int64).alias("applications"))
        .with_row_index(JOB_ORDER)
    )
    pinned = {" ".join(job.split()).lower(): name for job, name in config.pinned.items()}
    by_pin = pl.col(JOB_KEY).replace_strict(pinned, default=None, return_dtype=pl.String)
    by_title, pattern = _matched(pl.col(JOB_KEY), config)
    chosen = (
        pl.when(by_pin.is_not_null())
        .then(by_pin)
        .when(pl.lit(profile is not None))
        .then(pl.lit(profile, pl.String))
        .otherwise(pl.coalesce(by_title, pl.lit(config.default)))
    )
    reason = (
        pl.when(by_pin.is_not_null())
        .then(pl.lit(words.pinned))
        .when(pl.lit(profile is not None))
        .then(pl.lit(words.argument.format(profile=profile)))
        .when(by_title.is_not_null())
        .then(filled(words.matched, title=pl.col("job"), pattern=pattern))
        .when(pl.col(JOB_KEY) == "")
        .then(pl.lit(words.no_job.format(default=config.default)))
        .otherwise(pl.lit(words.no_match.format(default=config.default)))
    )
    labels = {name: item.label for name, item in config.profiles.items()}
    questions = {name: ", ".join(item.questions) for name, item in config.profiles.items()}
    return (
        jobs.with_columns(job_profile=chosen, profile_reason=reason)
        .with_columns(
            profile_label=pl.col("job_profile").replace_strict(labels, return_dtype=pl.String),
            questions=pl.col("job_profile").replace_strict(questions, return_dtype=pl.String),
        )
        .select(JOB_ORDER, JOB_KEY, *JOB_PROFILE_COLUMNS)
        .collect()
    )


def rank_within_job(sorted_frame: pl.LazyFrame) -> pl.LazyFrame:
    """`rank` 1..n within each job, in the frame's (sorted) order."""
    return sorted_frame.with_columns(
        (pl.int_range(pl.len()).over(JOB_KEY) + 1).cast(pl.Int64).alias("rank")
    )
