"""Fixtures of the carry tests: one screened sample, its workbook, a recruiter-edited copy."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipelines.screening.results import ScreeningResult
from pipelines.screening.stages import screen_file
from pipelines.settings import Settings
from tests.carry.recruiter import SAMPLE, edit_as_recruiter, produced


@pytest.fixture(scope="session")
def result(settings: Settings) -> ScreeningResult:
    """The Lever sample, screened."""
    return screen_file(SAMPLE, settings)


@pytest.fixture(scope="session")
def workbook(tmp_path_factory, result: ScreeningResult, settings: Settings) -> Path:
    """The workbook the project writes for the sample."""
    return produced(tmp_path_factory.mktemp("produced"), result, settings)


@pytest.fixture(scope="session")
def edited(tmp_path_factory, workbook: Path, settings: Settings) -> Path:
    """The workbook after a recruiter's edits, saved by openpyxl."""
    folder = tmp_path_factory.mktemp("edited")
    return edit_as_recruiter(workbook, folder / workbook.name, settings)
