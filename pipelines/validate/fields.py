"""Parse text fields into typed values; unreadable or out-of-range values become data issues."""

from __future__ import annotations

import polars as pl
from pandera.errors import SchemaErrors

from pipelines.settings.validation import ValidationConfig
from pipelines.settings.vocabulary import VocabularyConfig
from pipelines.validate.answers import count_answer, percent_answer, years_answer
from schemas.candidates import NUMERIC, typed_schema

ROW_INDEX = "_row_index"
ISSUE = "_issue"
TYPED = "_typed_"
CHECKED = [*NUMERIC, "applied_at"]
# Answers by shape ("None" years, "over 97 percent", "25-30") read in columns and questions alike.
PARSERS = {
    "years_experience": years_answer,
    "accuracy": percent_answer,
    "records_per_day": count_answer,
}
# Out-of-range values of these are blanked but kept as `<column>_claimed`, so the scorer can say
# in `claim_checks` what was claimed ("accuracy 140% is over 100%: check").
CLAIMED = ("accuracy", "records_per_day")


def _parse_dates(text: pl.Series, formats: list[str]) -> pl.Series:
    """First format that parses each text, as a microsecond datetime (null when none does)."""
    # Same as coalescing every format over every row, but each later format only sees the texts
    # the earlier ones could not read (usually none).
    text = text.str.strip_chars()
    parsed = pl.Series(text.name, [None] * len(text), dtype=pl.Datetime("us"))
    for fmt in formats:
        unread = (parsed.is_null() & text.is_not_null()).arg_true()
        if unread.is_empty():
            break
        values = text.gather(unread).str.strptime(pl.Datetime("us"), fmt, strict=False)
        parsed = parsed.scatter(unread, values)
    return parsed


def _typed_columns(vocabulary: VocabularyConfig) -> list[pl.Expr]:
    """Expressions that turn the raw text of numeric columns into typed values."""
    return [PARSERS[c](pl.col(c), vocabulary).cast(pl.Float64).alias(c) for c in NUMERIC]


def _issue_rows(raw: pl.DataFrame, typed: pl.DataFrame, labels: dict[str, str]) -> pl.DataFrame:
    """(row index, message) for every filled value that could not be read."""
    # One frame in one chunk holds each raw value beside its typed value, and every message is
    # formatted before anything is filtered: polars 2.1.0 panics when `pl.format` meets a String
    # column that a filter left with an empty chunk (docs/upstream/polars-binview-chunk-panic.py).
    pairs = pl.concat(
        [
            raw.select(ROW_INDEX, *CHECKED),
            typed.select(pl.col(CHECKED).name.prefix(TYPED)),
        ],
        how="horizontal",
    ).rechunk()
    messages = pairs.select(
        ROW_INDEX,
        *(
            pl.when(pl.col(c).is_not_null() & pl.col(f"{TYPED}{c}").is_null())
            .then(pl.format("{}: could not read '{}'", pl.lit(labels.get(c, c)), pl.col(c)))
            .alias(c)
            for c in CHECKED
        ),
    )
    return (
        messages.unpivot(index=ROW_INDEX, on=CHECKED, value_name=ISSUE)
        .drop_nulls(ISSUE)
        .select(ROW_INDEX, ISSUE)
        .rechunk()
    )


def _range_failures(
    typed: pl.DataFrame, raw: pl.DataFrame, config: ValidationConfig, labels: dict[str, str]
) -> pl.DataFrame:
    """(row index, column, message) for values outside their configured range, via pandera."""
    schema = typed_schema(dict(config.ranges))
    empty = pl.DataFrame(schema={ROW_INDEX: pl.UInt32, "column": pl.String, ISSUE: pl.String})
    try:
        schema.validate(typed.drop(ROW_INDEX), lazy=True)
        return empty
    except SchemaErrors as err:
        cases = err.failure_cases
    unexpected = cases.filter(~pl.col("column").is_in(NUMERIC) | pl.col("index").is_null())
    if unexpected.height:
        raise ValueError(f"parsed table breaks the candidate contract: {unexpected}")
    ranges = config.ranges.model_dump()
    bounds = pl.DataFrame(
        {
            "column": list(ranges),
            "_range": [f"{_num(r['min'])}-{_num(r['max'])}" for r in ranges.values()],
            "label": [labels.get(c, c) for c in ranges],
        }
    )
    raw_long = raw.unpivot(
        index=ROW_INDEX, on=NUMERIC, variable_name="column", value_name="_raw"
    ).rechunk()
    return (
        cases.select(pl.col("index").cast(pl.UInt32).alias(ROW_INDEX), "column")
        .unique(maintain_order=True)
        .join(bounds, on="column", how="left")
        .join(raw_long, on=[ROW_INDEX, "column"], how="left")
        .select(
            ROW_INDEX,
            "column",
            pl.format(
                "{}: '{}' is out of range ({})", pl.col("label"), pl.col("_raw"), pl.col("_range")
            ).alias(ISSUE),
        )
    )


def _num(value: float) -> str:
    """Render a bound without a useless '.0'."""
    return f"{value:g}"


def parse_fields(
    frame: pl.DataFrame,
    config: ValidationConfig,
    vocabulary: VocabularyConfig,
    labels: dict[str, str] | None = None,
) -> pl.DataFrame:
    """Typed candidates with `data_issues`; bad values are blanked, never the whole row dropped."""
    labels = labels or {}
    raw = frame.with_row_index(ROW_INDEX)
    typed = raw.with_columns(
        *_typed_columns(vocabulary),
        _parse_dates(raw.get_column("applied_at"), config.dates.formats),
    )
    if "data_issues" not in typed.columns:
        typed = typed.with_columns(pl.lit(None, dtype=pl.String).alias("data_issues"))
    unreadable = _issue_rows(raw, typed, labels)
    out_of_range = _range_failures(typed, raw, config, labels)
    outside = {
        c: pl.col(ROW_INDEX).is_in(
            out_of_range.filter(pl.col("column") == c).get_column(ROW_INDEX).implode()
        )
        for c in NUMERIC
    }
    blanked = typed.with_columns(
        *[pl.when(outside[c]).then(pl.col(c)).alias(f"{c}_claimed") for c in CLAIMED],
        *[pl.when(outside[c]).then(None).otherwise(pl.col(c)).alias(c) for c in NUMERIC],
    )
    issues = (
        pl.concat([unreadable, out_of_range.select(ROW_INDEX, ISSUE)])
        .rechunk()
        .group_by(ROW_INDEX, maintain_order=True)
        .agg(pl.col(ISSUE).str.join("; ").alias("data_issues"))
    )
    result = blanked.drop("data_issues").join(issues, on=ROW_INDEX, how="left").sort(ROW_INDEX)
    return result.drop(ROW_INDEX)
