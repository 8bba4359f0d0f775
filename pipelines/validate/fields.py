"""Parse text fields into typed values; unreadable or out-of-range values become data issues."""

from __future__ import annotations

import polars as pl
from pandera.errors import SchemaErrors

from pipelines.settings.validation import ValidationConfig
from pipelines.settings.vocabulary import VocabularyConfig
from pipelines.validate.answers import count_answer, percent_answer, years_answer
from pipelines.validate.distinct import PARSE_SHARE, per_distinct
from schemas.candidates import NUMERIC, typed_schema

ROW_INDEX = "_row_index"
ISSUE = "_issue"
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
_EMPTY_ISSUES = pl.DataFrame(schema={ROW_INDEX: pl.UInt32, ISSUE: pl.String})


def _parse_dates(text: pl.Series, formats: list[str]) -> pl.Series:
    """First format that parses each text, as a microsecond datetime (null when none does)."""
    # Same as coalescing every format over every row, but each later format only sees the texts
    # the earlier ones could not read (usually none).
    text = text.str.strip_chars()
    parsed = pl.Series(text.name, dtype=pl.Datetime("us")).extend_constant(None, text.len())
    for fmt in formats:
        unread = (parsed.is_null() & text.is_not_null()).arg_true()
        if unread.is_empty():
            break
        values = text.gather(unread).str.strptime(pl.Datetime("us"), fmt, strict=False)
        parsed = parsed.scatter(unread, values)
    return parsed


def _typed_columns(
    frame: pl.DataFrame, config: ValidationConfig, vocabulary: VocabularyConfig
) -> list[pl.Series]:
    """The numeric columns and `applied_at` typed from their text; the numbers' regexes run once
    per distinct text (answers repeat: "3-5 years", "95%"), dates row by row (cheap to parse)."""
    numbers = [
        per_distinct(
            frame.get_column(c),
            lambda text, c=c: PARSERS[c](text, vocabulary).cast(pl.Float64),
            PARSE_SHARE,
        )
        for c in NUMERIC
    ]
    dates = _parse_dates(frame.get_column("applied_at"), config.dates.formats)
    return [*numbers, dates]


def _issue_rows(raw: pl.DataFrame, typed: pl.DataFrame, labels: dict[str, str]) -> pl.DataFrame:
    """(row index, message) for every filled value that could not be read, column by column."""
    parts = [_EMPTY_ISSUES]
    for c in CHECKED:
        unread = raw.get_column(c).is_not_null() & typed.get_column(c).is_null()
        rows = unread.arg_true().cast(pl.UInt32)
        if rows.is_empty():
            continue
        # Gathered into one chunk before formatting: polars 2.1.0 panics when `pl.format` meets
        # a String column with an empty chunk (docs/upstream/polars-binview-chunk-panic.py).
        values = raw.get_column(c).gather(rows).rechunk()
        message = pl.format("{}: could not read '{}'", pl.lit(labels.get(c, c)), pl.col(c))
        parts.append(
            pl.DataFrame([rows.alias(ROW_INDEX), values]).select(ROW_INDEX, message.alias(ISSUE))
        )
    return pl.concat(parts)


def _range_failures(
    typed: pl.DataFrame, raw: pl.DataFrame, config: ValidationConfig, labels: dict[str, str]
) -> pl.DataFrame:
    """(row index, column, message) for values outside their configured range, via pandera."""
    schema = typed_schema(dict(config.ranges))
    empty = pl.DataFrame(schema={ROW_INDEX: pl.UInt32, "column": pl.String, ISSUE: pl.String})
    try:
        schema.validate(typed, lazy=True)
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
    failing = cases.select(pl.col("index").cast(pl.UInt32).alias(ROW_INDEX), "column").unique(
        maintain_order=True
    )
    # The raw text of the failing rows only, one row per (row, column).
    rows = failing.get_column(ROW_INDEX).unique().sort()
    raw_long = (
        raw.select(NUMERIC)
        .gather(rows)
        .with_columns(rows.alias(ROW_INDEX))
        .unpivot(index=ROW_INDEX, on=NUMERIC, variable_name="column", value_name="_raw")
    )
    return (
        failing.join(bounds, on="column", how="left", maintain_order="left")
        .join(raw_long, on=[ROW_INDEX, "column"], how="left", maintain_order="left")
        .rechunk()
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


def _at_rows(rows: pl.Series, values: pl.Series, height: int) -> pl.Series:
    """A column of `height` nulls holding `values` at `rows`."""
    empty = pl.Series(values.name, dtype=values.dtype).extend_constant(None, height)
    return empty.scatter(rows, values) if rows.len() else empty


def _flags(rows: pl.Series, height: int) -> pl.Series:
    """A Boolean column of `height` rows, true at `rows`."""
    flags = pl.repeat(False, height, eager=True)
    return flags.scatter(rows, True) if rows.len() else flags


def parse_fields(
    frame: pl.DataFrame,
    config: ValidationConfig,
    vocabulary: VocabularyConfig,
    labels: dict[str, str] | None = None,
) -> pl.DataFrame:
    """Typed candidates with `data_issues`; bad values are blanked, never the whole row dropped."""
    # Issues are worked out on narrow (row, message) tables and added as columns, so the wide
    # text columns are never gathered, joined or sorted.
    labels = labels or {}
    height = frame.height
    typed = frame.with_columns(_typed_columns(frame, config, vocabulary))
    if "data_issues" not in typed.columns:
        typed = typed.with_columns(pl.lit(None, dtype=pl.String).alias("data_issues"))
    unreadable = _issue_rows(frame, typed, labels)
    out_of_range = _range_failures(typed, frame, config, labels)
    outside = {
        c: _flags(out_of_range.filter(pl.col("column") == c).get_column(ROW_INDEX), height)
        for c in NUMERIC
    }
    blanked = typed.with_columns(
        *[pl.when(outside[c]).then(pl.col(c)).alias(f"{c}_claimed") for c in CLAIMED],
        *[pl.when(outside[c]).then(None).otherwise(pl.col(c)).alias(c) for c in NUMERIC],
    )
    issues = (
        pl.concat([unreadable, out_of_range.select(ROW_INDEX, ISSUE)])
        .group_by(ROW_INDEX, maintain_order=True)
        .agg(pl.col(ISSUE).str.join("; ").alias("data_issues"))
    )
    data_issues = _at_rows(issues.get_column(ROW_INDEX), issues.get_column("data_issues"), height)
    return blanked.drop("data_issues").with_columns(data_issues)
