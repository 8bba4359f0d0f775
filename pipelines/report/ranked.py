"""The Ranked sheets: scored rows in reading order, with visual cues and recruiter columns; one
sheet per job and an All jobs sheet when the export holds several jobs."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import polars as pl
from openpyxl.formatting.rule import CellIsRule, DataBarRule, FormulaRule
from openpyxl.worksheet.datavalidation import DataValidation

from pipelines.report import styles
from pipelines.report.columns import Column, humanize, ready_frame, resolve_columns
from pipelines.report.context import ReportContext
from pipelines.report.jobs import JobMode, fixed_titles, job_layout
from pipelines.report.table_sheet import PreambleRow, TableLayout, write_table_sheet
from pipelines.settings.report import ReportConfig
from schemas.workbook import (
    ASK,
    KEY_EVIDENCE,
    PROBE,
    RECRUITER_COLUMNS,
    RED_FLAGS,
    RESUME_SNIPPET,
)

if TYPE_CHECKING:
    from openpyxl import Workbook
    from openpyxl.worksheet._write_only import WriteOnlyWorksheet


def flag_keys(schema: pl.Schema, config: ReportConfig) -> list[str]:
    """The red-flag columns of the scored table (by the configured `flag` prefix)."""
    prefixes = tuple(p for p, kind in config.ranked.prefix_kinds.items() if kind == "flag")
    return [name for name in schema if name.startswith(prefixes)] if prefixes else []


def flag_label(key: str, config: ReportConfig) -> str:
    """A red flag's name in words."""
    flag = config.flags.get(key)
    return flag.label if flag is not None else key.split("_", 1)[-1].replace("_", " ")


def ask_text(ids: list[str], config: ReportConfig) -> str:
    """`S1 Training new coders ...; S2 ...` for question ids."""
    by_id = {q.id: q for q in config.guide.questions}
    return config.text.list_separator.join(f"{i} {by_id[i].short}" for i in ids)


def _joined(parts: list[pl.Expr], config: ReportConfig) -> pl.Expr:
    """Join the non-null parts; null when there are none."""
    if not parts:
        return pl.lit(None, dtype=pl.String)
    joined = pl.concat_str(parts, separator=config.text.list_separator, ignore_nulls=True)
    return pl.when(joined.str.len_chars() > 0).then(joined)


def _as_text(expr: pl.Expr, dtype: pl.DataType) -> pl.Expr:
    """A value as short text: `6.0` -> `6`, `6.25` -> `6.3`; text unchanged."""
    if dtype.is_float():
        rounded = expr.round(1)
        whole = rounded.cast(pl.Int64, strict=False).cast(pl.String)
        return (
            pl.when(~rounded.is_finite())
            .then(None)
            .when(rounded == rounded.floor())
            .then(whole)
            .otherwise(rounded.cast(pl.String))
        )
    return expr.cast(pl.String)


def indicator_keys(schema: pl.Schema, config: ReportConfig) -> list[str]:
    """The indicator columns of the scored table (by the configured indicators prefix)."""
    return [name for name in schema if name.startswith(config.ranked.indicators.prefix)]


def indicators_found(schema: pl.Schema, config: ReportConfig) -> pl.Expr:
    """`Senior: team leadership, audit and compliance; Junior: code sets`: true indicators
    by level, unlisted ones last under their own names; null when none is true."""
    spec = config.ranked.indicators
    present = set(indicator_keys(schema, config))
    groups = [(g.level + spec.level_separator, g.labels) for g in spec.groups]
    listed = {key for _, labels in groups for key in labels}
    others = {k: humanize(k, spec.prefix) for k in present - listed}
    parts = []
    for lead, labels in [*groups, ("", dict(sorted(others.items())))]:
        found = [pl.when(pl.col(k)).then(pl.lit(v)) for k, v in labels.items() if k in present]
        if not found:
            continue
        names = pl.concat_str(found, separator=spec.label_separator, ignore_nulls=True)
        parts.append(pl.when(names.str.len_chars() > 0).then(pl.lit(lead) + names))
    return _joined(parts, config)


def recruiter_columns(schema: pl.Schema) -> list[pl.Expr]:
    """Decision, Interviewer, Notes: carried from an earlier workbook when the rows have them,
    else empty for the recruiter to fill in."""
    return [
        pl.col(k).cast(pl.String) if k in schema else pl.lit(None, dtype=pl.String).alias(k)
        for k in RECRUITER_COLUMNS
    ]


def computed_columns(schema: pl.Schema, config: ReportConfig) -> list[pl.Expr]:
    """Red-flag summary, interview questions, probes, resume snippet, empty recruiter columns."""
    flags = flag_keys(schema, config)
    probes = {k: config.guide.probes[k] for k in flags if k in config.guide.probes}
    guide = config.guide
    default_ask = ask_text(guide.ask_default.ids, config)
    if "level" in schema:
        ask = pl.col("level").replace_strict(
            {level: ask_text(ids, config) for level, ids in guide.ask_by_level.items()},
            default=pl.lit(default_ask),
            return_dtype=pl.String,
        )
    else:
        ask = pl.lit(default_ask)
    exprs = [
        _joined(
            [pl.when(pl.col(k)).then(pl.lit(flag_label(k, config))) for k in flags], config
        ).alias(RED_FLAGS),
        _joined(
            [
                pl.concat_str(
                    [pl.lit(p.prefix), _as_text(pl.col(p.key), schema[p.key]), pl.lit(p.suffix)]
                )
                for p in config.ranked.evidence
                if p.key in schema
            ],
            config,
        ).alias(KEY_EVIDENCE),
        indicators_found(schema, config).alias(config.ranked.indicators.key),
        ask.alias(ASK),
        _joined([pl.when(pl.col(k)).then(pl.lit(p)) for k, p in probes.items()], config).alias(
            PROBE
        ),
        *recruiter_columns(schema),
    ]
    size = config.limits.snippet_chars
    if "resume_text" in schema and size > 0:
        text = pl.col("resume_text").str.replace_all(r"\s+", " ").str.strip_chars()
        exprs.append(
            pl.when(text.str.len_chars() > size)
            .then(pl.concat_str([text.str.slice(0, size), pl.lit(config.text.snippet_marker)]))
            .otherwise(text)
            .alias(RESUME_SNIPPET)
        )
    return exprs


def _with_computed(scored: pl.LazyFrame, config: ReportConfig) -> pl.LazyFrame:
    """The scored rows with the computed columns; omitted and indicator columns dropped."""
    schema = scored.collect_schema()
    frame = scored.with_columns(computed_columns(schema, config))
    dropped = [c for c in config.ranked.omit if c in schema] + indicator_keys(schema, config)
    return frame.drop(dropped)


def ranked_columns(
    scored_schema: pl.Schema, config: ReportConfig, lead: Sequence[str] = ()
) -> list[Column]:
    """The Ranked sheet's columns, in reading order (`lead` first), for a scored table of this
    schema."""
    empty = pl.LazyFrame(schema=scored_schema)
    schema = _with_computed(empty, config).collect_schema()
    order = dict.fromkeys([*lead, *(c.key for c in config.ranked.columns)])
    return resolve_columns(schema, config, list(order))


def ranked_frame(
    scored: pl.DataFrame, config: ReportConfig, lead: Sequence[str] = (), by_rank: bool = True
) -> tuple[pl.DataFrame, list[Column]]:
    """The Ranked sheet's table: rows by rank (else as given), columns in reading order,
    values ready to write."""
    frame = _with_computed(scored.lazy(), config)
    if by_rank and "rank" in scored.columns:
        frame = frame.sort("rank", nulls_last=True, maintain_order=True)
    columns = ranked_columns(scored.schema, config, lead)
    return ready_frame(frame.collect(), columns, config), columns


def _add_cues(
    ws: WriteOnlyWorksheet, layout: TableLayout, columns: list[Column], config: ReportConfig
) -> None:
    """Conditional formats (score bar, level and recommendation colours, red flags), dropdown."""
    style = config.style
    flag_look = styles.flag_dxf(config)
    formats = ws.conditional_formatting
    for column in columns:
        cells = layout.column_range(column.key)
        first = f"{layout.letters[column.key]}{layout.first_row}"
        if column.cue == "bar":
            formats.add(
                cells,
                DataBarRule(
                    start_type="num",
                    start_value=0,
                    end_type="num",
                    end_value=config.score_max,
                    color=style.score_bar_colour,
                    showValue=True,
                ),
            )
        elif column.cue in ("level", "recommendation"):
            looks = style.level if column.cue == "level" else style.recommendation
            for value, look in looks.items():
                rule = CellIsRule(operator="equal", formula=[f'"{value}"'])
                rule.dxf = styles.value_dxf(look)
                formats.add(cells, rule)
        elif column.cue == "count":
            rule = CellIsRule(operator="greaterThan", formula=["0"])
            rule.dxf = flag_look
            formats.add(cells, rule)
        elif column.cue == "flag" or column.kind == "flag":
            if column.kind == "flag":  # "Ask: ..." (not stated) first, in its own look
                prefix = config.text.ask_prefix
                ask = FormulaRule(
                    formula=[f'LEFT({first},{len(prefix)})="{prefix}"'], stopIfTrue=True
                )
                ask.dxf = styles.ask_dxf(config)
                formats.add(cells, ask)
            rule = FormulaRule(formula=[f"LEN({first})>0"])
            rule.dxf = flag_look
            formats.add(cells, rule)
        elif column.cue == "decision":
            recruiter = config.recruiter
            choices = ",".join(recruiter.decision_choices)
            validation = DataValidation(
                type="list",
                formula1=f'"{choices}"',
                allow_blank=True,
                showDropDown=False,  # False = show the in-cell arrow (Excel's inverted flag)
                showInputMessage=True,
                showErrorMessage=True,
                promptTitle=recruiter.decision_prompt_title,
                prompt=recruiter.decision_prompt,
                errorTitle=recruiter.decision_prompt_title,
                error=recruiter.decision_error,
            )
            validation.add(cells)
            ws.data_validations.append(validation)
    _mark_knockouts(ws, layout, config)


def _mark_knockouts(ws: WriteOnlyWorksheet, layout: TableLayout, config: ReportConfig) -> None:
    """The mark look on the `mark_columns` cells of rows with text in `mark_when`: a knockout
    to review (the row stays ranked)."""
    jobs = config.jobs
    if jobs.mark_when not in layout.letters:
        return
    when = f"${layout.letters[jobs.mark_when]}{layout.first_row}"
    for key in jobs.mark_columns:
        if key in layout.letters:
            rule = FormulaRule(formula=[f"LEN({when})>0"])
            rule.dxf = styles.value_dxf(jobs.mark)
            ws.conditional_formatting.add(layout.column_range(key), rule)


def _ranked_sheet(
    wb: Workbook,
    ctx: ReportContext,
    scored: pl.DataFrame,
    title: str,
    table_name: str,
    lead: Sequence[str] = (),
    preamble: Sequence[PreambleRow] = (),
) -> None:
    """One Ranked table sheet of `scored` (already in job, then rank order when `lead`)."""
    config = ctx.config
    frame, columns = ranked_frame(scored, config, lead, by_rank=not lead)
    ws, layout = write_table_sheet(
        wb,
        title=title,
        table_name=table_name,
        frame=frame,
        columns=columns,
        config=config,
        looks=ctx.looks,
        freeze_after=config.ranked.freeze_after,
        print_through=config.ranked.print_through,
        preamble=preamble,
    )
    _add_cues(ws, layout, columns, config)


def write_ranked(wb: Workbook, ctx: ReportContext) -> None:
    """The Ranked sheet; with per_job_min to per_job_max jobs one per job (named after the job)
    and an All jobs sheet; with more, the All jobs sheet only, with a note saying why."""
    config = ctx.config
    sheets, jobs = config.sheets, config.jobs
    layout = job_layout(ctx.result.scored, config, fixed_titles(config, ctx.settings))
    if layout.mode == JobMode.SINGLE:
        _ranked_sheet(wb, ctx, ctx.result.scored, sheets.ranked, "Ranked")
        return
    for number, sheet in enumerate(layout.sheets, 1):
        _ranked_sheet(wb, ctx, sheet.rows, sheet.title, f"Ranked{number}")
    preamble: list[PreambleRow] = []
    if layout.mode == JobMode.ALL_ONLY:
        note = jobs.too_many.format(jobs=layout.jobs, min=jobs.per_job_min, max=jobs.per_job_max)
        preamble = [[(note, styles.NOTE)]]
    _ranked_sheet(wb, ctx, layout.all_rows, sheets.all_jobs, "AllJobs", jobs.lead_columns, preamble)
