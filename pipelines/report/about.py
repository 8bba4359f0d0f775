"""The About sheet: how the score is made, jobs and profiles, the colour legend, settings used,
glossary, run facts."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import polars as pl
from openpyxl.cell import Cell

from pipelines.fairness.record import run_record
from pipelines.report import styles
from pipelines.report.blocks import SheetRows
from pipelines.report.context import ReportContext
from pipelines.report.ranked import ranked_columns
from pipelines.report.safety import safe_cell
from pipelines.report.sheet_names import new_sheet
from pipelines.settings.report import ReportConfig, ValueStyle

if TYPE_CHECKING:
    from openpyxl import Workbook
    from openpyxl.worksheet._write_only import WriteOnlyWorksheet

WIDTHS = [38, 100]


def flatten(data: Any, prefix: str = "") -> list[tuple[str, Any]]:
    """Nested settings as `a.b[0].c = value` rows; lists of plain values joined with commas."""
    if isinstance(data, dict):
        rows: list[tuple[str, Any]] = []
        for key, value in data.items():
            rows += flatten(value, f"{prefix}.{key}" if prefix else str(key))
        return rows
    if isinstance(data, list | tuple):
        if all(not isinstance(v, dict | list | tuple) for v in data):
            return [(prefix, ", ".join(str(v) for v in data))]
        rows = []
        for i, value in enumerate(data):
            rows += flatten(value, f"{prefix}[{i}]")
        return rows
    if data is None or isinstance(data, bool):
        return [(prefix, str(data))]
    return [(prefix, data if isinstance(data, int | float) else str(data))]


def _swatch(ws: WriteOnlyWorksheet, value: str, look: ValueStyle, config: ReportConfig) -> Cell:
    """A legend cell showing `value` the way the Ranked sheet colours it."""
    cell = safe_cell(ws, value, config)
    cell.font = styles.value_font(look)
    fill = styles.value_fill(look)
    if fill is not None:
        cell.fill = fill
    return cell


def _legend(ws: WriteOnlyWorksheet, out: SheetRows, config: ReportConfig) -> None:
    """Level and recommendation colours, the red-flag mark, the score bar."""
    labels = config.labels
    for title, looks in (
        (labels.level, config.style.level),
        (labels.recommendation, config.style.recommendation),
    ):
        for value, look in looks.items():
            out.append([_swatch(ws, value, look, config), safe_cell(ws, title, config)])
    out.add((config.text.yes, styles.FLAG), (config.about.legend_flag, styles.TEXT))
    jobs = config.jobs
    mark = _swatch(ws, jobs.summary_marked, jobs.mark, config)
    out.append([mark, safe_cell(ws, jobs.legend_mark, config)])
    out.add((labels.score, styles.LABEL), (config.about.legend_score, styles.TEXT))


def _aliases_only(mapping: dict[str, str]) -> list[dict[str, Any]]:
    """The header mapping of a run that kept only the alias mapping."""
    return [{"header": h, "field": f, "how": "alias", "rule": None} for h, f in mapping.items()]


def _header_mapping(out: SheetRows, mapping: list[dict[str, Any]], config: ReportConfig) -> None:
    """Every header of the export: what it was read as, and how (alias, rule, carried...)."""
    about = config.about
    out.section(about.columns_title)
    rows = []
    for entry in mapping:
        how = str(entry["how"])
        kind = "rule" if how.startswith("rule:") else how
        words = about.columns_how.get(kind, how).format(rule=entry.get("rule") or "")
        field = entry.get("field") or ""
        rows.append([(entry["header"], styles.WRAP), (field, styles.TEXT), (words, styles.WRAP)])
    out.table(about.columns_header, rows)
    out.add((about.columns_note, styles.NOTE))


def job_lines(jobs: pl.DataFrame, config: ReportConfig) -> list[tuple[str, str]]:
    """(job, "profile (name): why. n applications.") per job, in order of first appearance."""
    if jobs.is_empty():
        return []
    text = config.jobs
    return [
        (
            row["job"] or text.no_job,
            text.about_row.format(
                label=row["profile_label"],
                profile=row["job_profile"],
                reason=row["profile_reason"],
                applications=row["applications"],
            ),
        )
        for row in jobs.iter_rows(named=True)
    ]


def write_about(wb: Workbook, ctx: ReportContext) -> None:
    """The About sheet."""
    config = ctx.config
    about = config.about
    labels = config.labels
    meta = ctx.result.meta
    ws = new_sheet(wb, config.sheets.about)
    out = SheetRows(ws, config, ctx.looks, WIDTHS)
    out.add((about.title, styles.TITLE))

    out.section(about.how_title)
    for paragraph in about.how:
        out.add((None, None), (paragraph, styles.WRAP))

    lines = job_lines(meta.jobs, config)
    if lines:
        out.section(config.jobs.about_title)
        out.add((labels.job, styles.HEADER), (config.jobs.about_header, styles.HEADER))
        out.pairs(lines)

    out.section(about.legend_title)
    _legend(ws, out, config)

    out.section(about.config_title)
    if ctx.scoring is None:
        out.add((about.config_missing, styles.NOTE))
    else:
        out.add((labels.setting, styles.HEADER), (labels.value, styles.HEADER))
        out.pairs(flatten(ctx.scoring))

    out.section(about.glossary_title)
    out.add((labels.column, styles.HEADER), (labels.meaning, styles.HEADER))
    for column in ranked_columns(ctx.result.scored.schema, config):
        out.add((column.header, styles.LABEL), (column.about, styles.WRAP))

    out.section(about.run_title)
    out.pairs(
        [
            (labels.input_file, meta.source_file),
            (labels.input_path, meta.source_path),
            (labels.input_sha256, meta.sha256),
            (labels.sheet, meta.sheet or ""),
            (labels.header_row, meta.header_row),
            (labels.run_started, meta.started_at),
            (labels.run_finished, meta.finished_at),
            (labels.seconds, round(meta.seconds, 1)),
            (labels.rows_read, meta.rows_read),
            (labels.ranked, ctx.result.scored.height),
            (labels.rejected, ctx.result.rejected.height),
            (labels.duplicates, ctx.result.duplicates.height),
            (labels.blank_rows, meta.blank_rows),
            (labels.accounted, ctx.result.accounted_rows),
        ]
    )
    out.pairs([(labels.warnings, w) for w in meta.warnings])

    _header_mapping(out, meta.header_mapping or _aliases_only(meta.column_mapping), config)
    if meta.resumes:
        out.section(about.documents_title)
        out.pairs([(about.documents_source, meta.resumes)])
        unmatched = [(d["file"], d["reason"]) for d in meta.unmatched_documents]
        out.pairs([(about.documents_unmatched, f"{f}: {r}") for f, r in unmatched])
        if not unmatched:
            out.add((about.documents_none, styles.NOTE))

    out.section(about.hashes_title)
    out.add((labels.file, styles.HEADER), (labels.sha256, styles.HEADER))
    out.pairs(sorted(meta.config_hashes.items()))

    record = run_record(ctx.result)
    out.section(about.versions_title)
    out.add((labels.component, styles.HEADER), (labels.version, styles.HEADER))
    out.pairs(sorted(meta.versions.items()))
    out.pairs([(about.code_hash_label, record["code"]["source_sha256"])])

    out.section(about.rule_hits_title)
    out.add((about.rule_hits_note, styles.NOTE))
    hits = record["rule_hits"]
    out.pairs([(name, count) for group in hits.values() for name, count in group.items()])
