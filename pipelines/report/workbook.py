"""Build the ranked workbook from a screening result and write it atomically."""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from openpyxl import Workbook
from openpyxl.packaging.custom import StringProperty

from pipelines.atomic import atomic_target

# The module, not its function: the fairness sheets write through this package's safe writer,
# so importing `pipelines.fairness` first comes back here while `outputs` is half loaded.
from pipelines.fairness import outputs as fairness_outputs
from pipelines.report import styles
from pipelines.report.about import write_about
from pipelines.report.context import ReportContext, SheetWriter, scoring_dump
from pipelines.report.guide import write_guide
from pipelines.report.package import PackageWorkbook
from pipelines.report.ranked import write_ranked
from pipelines.report.row_sheets import write_duplicates, write_rejected
from pipelines.report.summary import write_summary
from pipelines.screening.results import ScreeningResult

if TYPE_CHECKING:
    from pipelines.settings import Settings


def write_fairness(wb: Workbook, ctx: ReportContext) -> None:
    """The Fairness audit sheet, only when the export carried protected columns."""
    if ctx.settings is not None:
        fairness_outputs.fairness_sheet_writer(
            wb,
            ctx.result,
            ctx.settings,
            prepare=lambda ws: styles.apply_print_setup(ws, ctx.config, None),
            font_name=ctx.config.style.font_name,
        )


def write_changes(wb: Workbook, ctx: ReportContext) -> None:
    """The Changes sheet, only when an earlier workbook was carried from."""
    # Imported here: the carry package reads this package's column specs, so a module-level
    # import would come back here while `pipelines.report` is half loaded.
    from pipelines.carry.sheet import write_changes as write

    write(wb, ctx)


# The sheets, in workbook order. A later sheet (e.g. the fairness audit) is one more writer here;
# a writer may add nothing (say, when the data it needs is absent).
SHEET_WRITERS: tuple[SheetWriter, ...] = (
    write_ranked,
    write_changes,
    write_summary,
    write_guide,
    write_rejected,
    write_duplicates,
    write_fairness,
    write_about,
)


def mark_as_ours(wb: Workbook, settings: Settings) -> None:
    """The custom document property by which an earlier workbook is known as this project's."""
    carry = getattr(settings, "carry", None)
    if carry is not None:
        mark = carry.mark
        wb.custom_doc_props.append(
            StringProperty(name=mark.property_name, value=mark.property_value)
        )


def build_workbook(
    result: ScreeningResult,
    settings: Settings,
    writers: Sequence[SheetWriter] = SHEET_WRITERS,
) -> PackageWorkbook:
    """A write-only workbook with every sheet written; table rows go in when it is saved."""
    config = settings.report
    wb = PackageWorkbook(deflate_level=config.package.deflate_level)
    mark_as_ours(wb, settings)
    ctx = ReportContext(
        result=result,
        config=config,
        scoring=scoring_dump(settings),
        looks=styles.register_styles(wb, config),
        settings=settings,
    )
    try:
        for writer in writers:
            writer(wb, ctx)
    except BaseException:
        _close_quietly(wb)
        raise
    return wb


def _close_quietly(wb: Workbook) -> None:
    """Finish the streams of a workbook that will not be saved (best effort, errors ignored)."""
    for ws in wb.worksheets:
        with contextlib.suppress(Exception):
            ws.close()


def write_workbook(
    path: Path,
    result: ScreeningResult,
    settings: Settings,
    writers: Sequence[SheetWriter] = SHEET_WRITERS,
) -> Path:
    """Write the ranked workbook to `path` via a temp file in the same directory and a rename.

    Uses only `settings.report` (and `settings.scoring`, when present, for the About sheet).
    A failure leaves no partial file behind and an existing file at `path` untouched.
    """
    with atomic_target(Path(path)) as temp:
        build_workbook(result, settings, writers).save(temp)
    return Path(path)
