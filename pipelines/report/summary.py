"""The Summary sheet: top candidates (per job when there are several), counts per job, run
facts, row accounting, counts, histogram, charts."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import polars as pl
from openpyxl.chart import BarChart, Reference

from pipelines.report import styles
from pipelines.report.blocks import SheetRows
from pipelines.report.context import ReportContext
from pipelines.report.jobs import JOB_ORDER, with_job_order
from pipelines.report.ranked import flag_keys, flag_label
from pipelines.report.safety import clean_frame
from pipelines.report.sheet_names import new_sheet
from pipelines.report.table_sheet import left_out_note, rows_that_fit
from pipelines.scoring.coverage import evidence_coverage
from pipelines.settings.report import ReportConfig

if TYPE_CHECKING:
    from openpyxl import Workbook
    from openpyxl.worksheet._write_only import WriteOnlyWorksheet

# Top-candidates table columns, in sheet order (A..E); A and B double as label / count columns.
TOP_COLUMNS = ("full_name", "rank", "score", "level", "recommendation")
WIDTHS = [34, 14, 10, 10, 16]
# With several jobs the per-job counts table runs on to column L; its last column is the profile.
JOB_WIDTHS = [*WIDTHS, 10, 10, 10, 10, 10, 10, 20]
TOP_STYLES = {"rank": styles.INTEGER, "score": styles.DECIMAL}
CHART_COLUMN = "G"  # charts sit right of the tables, one under the other
CM_PER_POINT = 2.54 / 72


def category_counts(scored: pl.DataFrame, key: str, order: list[str]) -> list[tuple[str, int]]:
    """Rows per value of `key`: configured values first (zeros included), then any others."""
    if key not in scored.columns:
        return [(value, 0) for value in order]
    counts = (
        scored.group_by(pl.col(key).fill_null(""), maintain_order=True)
        .agg(pl.len().alias("n"))
        .sort(key)
    )
    found = dict(zip(counts[key].to_list(), counts["n"].to_list(), strict=True))
    rows = [(value, found.pop(value, 0)) for value in order]
    return rows + sorted(found.items())


def flag_counts(scored: pl.DataFrame, config: ReportConfig) -> list[tuple[str, int]]:
    """Candidates per red flag."""
    keys = flag_keys(scored.schema, config)
    if not keys:
        return []
    sums = scored.select(pl.col(k).cast(pl.Int64).sum() for k in keys).row(0)
    return [(flag_label(k, config), int(n or 0)) for k, n in zip(keys, sums, strict=True)]


def score_histogram(scored: pl.DataFrame, config: ReportConfig) -> list[tuple[str, int]]:
    """Candidates per score band (`0-9`, `10-19`, ..., the last band closed at the maximum)."""
    width = config.limits.histogram_bin_width
    top = config.score_max
    bins = math.ceil(top / width)
    labels = [
        f"{i * width}-{top if i == bins - 1 else min((i + 1) * width - 1, top)}"
        for i in range(bins)
    ]
    if "score" not in scored.columns:
        return [(label, 0) for label in labels]
    counts = (
        scored.select(
            (pl.col("score").drop_nulls() // width).clip(0, bins - 1).cast(pl.Int64).alias("bin")
        )
        .group_by("bin")
        .agg(pl.len().alias("n"))
    )
    found = dict(zip(counts["bin"].to_list(), counts["n"].to_list(), strict=True))
    return [(label, found.get(i, 0)) for i, label in enumerate(labels)]


def _counts(out: SheetRows, header: str, rows: list[tuple[str, int]]) -> tuple[int, int]:
    """A label / count table; returns its header and last row numbers."""
    config = out.config
    return out.table(
        [header, config.summary.count_header],
        [[(label or config.text.no_rows, styles.TEXT), (n, styles.INTEGER)] for label, n in rows],
    )


def _bar_chart(
    ws: WriteOnlyWorksheet, title: str, span: tuple[int, int], config: ReportConfig
) -> BarChart:
    """A bar chart of the count table occupying rows `span` (header included) of columns A:B."""
    first, last = span
    chart = BarChart()
    chart.type = "col"
    chart.title = title
    chart.legend = None
    chart.width = config.summary.chart_width_cm
    chart.height = config.summary.chart_height_cm
    chart.y_axis.title = config.summary.count_header
    chart.y_axis.majorGridlines = None
    chart.add_data(Reference(ws, min_col=2, min_row=first, max_row=last), titles_from_data=True)
    chart.set_categories(Reference(ws, min_col=1, min_row=first + 1, max_row=last))
    return chart


def _top(out: SheetRows, scored: pl.DataFrame, config: ReportConfig) -> None:
    """The best-ranked candidates."""
    keys = [k for k in TOP_COLUMNS if k in scored.columns]
    top = scored.sort("rank", nulls_last=True) if "rank" in scored.columns else scored
    top = clean_frame(top.select(keys).head(config.limits.top_candidates), config)
    headers = {c.key: c.header for c in config.ranked.columns}
    out.table(
        [headers.get(k, k) for k in keys],
        [
            [(v, TOP_STYLES.get(k, styles.TEXT)) for k, v in zip(keys, values, strict=True)]
            for values in top.iter_rows()
        ],
    )


def job_counts(scored: pl.DataFrame, config: ReportConfig) -> pl.DataFrame:
    """Per job, in order of first appearance: job, candidates, then candidates per
    recommendation and per level (the configured values), with red flags, with knockouts, and
    the job's profile."""
    jobs = config.jobs

    def per_value(key: str, values: list[str]) -> list[pl.Expr]:
        if key not in scored.columns:
            return [pl.lit(0).alias(v) for v in values]
        return [(pl.col(key) == v).sum().alias(v) for v in values]

    def present(key: str, expr: pl.Expr, otherwise: pl.Expr) -> pl.Expr:
        return expr if key in scored.columns else otherwise

    no_text = pl.lit(None, dtype=pl.String)
    aggs = [
        present("job", pl.col("job").str.strip_chars().drop_nulls().first(), no_text).alias(
            config.labels.job
        ),
        pl.len().alias(config.summary.count_header),
        *per_value("recommendation", list(config.style.recommendation)),
        *per_value("level", list(config.style.level)),
        present("red_flag_count", (pl.col("red_flag_count") > 0).sum(), pl.lit(0)).alias(
            jobs.summary_flagged
        ),
        present(jobs.mark_when, pl.col(jobs.mark_when).is_not_null().sum(), pl.lit(0)).alias(
            jobs.summary_marked
        ),
        present("job_profile", pl.col("job_profile").first(), no_text).alias(config.labels.profile),
    ]
    return (
        with_job_order(scored)
        .group_by(JOB_ORDER, maintain_order=True)
        .agg(aggs)
        .with_columns(pl.col(config.labels.job).fill_null(jobs.no_job))
        .drop(JOB_ORDER)
    )


def _by_job(out: SheetRows, counts: pl.DataFrame) -> None:
    """The per-job counts table: one row per job."""
    text = {out.config.labels.job, out.config.labels.profile}
    out.table(
        counts.columns,
        [
            [(v, styles.TEXT if k in text else styles.INTEGER) for k, v in row.items()]
            for row in clean_frame(counts, out.config).iter_rows(named=True)
        ],
    )


def _top_per_job(out: SheetRows, scored: pl.DataFrame, config: ReportConfig) -> None:
    """The best-ranked candidates of each job, under the job's name."""
    keys = [k for k in TOP_COLUMNS if k in scored.columns]
    headers = {c.key: c.header for c in config.ranked.columns}
    keyed = with_job_order(scored)
    if "rank" in keys:
        keyed = keyed.sort([JOB_ORDER, "rank"], nulls_last=True, maintain_order=True)
    out.add(*((headers.get(k, k), styles.HEADER) for k in keys))
    for part in keyed.partition_by(JOB_ORDER, maintain_order=True):
        job = part.get_column("job").drop_nulls().first() if "job" in part.columns else None
        out.add((job if job is not None else config.jobs.no_job, styles.LABEL))
        top = clean_frame(part.select(keys).head(config.jobs.top_per_job), config)
        for values in top.iter_rows():
            out.add(
                *((v, TOP_STYLES.get(k, styles.TEXT)) for k, v in zip(keys, values, strict=True))
            )


def write_summary(wb: Workbook, ctx: ReportContext) -> None:
    """The Summary sheet."""
    config = ctx.config
    text = config.summary
    labels = config.labels
    result = ctx.result
    meta = result.meta
    scored = result.scored
    counts = job_counts(scored, config)
    several = counts.height >= config.jobs.per_job_min
    ws = new_sheet(wb, config.sheets.summary)
    out = SheetRows(ws, config, ctx.looks, JOB_WIDTHS if several else WIDTHS)

    out.add((f"{text.title}: {meta.source_file}", styles.TITLE))
    left_out = scored.height - rows_that_fit(scored.height, 1, config)
    if left_out:
        out.add((left_out_note(left_out, config), styles.NOTE))

    if several:
        out.section(config.jobs.summary_title)
        _by_job(out, counts)
        top_row = out.section(config.jobs.top_title.format(n=config.jobs.top_per_job))
        _top_per_job(out, scored, config)
    else:
        top_row = out.section(text.top_title)
        _top(out, scored, config)

    out.section(text.run_title)
    out.pairs(
        [
            (labels.input_file, meta.source_file),
            (labels.sheet, meta.sheet or ""),
            (labels.run_started, meta.started_at),
            (labels.run_finished, meta.finished_at),
            (labels.seconds, round(meta.seconds, 1)),
        ],
        wrap=False,
    )

    out.section(text.accounting_title)
    out.pairs(
        [
            (labels.rows_read, meta.rows_read),
            (labels.ranked, scored.height),
            (labels.rejected, result.rejected.height),
            (labels.duplicates, result.duplicates.height),
            (labels.blank_rows, meta.blank_rows),
            (labels.accounted, result.accounted_rows),
        ],
        wrap=False,
    )
    missing = meta.rows_read - result.accounted_rows
    if missing:
        out.add((text.accounting_mismatch.format(missing=missing), styles.NOTE))

    out.section(text.evidence_title)
    stated = evidence_coverage(scored)
    _counts(
        out, text.evidence_header, [(text.evidence_labels.get(k, k), n) for k, n in stated.items()]
    )
    out.add((text.evidence_note, styles.NOTE))

    out.section(text.level_title)
    level_span = _counts(
        out, labels.level, category_counts(scored, "level", list(config.style.level))
    )
    ws.add_chart(_bar_chart(ws, text.level_title, level_span, config), f"{CHART_COLUMN}{top_row}")
    out.section(text.recommendation_title)
    recommendations = list(config.style.recommendation)
    _counts(out, labels.recommendation, category_counts(scored, "recommendation", recommendations))
    out.section(text.flag_title)
    _counts(out, labels.red_flag, flag_counts(scored, config))

    out.section(text.histogram_title)
    histogram_span = _counts(out, labels.score, score_histogram(scored, config))
    chart_rows = math.ceil(text.chart_height_cm / (config.style.line_height * CM_PER_POINT))
    below = top_row + chart_rows + 2  # two rows of gap between the charts
    ws.add_chart(
        _bar_chart(ws, text.histogram_title, histogram_span, config), f"{CHART_COLUMN}{below}"
    )
