"""The committed sample resumes zip reads and matches as its truth file says, and is current."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from pipelines.documents import match_documents, read_documents
from pipelines.synthetic.question_resumes import candidates_with_truth
from pipelines.synthetic.resume_documents import TRAPS, write_resume_zip

SAMPLES = Path(__file__).resolve().parents[2] / "data" / "samples"
ZIP = SAMPLES / "greenhouse_questions_medical_coder-resumes.zip"
TRUTH = SAMPLES / "truth" / "greenhouse_questions_medical_coder-resumes.csv"


@pytest.fixture(scope="module")
def truth() -> pl.DataFrame:
    """The truth file of the committed sample."""
    return pl.read_csv(TRUTH, schema_overrides={"candidate_id": pl.String})


def _candidates(truth: pl.DataFrame) -> pl.DataFrame:
    """The candidates the sample was generated from, in their original order."""
    return (
        truth.filter(pl.col("row").is_not_null())
        .unique("row")
        .sort("row")
        .select(
            "candidate_id",
            "first_name",
            "last_name",
            "email",
            "level",
            pl.col("years").alias("years_experience"),
            pl.col("credentials").alias("certifications"),
        )
    )


def _with_rows(candidates: pl.DataFrame) -> pl.DataFrame:
    """Candidates shaped for matching."""
    return candidates.with_row_index("source_row").with_columns(
        full_name=pl.concat_str("first_name", "last_name", separator=" ")
    )


def test_the_sample_has_every_style_and_hostile_case(truth):
    assert truth.height == 32  # 30 candidates, a cover letter, a non-candidate resume
    assert set(truth["naming"]) == {"id", "first_last", "first_last_dash", "opaque", "cover_letter"}
    assert set(truth["format"]) == {"pdf", "docx", "txt", "md", "rtf"}
    assert set(truth["expected_reason"].drop_nulls()) == {"no text layer", "encrypted", "damaged"}
    assert truth["candidate_id"].null_count() == 1


def test_every_document_is_read_and_matched_as_the_truth_says(config, truth):
    documents = read_documents(ZIP, config).documents
    candidates = _with_rows(_candidates(truth))

    matched = match_documents(candidates, documents, config)

    ids = candidates.select("source_row", "candidate_id")
    result = (
        matched.documents.join(ids, on="source_row", how="left")
        .join(documents.select("file", "protected_lines_removed"), on="file")
        .select("file", "candidate_id", "reason", "protected_lines_removed")
        .sort("file")
    )
    expected = (
        truth.select(
            "file",
            "candidate_id",
            pl.col("expected_reason").alias("reason"),
            pl.col("protected_lines").cast(pl.Int32).alias("protected_lines_removed"),
        )
        .with_columns(
            # Unread documents count no lines; the nobody resume is assigned to nobody.
            pl.when(pl.col("reason").is_null())
            .then(pl.col("protected_lines_removed"))
            .otherwise(0),
        )
        .sort("file")
    )
    assert_frame_equal(result, expected)
    assert matched.unmatched["reason"].to_list() == ["matches no candidate"]


def test_texts_hold_their_credentials_and_traps_and_no_protected_line(config, truth):
    documents = read_documents(ZIP, config).documents.join(truth, on="file")
    readable = documents.filter(pl.col("reason").is_null(), pl.col("naming") != "cover_letter")

    for row in readable.iter_rows(named=True):
        credentials = [c.strip() for c in (row["credentials"] or "").split(",") if c.strip()]
        for credential in credentials:
            assert f"{credential} - active" in row["text"], row["file"]
        traps = row["traps"].split(";") if row["traps"] else []
        for trap in traps:
            assert TRAPS[trap][1][0] in row["text"], row["file"]
        assert "Date of Birth" not in row["text"]
        assert "Marital Status" not in row["text"]


def test_the_committed_zip_is_what_the_generator_writes(tmp_path, config, truth):
    people, _ = candidates_with_truth()
    written, truth_path = write_resume_zip(people, tmp_path / "again.zip")

    committed = read_documents(ZIP, config).documents
    regenerated = read_documents(written, config).documents
    assert_frame_equal(regenerated, committed)
    assert_frame_equal(pl.read_csv(truth_path, schema_overrides={"candidate_id": pl.String}), truth)
