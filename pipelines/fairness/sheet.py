"""The *Fairness audit* sheet: audit tables, highlighted low ratios, plain-words explanation."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from typing import Any

import polars as pl
from openpyxl.cell import Cell
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.workbook import Workbook

from pipelines.report.safety import safe_cell
from pipelines.report.sheet_names import new_sheet
from pipelines.settings import Settings
from pipelines.settings.fairness import FairnessConfig, SheetText
from pipelines.settings.report import ReportConfig

TITLE_SIZE = 14
PERCENT_COLUMNS = ("share", "selection_rate", "scoring_rate")
RATIO_COLUMNS = ("selection_impact_ratio", "scoring_impact_ratio")
# Table columns in sheet order (the headers in config/fairness.toml name them).
TABLE_COLUMNS = (
    "group",
    "candidates",
    "share",
    "selected",
    "selection_rate",
    "selection_impact_ratio",
    "scored_above_median",
    "scoring_rate",
    "scoring_impact_ratio",
)


def _fill(colour: str) -> PatternFill:
    """A solid fill of one RRGGBB colour."""
    return PatternFill(fill_type="solid", start_color=colour, end_color=colour)


def _words(config: FairnessConfig) -> dict[str, str]:
    """The numbers the sheet's words refer to, formatted for people."""
    return {
        "threshold": f"{config.impact_ratio_threshold:g}",
        "small_pct": f"{config.small_group_share:.0%}",
    }


def dimension_label(dimension: str, config: FairnessConfig) -> str:
    """People's name of a dimension; an intersection joins the names of its parts."""
    labels = config.sheet.dimension_labels
    parts = dimension.split(config.intersection_name_separator)
    names = [labels.get(p, p.replace("_", " ").capitalize()).split(" (")[0] for p in parts]
    if len(parts) == 1:
        return labels.get(dimension, names[0])
    return config.intersection_name_separator.join(names)


def _notes(row: dict[str, Any], config: FairnessConfig) -> str:
    """Marks of one group: reference, unknown, small, flagged ratios."""
    text, words = config.sheet, _words(config)
    marks = []
    if row["is_unknown"]:
        marks.append(text.unknown_mark)
    if row["is_small"]:
        marks.append(text.small_mark.format(**words))
    if row["selection_flag"] or row["scoring_flag"]:
        marks.append(text.flag_mark.format(**words))
    if row["selection_reference"] or row["scoring_reference"]:
        marks.append(text.reference_mark)
    return "; ".join(marks)


class _Rows:
    """Appends styled rows to a worksheet (normal or write-only alike), every cell made by the
    report's safe writer (group labels are what candidates typed)."""

    def __init__(
        self, sheet: Any, text: SheetText, cells: ReportConfig, font_name: str | None = None
    ) -> None:
        self.sheet = sheet
        self.cells = cells
        self.font_name = font_name
        self.plain = Font(name=font_name)
        self.bold = Font(name=font_name, bold=True)
        self.flag_font = Font(name=font_name, bold=True, color=text.highlight_font)
        self.flag_fill = _fill(text.highlight_fill)
        self.small_fill = _fill(text.small_fill)
        self.unknown_fill = _fill(text.unknown_fill)
        self.header_fill = _fill(text.header_fill)
        self.text = text

    def cell(self, value: Any, **style: Any) -> Cell:
        """A cell of this sheet with the given openpyxl style attributes."""
        made = safe_cell(self.sheet, value, self.cells)
        made.font = self.plain
        for name, setting in style.items():
            setattr(made, name, setting)
        return made

    def line(self, value: str = "", **style: Any) -> None:
        """One row holding one text cell (or an empty row)."""
        self.sheet.append([self.cell(value, **style) if value else None])

    def paragraph(self, value: str, width: int) -> None:
        """A paragraph wrapped into rows of at most `width` characters."""
        for piece in textwrap.wrap(value, width=width):
            self.line(piece)

    def header(self) -> None:
        """The header row of an audit table."""
        self.sheet.append(
            [self.cell(h, font=self.bold, fill=self.header_fill) for h in self.text.headers]
        )

    def group(self, row: dict[str, Any], config: FairnessConfig) -> None:
        """One group's row: counts, rates, ratios (flagged ones highlighted) and notes."""
        cells = []
        for column in TABLE_COLUMNS:
            cell = self.cell(row[column])
            if column in PERCENT_COLUMNS:
                cell.number_format = self.text.percent_format
            if column in RATIO_COLUMNS:
                cell.number_format = self.text.ratio_format
                if row[column.replace("impact_ratio", "flag")]:
                    cell.fill, cell.font = self.flag_fill, self.flag_font
            cells.append(cell)
        if row["is_unknown"]:
            cells[0].fill = self.unknown_fill
        elif row["is_small"]:
            cells[0].fill = self.small_fill
        cells.append(self.cell(_notes(row, config)))
        self.sheet.append(cells)


def _summary(table: pl.DataFrame, config: FairnessConfig) -> str:
    """One line: candidates audited, and how many ratios fell under the threshold."""
    first = table.filter(pl.col("dimension") == table["dimension"][0])
    ratios = table.select(
        pl.col("selection_impact_ratio").is_not_null().sum()
        + pl.col("scoring_impact_ratio").is_not_null().sum()
    ).item()
    flagged = table.select(pl.col("selection_flag").sum() + pl.col("scoring_flag").sum()).item()
    return config.sheet.summary.format(
        candidates=first["candidates"].sum(), flagged=flagged, ratios=ratios, **_words(config)
    )


def write_fairness_sheet(
    workbook: Workbook,
    audit_tables: pl.DataFrame,
    settings: Settings,
    *,
    title: str | None = None,
    note: str | None = None,
    prepare: Callable[[Any], None] | None = None,
    font_name: str | None = None,
) -> Any:
    """Add the *Fairness audit* sheet (from `audit_table`/`pool_counts`) and return it.

    `prepare(sheet)` runs before the first row (print setup of a write-only sheet).
    """
    config = settings.fairness
    text = config.sheet
    sheet = new_sheet(workbook, title or text.title, text.title)
    for index in range(len(text.headers)):
        width = text.group_column_width if index == 0 else text.column_width
        sheet.column_dimensions[get_column_letter(index + 1)].width = width
    if prepare is not None:
        prepare(sheet)
    rows = _Rows(sheet, text, settings.report, font_name)
    rows.line(title or text.title, font=Font(name=font_name, bold=True, size=TITLE_SIZE))
    if audit_tables.is_empty():
        rows.paragraph(text.no_data, text.text_width)
        return sheet
    rows.line(_summary(audit_tables, config), font=rows.bold)
    if note:
        rows.paragraph(note, text.text_width)
    rows.line()
    for paragraph in text.explanation:
        rows.paragraph(paragraph.format(**_words(config)), text.text_width)
        rows.line()
    for (dimension,), part in audit_tables.group_by("dimension", maintain_order=True):
        rows.line(dimension_label(str(dimension), config), font=rows.bold)
        rows.header()
        for row in part.iter_rows(named=True):
            rows.group(row, config)
        rows.line()
    return sheet


# The decision section's columns in sheet order (config/carry.toml [audit] headers name them).
DECISION_TABLE_COLUMNS = (
    "group",
    "candidates",
    "selection_rate",
    "scoring_rate",
    "decided",
    "decided_selected",
    "decision_selection_rate",
    "decision_impact_ratio",
)
DECISION_PERCENT_COLUMNS = ("selection_rate", "scoring_rate", "decision_selection_rate")


def _decision_notes(row: dict[str, Any], config: FairnessConfig) -> str:
    """Marks of one group in the decision section: unknown, flagged ratio, reference."""
    text, words = config.sheet, _words(config)
    marks = [text.unknown_mark] if row["is_unknown"] else []
    if row["decision_flag"]:
        marks.append(text.flag_mark.format(**words))
    if row["decision_reference"]:
        marks.append(text.reference_mark)
    return "; ".join(marks)


def write_decision_section(
    sheet: Any,
    table: pl.DataFrame,
    settings: Settings,
    *,
    pooled: bool = False,
    font_name: str | None = None,
) -> None:
    """Append the recruiters' decisions beside the tool (`carry.fairness.beside_recommendation`)
    under the audit tables of `sheet`: per group, selection rates and the impact ratio."""
    config, audit = settings.fairness, settings.carry.audit
    rows = _Rows(sheet, config.sheet, settings.report, font_name)
    rows.line(audit.title, font=Font(name=font_name, bold=True, size=TITLE_SIZE))
    selected = " or ".join(settings.carry.decisions.selected)
    rows.paragraph(audit.note.format(selected=selected), config.sheet.text_width)
    if pooled:
        rows.paragraph(audit.pooled_note, config.sheet.text_width)
    rows.line()
    for (dimension,), part in table.group_by("dimension", maintain_order=True):
        rows.line(dimension_label(str(dimension), config), font=rows.bold)
        sheet.append([rows.cell(h, font=rows.bold, fill=rows.header_fill) for h in audit.headers])
        for row in part.iter_rows(named=True):
            cells = []
            for column in DECISION_TABLE_COLUMNS:
                cell = rows.cell(row[column])
                if column in DECISION_PERCENT_COLUMNS:
                    cell.number_format = config.sheet.percent_format
                if column == "decision_impact_ratio":
                    cell.number_format = config.sheet.ratio_format
                    if row["decision_flag"]:
                        cell.fill, cell.font = rows.flag_fill, rows.flag_font
                cells.append(cell)
            if row["is_unknown"]:
                cells[0].fill = rows.unknown_fill
            cells.append(rows.cell(_decision_notes(row, config)))
            sheet.append(cells)
        rows.line()
