"""What every sheet writer receives: the screening result and the report settings."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from pipelines.report.styles import Looks
from pipelines.screening.results import ScreeningResult
from pipelines.settings.report import ReportConfig

if TYPE_CHECKING:
    from openpyxl import Workbook


@dataclass(frozen=True)
class ReportContext:
    """One workbook's inputs: result, report config, scoring settings as plain data, and the
    workbook's registered named styles (`looks`)."""

    result: ScreeningResult
    config: ReportConfig
    scoring: dict[str, Any] | None
    looks: Looks
    settings: Any = None


# A sheet writer adds zero or more sheets to the workbook (it may skip itself).
SheetWriter = Callable[["Workbook", ReportContext], None]


def scoring_dump(settings: Any) -> dict[str, Any] | None:
    """`settings.scoring` as plain data when it exists and is a pydantic model, else None."""
    scoring = getattr(settings, "scoring", None)
    dump = getattr(scoring, "model_dump", None)
    return dump(mode="json") if callable(dump) else None
