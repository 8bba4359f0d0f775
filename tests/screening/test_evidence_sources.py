"""The question-header sample with its resumes: every answer read, documents attached, shown."""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl
import pytest
from openpyxl import load_workbook

from pipelines.screening.score_one import score_one

SAMPLES = Path(__file__).resolve().parents[2] / "data" / "samples"
EXPORT = SAMPLES / "greenhouse_questions_medical_coder.csv"
BUNDLE = SAMPLES / "greenhouse_questions_medical_coder-resumes.zip"


@pytest.fixture(scope="module")
def published(tmp_path_factory, settings):
    """The sample scored with its bundle found beside it (no --resumes given)."""
    outcome = score_one(EXPORT, tmp_path_factory.mktemp("out"), settings)
    assert outcome.status == "scored", outcome.reason
    return outcome


def test_bundle_beside_the_export_is_read_and_reported(published) -> None:
    outcome = published
    record = json.loads(Path(outcome.outputs["run_record"]).read_text())
    scored = pl.read_parquet(outcome.outputs["parquet"])
    assert record["resumes"] == BUNDLE.name
    assert record["unmatched_documents"] == [
        {"file": "Quentin Abernathy - Resume.pdf", "reason": "matches no candidate"}
    ]
    assert record["evidence_coverage"]["resume_document"] == scored["resume_file"].count()
    assert outcome.unmatched_documents == 1
    # the three unreadable documents are data issues on their candidates, naming the file
    issues = scored.filter(pl.col("data_issues").str.contains("skipped")).height
    assert issues == 3


def test_every_header_mapping_is_in_the_run_record_and_on_about(published) -> None:
    outcome = published
    record = json.loads(Path(outcome.outputs["run_record"]).read_text())
    how = {m["header"]: m["how"] for m in record["header_mapping"]}
    assert how["Candidate ID"] == "alias"
    assert how["How did you hear about us?"] == "carried"
    assert how["Which gender do you identify with? (voluntary self-identification)"] == "protected"
    assert how["How many years of experience do you have with Epic?"] == "rule:ehr"
    about = load_workbook(outcome.outputs["workbook"], read_only=True)["About"]
    cells = {c for row in about.iter_rows(values_only=True) for c in row if c}
    assert "How many years of experience do you have with Epic?" in cells
    assert "Quentin Abernathy - Resume.pdf: matches no candidate" in cells


def test_protected_question_never_reaches_the_scored_table(published) -> None:
    outcome = published
    scored = pl.read_parquet(outcome.outputs["parquet"])
    assert not any("gender" in c.lower() for c in scored.columns)


def test_not_stated_flags_show_what_to_ask(published, settings) -> None:
    outcome = published
    scored = pl.read_parquet(outcome.outputs["parquet"])
    unstated = scored.filter(pl.col("flag_below_accuracy_standard").is_null()).height
    assert unstated > 0  # "Not audited yet" and blank accuracy answers
    ranked = load_workbook(outcome.outputs["workbook"], read_only=True)["Ranked"]
    ask = settings.report.flags["flag_below_accuracy_standard"].ask
    shown = sum(row.count(ask) for row in ranked.iter_rows(values_only=True))
    assert shown == unstated
    summary = load_workbook(outcome.outputs["workbook"], read_only=True)["Summary"]
    cells = {c for row in summary.iter_rows(values_only=True) for c in row if c}
    assert settings.report.summary.evidence_labels["resume_document"] in cells


def test_an_unreadable_bundle_is_one_refusal(tmp_path, settings) -> None:
    bad = tmp_path / "bad.zip"
    bad.write_bytes(b"not a zip at all")
    outcome = score_one(EXPORT, tmp_path, settings, resumes=bad)
    assert outcome.status == "refused" and outcome.reason.startswith("resumes bad.zip: ")


def test_a_long_answers_file_is_read_like_question_columns(tmp_path, settings) -> None:
    export = tmp_path / "jazzhr.csv"
    export.write_text(
        "Candidate ID,Name,Email\n101,Ana Diaz,ana@example.com\n102,Bo Li,bo@example.com\n"
    )
    answers = tmp_path / "candidate_questionnaires.csv"
    answers.write_text(
        "application_id,questionnaire_name,question,answer\n"
        "101,Coder,Do you hold an AAPC or AHIMA credential?,Yes - CPC\n"
        "101,Coder,How many years of medical coding experience do you have?,3-5 years\n"
        "102,Coder,How many years of medical coding experience do you have?,Less than 1 year\n"
        "102,Coder,What is your gender?,Female\n"
    )
    outcome = score_one(export, tmp_path, settings, answers=answers)
    scored = pl.read_parquet(outcome.outputs["parquet"]).sort("candidate_id")
    assert scored.select("years_experience", "years_source", "credentials").rows() == [
        (3.0, "answer", "CPC"),
        (0.0, "answer", None),
    ]
    assert not any("gender" in c.lower() for c in scored.columns)
    assert json.loads(Path(outcome.outputs["run_record"]).read_text())["answers"] == answers.name
