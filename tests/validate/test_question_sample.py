"""Every answer of the committed question sample reads as its truth says, through the real path.

data/samples/greenhouse_questions_medical_coder.csv is read by `read_export`, its headers mapped
by `map_headers`, and each evidence answer read by the answers function for its shape; the
expected values are the hand-written truth in tests/validate/greenhouse_questions_truth.csv.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from pipelines.ingest.questions import map_headers
from pipelines.ingest.reader import read_export
from pipelines.scoring.patterns import format_number
from pipelines.validate.answers import (
    credentials_answer,
    pending_credentials,
    percent_answer,
    terms_answer,
    years_answer,
    yes_no,
)

HERE = Path(__file__).resolve().parent
SAMPLE = HERE.parents[1] / "data" / "samples" / "greenhouse_questions_medical_coder.csv"
TRUTH = HERE / "greenhouse_questions_truth.csv"
EMPTY_LIST = "none"


@pytest.fixture(scope="module")
def truth() -> pl.DataFrame:
    return pl.read_csv(TRUTH, infer_schema=False)


@pytest.fixture(scope="module")
def export(settings):
    return read_export(SAMPLE, settings.columns, settings.ingest)


def _listed(names: pl.Expr) -> pl.Expr:
    """A list as the truth writes it: "|"-joined, "none" when empty, null stays null."""
    joined = pl.when(names.list.len() > 0).then(names.list.join("|")).otherwise(pl.lit(EMPTY_LIST))
    return pl.when(names.is_not_null()).then(joined)


def _reader(reads_as: str, settings):
    vocabulary = settings.vocabulary
    decimals = vocabulary.parsing.decimals
    return {
        "credentials": lambda e: _listed(credentials_answer(e, vocabulary)),
        "years": lambda e: format_number(years_answer(e, vocabulary), decimals),
        "percent": lambda e: format_number(percent_answer(e, vocabulary), decimals),
        "yes_no": lambda e: yes_no(e, vocabulary).cast(pl.String),
        "code_sets": lambda e: _listed(terms_answer(e, vocabulary.coding_systems)),
        "text": lambda e: e,
    }[reads_as]


def test_every_question_header_maps_as_the_truth_says(settings, export, truth) -> None:
    headers = export.unknown_headers
    mapping = map_headers(headers, settings.columns, settings.questions, settings.vocabulary)
    result = mapping.select(pl.col("header").alias("question"), "field", "how").sort("question")
    expected = truth.select("question", "field", "how").unique().sort("question")
    assert_frame_equal(result, expected)


def test_every_answer_reads_as_the_truth_says(settings, export, truth) -> None:
    frame = export.frame
    parts = []
    for (question, reads_as), _ in truth.group_by("question", "reads_as", maintain_order=True):
        if reads_as in ("carried", "protected"):
            continue
        column = pl.col(str(question))
        pending = (
            _listed(pending_credentials(column, settings.vocabulary))
            if reads_as == "credentials"
            else pl.lit(None, pl.String)
        )
        parts.append(
            frame.select(
                "candidate_id",
                pl.lit(question).alias("question"),
                column.alias("answer"),
                _reader(str(reads_as), settings)(column).alias("expected"),
                pending.alias("pending"),
            )
        )
    result = pl.concat(parts)
    expected = truth.filter(~pl.col("reads_as").is_in(["carried", "protected"])).select(
        result.columns
    )
    assert_frame_equal(result, expected)
    assert result.height == 6 * export.frame.height


def test_the_sample_has_blank_answers_and_a_url_resume(export) -> None:
    frame = export.frame
    assert frame.height == 30
    assert frame["resume_text"].str.contains(r"^https://\S+/cpc-resumes/\S+\.pdf\?").all()
    question_columns = export.unknown_headers
    blanks = frame.select(pl.col(question_columns).null_count()).row(0)
    assert sum(blanks) > 0
