"""Years of coding work from a resume's dated positions, when nothing states the years.

A position is a date range on a line of the resume text (`01/2012 to Current`, `Jan 2015 -
Mar 2018`, `January 2015 – March 2018`, `2016 - Present`, `2016-2019`, `05/2019 thru 06/2021`).
Its TITLE is the rest of that line plus the line before it, unless that line is a bullet or holds
a range itself (so "Medical Coder II" above "Riverside Health | 2016 - Present" is the title, a
previous job's last bullet is not). Its DESCRIPTION is the lines after it up to the next range
(without the next position's title line). It counts when the title matches the configured coding,
billing or HIM titles or the description the configured duties, and neither the title nor the
resume section it sits in is education ("B.S. Health Information, 2008-2012" never counts; a lone
"Graduated 2012" is no range at all).

Dates: a month counts from its first day, a year alone from January; the end is exclusive, so
`Jan 2015 - Jan 2016` and `2016-2017` are 12 months. `Present` / `Current` is the application
month, else the run month; later ends are cut there. Overlapping positions of one candidate are
merged before the months are summed.
"""

from __future__ import annotations

from datetime import date

import polars as pl

from pipelines.scoring.patterns import alternation, bounded, word_alternation
from pipelines.settings.vocabulary import JobHistoryWords, VocabularyConfig
from schemas.names import YearsSource

HISTORY_YEARS = "job_history_years"
HISTORY_POSITIONS = "job_history_positions"
_KEY = "source_row"
_YEAR = r"(?:19|20)\d{2}"
_NUMERIC_MONTH = r"0?[1-9]|1[0-2]"
_LINE_BREAKS = r"\r\n?"
# Larger than any month index (year 9999 x 12).
_KEY_STRIDE = 10**6


def _date(words: JobHistoryWords, suffix: str) -> str:
    """A month-year or year: named groups `m<suffix>` (month name), `n<suffix>`, `y<suffix>`."""
    names = word_alternation(name for month in words.months for name in month)
    return (
        rf"(?:(?P<m{suffix}>{names})\.?,?\s*|(?P<n{suffix}>{_NUMERIC_MONTH})\s*[/.-]\s*)?"
        rf"(?P<y{suffix}>{_YEAR})"
    )


def range_pattern(words: JobHistoryWords) -> str:
    """The regex of one date range: start date, separator, end date or a present word."""
    separator = word_alternation(words.range_separators)
    present = word_alternation(words.present)
    return (
        rf"\b{_date(words, '1')}\s*{separator}\s*"
        rf"(?:{_date(words, '2')}|(?P<present>{present}))\b"
    )


def _month_number(name: pl.Expr, number: pl.Expr, words: JobHistoryWords) -> pl.Expr:
    """Month 1-12 from a month name or number; null when the date is a year alone."""
    lookup = {name: index + 1 for index, month in enumerate(words.months) for name in month}
    by_name = name.replace_strict(lookup, default=None, return_dtype=pl.Int64)
    return pl.coalesce(by_name, number.cast(pl.Int64, strict=False))


def _month_index(year: pl.Expr, month: pl.Expr) -> pl.Expr:
    """Months since year 0: year * 12 + month - 1 (January when the month is unknown)."""
    return year.cast(pl.Int64, strict=False) * 12 + month.fill_null(1) - 1


def _lines(frame: pl.DataFrame, run_date: date) -> pl.DataFrame:
    """One row per resume line: key, `line_no`, lowercased `line`, the candidate's `now` month."""
    run_month = run_date.year * 12 + run_date.month - 1
    applied = pl.col("applied_at")
    now = pl.coalesce(applied.dt.year().cast(pl.Int64) * 12 + applied.dt.month() - 1, run_month)
    lines = (
        pl.col("resume_text").str.replace_all(_LINE_BREAKS, "\n").str.to_lowercase().str.split("\n")
    )
    return (
        frame.select(_KEY, now.alias("now"), lines.alias("line"))
        .drop_nulls("line")
        .with_columns(line_no=pl.int_ranges(0, pl.col("line").list.len()))
        .explode(["line", "line_no"])
        .with_columns(pl.col("line").str.strip_chars())
    )


def _positions(lines: pl.DataFrame, words: JobHistoryWords) -> pl.DataFrame:
    """One row per date range: key, `now`, `range`, `title`, `duty` (its description names coding
    duties), `excluded` (it sits in an education-like section)."""
    pattern = range_pattern(words)
    sections = alternation(words.sections)
    heading = pl.col("line").str.extract(rf"^\W*({sections})\s*:?\s*$", 1)
    bullet = pl.col("line").str.contains(rf"^(?:{word_alternation(words.bullets)})")
    duty = pl.col("line").str.contains(bounded(words.duties)) if words.duties else pl.lit(False)
    # Lines are in order, candidate after candidate; global shifts masked at candidate borders
    # are much cheaper than window functions over a hundred thousand small groups. A block (one
    # position and the lines after it) starts at each range and at each candidate's first line.
    first_line = pl.col("line_no") == 0
    same_as_next = pl.col(_KEY).shift(-1) == pl.col(_KEY)
    marked = lines.with_columns(
        section=pl.when(first_line).then(heading.fill_null("")).otherwise(heading).forward_fill(),
        ranges=pl.col("line").str.extract_all(pattern),
        bullet=bullet,
    ).with_columns(has_range=pl.col("ranges").list.len() > 0)
    marked = marked.with_columns(
        block=(pl.col("has_range") | first_line).cast(pl.Int64).cum_sum(),
        title_line=~pl.col("bullet") & ~pl.col("has_range"),
        next_has_range=(same_as_next & pl.col("has_range").shift(-1)).fill_null(False),
    ).with_columns(
        previous_title=pl.when(~first_line & pl.col("title_line").shift(1)).then(
            pl.col("line").shift(1)
        ),
    )
    duties = (
        marked.filter(~pl.col("has_range") & ~(pl.col("title_line") & pl.col("next_has_range")))
        .group_by("block")
        .agg(duty=duty.any())
    )
    excluded = rf"^(?:{alternation(words.excluded_sections)})$"
    rest = pl.col("line").str.replace_all(pattern, " ")
    return (
        marked.filter(pl.col("has_range"))
        .join(duties, on="block", how="left")
        .select(
            _KEY,
            "now",
            pl.col("ranges").alias("range"),
            pl.concat_str([rest, pl.col("previous_title")], separator=" ", ignore_nulls=True).alias(
                "title"
            ),
            pl.col("duty").fill_null(False),
            pl.col("section").str.contains(excluded).fill_null(False).alias("excluded"),
        )
        .explode("range")
    )


def _intervals(positions: pl.DataFrame, words: JobHistoryWords) -> pl.DataFrame:
    """Coding positions as [start, end) month indexes, cut at the candidate's present month."""
    parts = pl.col("range").str.extract_groups(range_pattern(words))
    start = _month_index(
        parts.struct.field("y1"),
        _month_number(parts.struct.field("m1"), parts.struct.field("n1"), words),
    )
    end = pl.when(parts.struct.field("present").is_not_null()).then(pl.col("now"))
    end = end.otherwise(
        _month_index(
            parts.struct.field("y2"),
            _month_number(parts.struct.field("m2"), parts.struct.field("n2"), words),
        )
    )
    coding = pl.col("title").str.contains(bounded(words.titles)) | pl.col("duty")
    if words.not_positions:
        coding = coding & ~pl.col("title").str.contains(bounded(words.not_positions))
    return (
        positions.filter(coding & ~pl.col("excluded"))
        .select(_KEY, start.alias("start"), pl.min_horizontal(end, pl.col("now")).alias("end"))
        .filter((pl.col("start") >= words.earliest_year * 12) & (pl.col("end") > pl.col("start")))
    )


def _merged_months(intervals: pl.DataFrame) -> pl.DataFrame:
    """Per key: months covered by the union of its intervals, and how many intervals counted."""
    ordered = intervals.sort(_KEY, "start", "end")
    # The furthest end so far within the candidate, without a window function: keys are sorted,
    # so key rank x `_KEY_STRIDE` + end only grows across candidates.
    rank = pl.col(_KEY).rank("dense").cast(pl.Int64) * _KEY_STRIDE
    same_key = pl.col(_KEY).shift(1) == pl.col(_KEY)
    reach = (rank + pl.col("end")).cum_max().shift(1) - rank
    new_run = ~same_key.fill_null(False) | (pl.col("start") > reach)
    grouped = ordered.with_columns(run=new_run.cast(pl.Int64).cum_sum())
    return (
        grouped.group_by(_KEY, "run")
        .agg(start=pl.col("start").min(), end=pl.col("end").max(), count=pl.len())
        .group_by(_KEY)
        .agg(
            months=(pl.col("end") - pl.col("start")).sum(),
            positions=pl.col("count").sum().cast(pl.Int64),
        )
    )


def job_history_years(
    frame: pl.DataFrame, vocabulary: VocabularyConfig, run_date: date
) -> pl.DataFrame:
    """Per row of `frame` (`source_row`, `resume_text`, `applied_at`): `job_history_years`
    (Float64, null when no coding, billing or HIM position is dated) and `job_history_positions`.
    """
    words = vocabulary.job_history
    parsing = vocabulary.parsing
    lines = _lines(frame, run_date)
    merged = _merged_months(_intervals(_positions(lines, words), words))
    return (
        frame.select(_KEY)
        .join(merged, on=_KEY, how="left")
        .select(
            _KEY,
            (pl.col("months") / parsing.months_per_year)
            .round(parsing.decimals)
            .alias(HISTORY_YEARS),
            pl.col("positions").fill_null(0).alias(HISTORY_POSITIONS),
        )
    )


def years_with_source(
    column: pl.Expr, answer: pl.Expr, stated: pl.Expr, history: pl.Expr
) -> tuple[pl.Expr, pl.Expr]:
    """The years and where they came from: column, else answer, else stated in the resume, else
    job history (`years_source` = column / answer / resume / job_history / none)."""
    sources = (
        (column, YearsSource.COLUMN.value),
        (answer, YearsSource.ANSWER.value),
        (stated, YearsSource.RESUME.value),
        (history, YearsSource.JOB_HISTORY.value),
    )
    label = pl.when(sources[0][0].is_not_null()).then(pl.lit(sources[0][1]))
    for value, name in sources[1:]:
        label = label.when(value.is_not_null()).then(pl.lit(name))
    return pl.coalesce(column, answer, stated, history), label.otherwise(
        pl.lit(YearsSource.NONE.value)
    )
