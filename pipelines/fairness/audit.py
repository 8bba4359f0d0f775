"""Adverse-impact audit in pure polars: selection and scoring rates and impact ratios per group."""

from __future__ import annotations

from datetime import date

import polars as pl

from pipelines.fairness.schema import AUDIT_COLUMNS, COUNTS, audit_schema
from pipelines.settings.fairness import AgeRules, AnswerRules, FairnessConfig

AGE_BAND = "age_band"
AGE_SOURCES = ("age", "date_of_birth")
REFERENCE_DATE = "applied_at"
_SELECTED = "_selected"
_ABOVE = "_above_median"


def fold_answer(column: str) -> pl.Expr:
    """An answer's match key: straight quotes, single spaces, trimmed, lower case, '' for null."""
    return (
        pl.col(column)
        .str.replace_all("[\u2018\u2019\u02bc`]", "'")
        .str.replace_all(r"\s+", " ")
        .str.strip_chars()
        .str.to_lowercase()
        .fill_null("")
    )


def _tidy(column: str) -> pl.Expr:
    """An answer as shown: trimmed, single spaces."""
    return pl.col(column).str.replace_all(r"\s+", " ").str.strip_chars()


def categorise(frame: pl.DataFrame, column: str, answers: AnswerRules) -> pl.DataFrame:
    """Replace `column` by its label: unknown/declined, a synonym, or its commonest spelling."""
    key, tidy, seen = "_key", "_tidy", "_seen"
    unknown = "|".join(f"(?:{p})" for p in answers.unknown_patterns)
    synonyms = {spelling: label for label, words in answers.synonyms.items() for spelling in words}
    labelled = (
        frame.with_columns(fold_answer(column).alias(key), _tidy(column).alias(tidy))
        .with_columns(pl.len().over(tidy).alias(seen))
        .with_columns(
            pl.when(pl.col(key).str.contains(unknown))
            .then(pl.lit(answers.unknown_label))
            .otherwise(
                pl.coalesce(
                    pl.col(key).replace_strict(synonyms, default=None, return_dtype=pl.String),
                    pl.col(tidy)
                    .sort_by([pl.col(seen), pl.col(tidy)], descending=[True, False])
                    .first()
                    .over(key),
                )
            )
            .alias(column)
        )
    )
    return labelled.drop(key, tidy, seen)


def _age_at(born: pl.Expr, on: pl.Expr) -> pl.Expr:
    """Whole years from `born` to `on` (both dates)."""
    before_birthday = (on.dt.month() < born.dt.month()) | (
        (on.dt.month() == born.dt.month()) & (on.dt.day() < born.dt.day())
    )
    return on.dt.year() - born.dt.year() - before_birthday.cast(pl.Int32)


def _band(years: pl.Expr, rules: AgeRules) -> pl.Expr:
    """The label of the band holding `years` (null when unknown or out of range)."""
    valid = years.is_between(rules.min_age, rules.max_age)
    chain = pl.when(valid.not_() | years.is_null()).then(pl.lit(None, dtype=pl.String))
    for band in sorted(rules.bands, key=lambda b: b.min_age, reverse=True):
        chain = chain.when(years >= band.min_age).then(pl.lit(band.label))
    return chain.otherwise(pl.lit(None, dtype=pl.String))


def with_age_band(frame: pl.DataFrame, rules: AgeRules, as_of: date | None) -> pl.DataFrame:
    """Add the audit-only `age_band` from `age` (a number or an ATS band) or `date_of_birth`."""
    if not any(c in frame.columns for c in AGE_SOURCES):
        return frame
    text = _tidy("age") if "age" in frame.columns else pl.lit(None, dtype=pl.String)
    number = (
        fold_answer("age").str.extract(rules.number_pattern, 1).cast(pl.Int64, strict=False)
        if "age" in frame.columns
        else pl.lit(None, dtype=pl.Int64)
    )
    on = pl.lit(as_of, dtype=pl.Date)
    if REFERENCE_DATE in frame.columns:
        on = pl.coalesce(pl.col(REFERENCE_DATE).cast(pl.Date, strict=False), on)
    from_birth = pl.lit(None, dtype=pl.Int64)
    if "date_of_birth" in frame.columns:
        born = pl.coalesce(
            [
                _tidy("date_of_birth").str.strptime(pl.Date, fmt, strict=False)
                for fmt in rules.date_formats
            ]
        )
        from_birth = _age_at(born, on).cast(pl.Int64)
    band = (
        pl.when(number.is_not_null())
        .then(_band(number, rules))
        .otherwise(pl.coalesce(_band(from_birth, rules), text))
    )
    return frame.with_columns(band.alias(AGE_BAND))


def _outcomes(
    scored: pl.DataFrame, config: FairnessConfig, selected: pl.Expr | None = None
) -> pl.DataFrame:
    """One row per ranked candidate: source_row, selected (by default: the tool recommends the
    configured value), scored above the median of all."""
    keep = ["source_row", *([REFERENCE_DATE] if REFERENCE_DATE in scored.columns else [])]
    if selected is None:
        selected = pl.col("recommendation") == config.selected_recommendation
    return scored.select(
        *keep,
        selected.fill_null(False).alias(_SELECTED),
        (pl.col("score") > pl.col("score").median()).fill_null(False).alias(_ABOVE),
    )


def _axis(columns: list[str], present: list[str]) -> str | None:
    """The first of an intersection axis' columns that the export carries."""
    return next((c for c in columns if c in present), None)


def _counts(frame: pl.DataFrame, column: str, dimension: str, unknown: str) -> pl.DataFrame:
    """Counts per category of one (already categorised) column."""
    return (
        frame.group_by(pl.col(column).alias("group"))
        .agg(
            pl.len().cast(pl.Int64).alias("candidates"),
            pl.col(_SELECTED).sum().cast(pl.Int64).alias("selected"),
            pl.col(_ABOVE).sum().cast(pl.Int64).alias("scored_above_median"),
        )
        .select(
            pl.lit(dimension).alias("dimension"),
            "group",
            (pl.col("group") == unknown).alias("is_unknown"),
            "candidates",
            "selected",
            "scored_above_median",
        )
    )


def audit_counts(
    scored: pl.DataFrame,
    protected: pl.DataFrame,
    config: FairnessConfig,
    as_of: date | None = None,
    selected: pl.Expr | None = None,
) -> pl.DataFrame:
    """Counts per category of each protected column and per sex x race/ethnicity intersection;
    `selected` (a boolean expression on `scored`) replaces the tool's recommendation."""
    unknown = config.answers.unknown_label
    joined = _outcomes(scored, config, selected).join(
        protected.drop(REFERENCE_DATE, strict=False), on="source_row", how="left"
    )
    joined = with_age_band(joined, config.age, as_of)
    present = [c for c in config.audit_columns if c in joined.columns]
    for column in present:
        joined = categorise(joined, column, config.answers)
    parts = [_counts(joined, column, column, unknown) for column in present]
    axes = [_axis(axis, present) for axis in config.intersection_axes]
    if all(axes) and axes[0] != axes[1]:
        left, right = axes
        name = f"{left}{config.intersection_name_separator}{right}"
        either_unknown = (pl.col(left) == unknown) | (pl.col(right) == unknown)
        crossed = joined.with_columns(
            pl.when(either_unknown)
            .then(pl.lit(unknown))
            .otherwise(pl.concat_str(left, pl.lit(config.intersection_separator), right))
            .alias(name)
        )
        parts.append(_counts(crossed, name, name, unknown))
    if not parts:
        return pl.DataFrame(schema=COUNTS)
    return pl.concat(parts)


def _ratio(rate: str, eligible: pl.Expr, threshold: float) -> dict[str, pl.Expr]:
    """Impact ratio of `rate` against the highest eligible group, its reference mark and flag."""
    best = pl.when(eligible).then(pl.col(rate)).max().over("dimension")
    ratio = pl.when(pl.col("is_unknown").not_() & (best > 0)).then(pl.col(rate) / best)
    stem = rate.removesuffix("_rate")
    return {
        f"{stem}_impact_ratio": ratio,
        f"{stem}_reference": (eligible & (best > 0) & (pl.col(rate) == best)).fill_null(False),
        f"{stem}_flag": (ratio < threshold).fill_null(False),
    }


def rates_and_ratios(counts: pl.DataFrame, config: FairnessConfig) -> pl.DataFrame:
    """Shares, rates, impact ratios and marks from counts (one run or many pooled)."""
    share = pl.col("candidates") / pl.col("candidates").sum().over("dimension")
    eligible = pl.col("is_unknown").not_() & pl.col("is_small").not_()
    order = {name: i for i, name in enumerate(config.audit_columns)}
    table = (
        counts.with_columns(
            share.alias("share"),
            (share < config.small_group_share).alias("is_small"),
            (pl.col("selected") / pl.col("candidates")).alias("selection_rate"),
            (pl.col("scored_above_median") / pl.col("candidates")).alias("scoring_rate"),
        )
        .with_columns(
            **_ratio("selection_rate", eligible, config.impact_ratio_threshold),
            **_ratio("scoring_rate", eligible, config.impact_ratio_threshold),
        )
        .with_columns(
            pl.col(c).round(config.decimals)
            for c in (
                "share",
                "selection_rate",
                "scoring_rate",
                "selection_impact_ratio",
                "scoring_impact_ratio",
            )
        )
        .sort(
            pl.col("dimension").replace_strict(order, default=len(order), return_dtype=pl.Int64),
            "dimension",
            "is_unknown",
            "candidates",
            "group",
            descending=[False, False, False, True, False],
        )
        .select(list(AUDIT_COLUMNS))
    )
    return audit_schema().validate(table)


def audit_table(
    scored: pl.DataFrame,
    protected: pl.DataFrame,
    config: FairnessConfig,
    as_of: date | None = None,
) -> pl.DataFrame:
    """The audit table of one run; empty when the export carried no protected column."""
    return rates_and_ratios(audit_counts(scored, protected, config, as_of), config)


def pool_counts(tables: list[pl.DataFrame], config: FairnessConfig) -> pl.DataFrame:
    """Sum counts of many runs per dimension and group (groups matched case-insensitively)."""
    if not tables:
        return rates_and_ratios(pl.DataFrame(schema=COUNTS), config)
    stacked = pl.concat([t.select(list(COUNTS)) for t in tables]).with_columns(
        pl.col("group").str.to_lowercase().alias("_key")
    )
    pooled = stacked.group_by("dimension", "_key").agg(
        pl.col("group")
        .sort_by([pl.col("candidates"), pl.col("group")], descending=[True, False])
        .first(),
        pl.col("is_unknown").any(),
        pl.col("candidates").sum(),
        pl.col("selected").sum(),
        pl.col("scored_above_median").sum(),
    )
    return rates_and_ratios(pooled.select(list(COUNTS)), config)
