"""The Interview guide sheet: the seed's questions per level, and what to probe per red flag."""

from __future__ import annotations

from typing import TYPE_CHECKING

import polars as pl

from pipelines.report import styles
from pipelines.report.blocks import SheetRows
from pipelines.report.columns import Column
from pipelines.report.context import ReportContext
from pipelines.report.ranked import flag_label
from pipelines.report.safety import clean_frame
from pipelines.report.table_sheet import write_table_sheet

if TYPE_CHECKING:
    from openpyxl import Workbook

# (frame column, width) of the guide table; headers come from config labels.
GUIDE_WIDTHS = {"level": 10, "id": 6, "question": 50, "good_answer": 70}


def write_guide(wb: Workbook, ctx: ReportContext) -> None:
    """The Interview guide sheet."""
    config = ctx.config
    guide = config.guide
    labels = config.labels
    frame = pl.DataFrame(
        [q.model_dump(include=set(GUIDE_WIDTHS)) for q in guide.questions],
        schema={k: pl.String for k in GUIDE_WIDTHS},
    )
    headers = {
        "level": labels.level,
        "id": labels.question_id,
        "question": labels.question,
        "good_answer": labels.good_answer,
    }
    columns = [
        Column(
            key=key,
            header=headers[key],
            kind="wrap" if key in ("question", "good_answer") else "text",
            width=width,
            cue=None,
            about="",
        )
        for key, width in GUIDE_WIDTHS.items()
    ]
    ws, layout = write_table_sheet(
        wb,
        title=config.sheets.guide,
        table_name="InterviewGuide",
        frame=clean_frame(frame, config),
        columns=columns,
        config=config,
        looks=ctx.looks,
        preamble=[[(guide.title, styles.TITLE)], [(guide.intro, None)], []],
        rows_below=True,
    )
    # The probes sit under Question / Good answer, the sheet's wide columns.
    out = SheetRows(ws, config, ctx.looks, list(GUIDE_WIDTHS.values()), row=layout.last_row)
    out.section(guide.probe_title)
    out.table(
        ["", "", labels.red_flag, labels.probe],
        [
            [
                (None, None),
                (None, None),
                (flag_label(key, config), styles.LABEL),
                (probe, styles.WRAP),
            ]
            for key, probe in guide.probes.items()
        ],
    )
