"""A long answers file (JazzHR candidate_questionnaires.csv) pivots to one row per application."""

from __future__ import annotations

import csv
from pathlib import Path

import polars as pl
import pytest
from openpyxl import Workbook
from polars.testing import assert_frame_equal

from pipelines.ingest.answers_file import pivot_answers, read_answers_file
from pipelines.ingest.errors import IngestError
from pipelines.settings.base import load_model
from pipelines.settings.questions import QuestionsConfig
from tests.ingest.conftest import CONFIG_DIR

CREDENTIAL = "Do you currently hold an active AAPC or AHIMA credential? Please list it."
YEARS = "Approximately how many years of professional medical coding experience do you have?"
HEARD = "How did you hear about us?"
SPECIALTIES = "Which specialties have you coded? (select all that apply)"

# JazzHR's shape: one row per application and question; a multi-select answer may come as
# several rows of the same question.
JAZZHR = [
    ["application_id", "questionnaire_name", "question", "answer"],
    ["A-1001", "Coder screening", CREDENTIAL, "Yes - CPC"],
    ["A-1001", "Coder screening", YEARS, "3-5 years"],
    ["A-1001", "Coder screening", SPECIALTIES, "Cardiology"],
    ["A-1001", "Coder screening", SPECIALTIES, "Orthopedics"],
    ["A-1001", "General", HEARD, "Indeed"],
    ["A-1002", "Coder screening", CREDENTIAL, "Not yet - sitting for the CPC exam in March"],
    ["A-1002", "Coder screening", YEARS, ""],
    ["", "Coder screening", YEARS, "10+ years"],
    ["A-1003", "General", HEARD, "Referral"],
    ["A-1003", "Coder screening", "", "orphan answer"],
]


@pytest.fixture(scope="module")
def answers_config():
    return load_model(CONFIG_DIR / "questions.toml", QuestionsConfig).answers_file


def _write(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(rows)
    return path


def _expected() -> pl.DataFrame:
    return pl.DataFrame(
        {
            "candidate_id": ["A-1001", "A-1002", "A-1003"],
            CREDENTIAL: ["Yes - CPC", "Not yet - sitting for the CPC exam in March", None],
            YEARS: ["3-5 years", None, None],
            SPECIALTIES: ["Cardiology; Orthopedics", None, None],
            HEARD: ["Indeed", None, "Referral"],
        }
    )


def test_jazzhr_file_pivots_one_row_per_application(tmp_path, answers_config, ingest) -> None:
    path = _write(tmp_path / "candidate_questionnaires.csv", JAZZHR)
    result = read_answers_file(path, answers_config, ingest)
    assert_frame_equal(result.frame, _expected())
    assert result.questions == [CREDENTIAL, YEARS, SPECIALTIES, HEARD]
    assert result.rows_read == len(JAZZHR) - 1
    assert result.warnings == [
        "2 rows have no candidate_id or no question and were skipped (rows 9, 11)"
    ]


def test_workbook_answers_file(tmp_path, answers_config, ingest) -> None:
    path = tmp_path / "answers.xlsx"
    rows = [["Applicant ID", "Prompt", "Response"], *([r[0], r[2], r[3]] for r in JAZZHR[1:])]
    book = Workbook()
    for row in rows:
        book.active.append(row)
    book.save(path)
    result = read_answers_file(path, answers_config, ingest)
    assert_frame_equal(result.frame, _expected())


def test_pivot_joins_repeated_answers_and_drops_blanks(answers_config) -> None:
    long = pl.DataFrame(
        {
            "candidate_id": ["7", "7", "7", " 7 ", "8"],
            "question": ["Q1", "Q1", "Q1", "Q2", "candidate_id"],
            "answer": ["a", None, "b", "  ", "x"],
        }
    )
    result = pivot_answers(long, answers_config)
    expected = pl.DataFrame(
        {
            "candidate_id": ["7", "8"],
            "Q1": ["a; b", None],
            "Q2": [None, None],
            "candidate_id (question)": [None, "x"],
        }
    )
    assert_frame_equal(result, expected, check_dtypes=False)
    assert result.schema["Q2"] == pl.String


def test_a_file_without_the_long_columns_is_refused(tmp_path, answers_config, ingest) -> None:
    path = _write(tmp_path / "export.csv", [["application_id", "First Name"], ["1", "Ann"]])
    with pytest.raises(
        IngestError,
        match=r"export\.csv: not an answers file: no column for "
        r"question, answer",
    ):
        read_answers_file(path, answers_config, ingest)
