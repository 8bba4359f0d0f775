"""Nightly: the newest earlier workbook of the same job in the outbox (no flag needed)."""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pipelines.settings.carry import CarryConfig

DATE_FOLDER = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def job_name(stem: str, config: CarryConfig) -> str:
    """An export's job as its file stem without a date in it, case-folded."""
    return re.sub(config.previous.stem_date_pattern, "", stem).strip(" -_.").casefold()


def _run_date(path: Path, outbox: Path) -> date | None:
    """The run-date folder a workbook sits in (`<outbox>/<date>/...`), else None."""
    first = path.relative_to(outbox).parts[0]
    if not DATE_FOLDER.match(first):
        return None
    try:
        return date.fromisoformat(first)
    except ValueError:
        return None


def find_previous(
    outbox: Path,
    export_name: str,
    run_date: str,
    config: CarryConfig,
    exclude: Path | None = None,
) -> Path | None:
    """The newest workbook of the same job in a run-date folder from `run_date` back to
    `days_back` days earlier (by folder date, then modification time), other than `exclude`
    (the workbook about to be written); Excel lock files and other folders are ignored."""
    rules = config.previous
    outbox = Path(outbox)
    today = date.fromisoformat(run_date)
    oldest = today - timedelta(days=rules.days_back)
    job = job_name(Path(export_name).stem, config)
    found: list[tuple[date, float, str, Path]] = []
    for pattern in rules.search_globs:
        for path in outbox.glob(pattern):
            if path.name.startswith(rules.lock_prefix) or not path.is_file():
                continue
            day = _run_date(path, outbox)
            if day is None or not oldest <= day <= today:
                continue
            if exclude is not None and path.resolve() == Path(exclude).resolve():
                continue
            if job_name(path.name.removesuffix(rules.workbook_suffix), config) != job:
                continue
            found.append((day, path.stat().st_mtime, str(path), path))
    return max(found)[3] if found else None
