"""The ranked workbook: Ranked, Summary, Interview guide, Rejected rows, Duplicates, About."""

from pipelines.report.context import ReportContext, SheetWriter
from pipelines.report.workbook import SHEET_WRITERS, build_workbook, write_workbook

__all__ = ["SHEET_WRITERS", "ReportContext", "SheetWriter", "build_workbook", "write_workbook"]
