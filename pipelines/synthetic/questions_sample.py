"""The Greenhouse-shaped sample with application-question columns, and the truth of its answers.

Columns: Candidate ID, First Name, Last Name, Email, Phone, Job, Applied On, Source, Stage,
Resume (a signed-looking download URL, never text), then one column per question of
`questions_sample.toml`. Identity is deterministic from the row number (see the TOML), so a
resume-document generator can write matching resumes.
"""

from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path

import polars as pl
from pydantic import Field

from pipelines.settings.base import StrictModel, load_model
from pipelines.synthetic.csv_export import write_delimited
from pipelines.synthetic.profile import load_profile

SPEC_PATH = Path(__file__).with_name("questions_sample.toml")
REPO = Path(__file__).resolve().parents[2]
SAMPLES_DIR = REPO / "data" / "samples"
TRUTH_DIR = REPO / "tests" / "validate"
IDENTITY_COLUMNS = [
    "Candidate ID",
    "First Name",
    "Last Name",
    "Email",
    "Phone",
    "Job",
    "Applied On",
    "Source",
    "Stage",
    "Resume",
]
TRUTH_COLUMNS = ["candidate_id", "question", "field", "how", "answer", "expected", "pending"]
ENCODING = "utf-8"
DELIMITER = ","
PHONE_LINE_BASE = 100


class SampleQuestion(StrictModel):
    """One question column: its header, how it must map, and answers with what they read as."""

    header: str
    field: str | None = None
    how: str
    reads_as: str
    offset: int = Field(ge=0)
    answers: list[list[str]] = Field(min_length=1)


class QuestionSampleSpec(StrictModel):
    """Everything in `questions_sample.toml`."""

    file: str
    truth_file: str
    rows: int = Field(gt=0)
    candidate_id_base: int
    job: str
    first_applied: date
    applied_days: int = Field(gt=0)
    email_domain: str
    area_codes: list[str] = Field(min_length=1)
    first_step: int = Field(gt=0)
    last_step: int = Field(gt=0)
    sources: list[str] = Field(min_length=1)
    stages: list[str] = Field(min_length=1)
    resume_url: str
    questions: list[SampleQuestion] = Field(min_length=1)


def load_spec(path: Path = SPEC_PATH) -> QuestionSampleSpec:
    """Load and validate `questions_sample.toml`."""
    return load_model(path, QuestionSampleSpec)


def _cycle(values: list[str], index: pl.Expr, offset: int = 0) -> pl.Expr:
    """values[(index + offset) % len(values)] as a String expression ("" -> null)."""
    lookup = pl.Series([value if value != "" else None for value in values], dtype=pl.String)
    return pl.lit(lookup).gather((index + offset) % len(values))


def _signature(candidate_id: str) -> str:
    """A fixed fake S3 signature for a candidate (64 hex characters)."""
    return hashlib.sha256(f"questions-sample:{candidate_id}".encode()).hexdigest()


def _identity(spec: QuestionSampleSpec) -> pl.DataFrame:
    """The identity and application columns, one row per candidate."""
    identity = load_profile().identity
    first, last = identity.first_names, identity.last_names
    index = pl.int_range(0, spec.rows, dtype=pl.Int64)
    frame = pl.select(
        index.alias("_i"),
        (index + spec.candidate_id_base).cast(pl.String).alias("Candidate ID"),
        pl.lit(pl.Series(first)).gather(index * spec.first_step % len(first)).alias("First Name"),
        pl.lit(pl.Series(last)).gather((index * spec.last_step + 3) % len(last)).alias("Last Name"),
    )
    applied = pl.lit(spec.first_applied) + pl.duration(days=pl.col("_i") % spec.applied_days)
    frame = frame.with_columns(
        pl.concat_str(
            [
                pl.col("First Name"),
                pl.lit("."),
                pl.col("Last Name"),
                pl.lit(f"@{spec.email_domain}"),
            ]
        )
        .str.to_lowercase()
        .alias("Email"),
        pl.format(
            "({}) 555-0{}",
            _cycle(spec.area_codes, pl.col("_i")),
            (pl.col("_i") + PHONE_LINE_BASE).cast(pl.String),
        ).alias("Phone"),
        pl.lit(spec.job).alias("Job"),
        applied.dt.strftime("%Y-%m-%d").alias("Applied On"),
        _cycle(spec.sources, pl.col("_i")).alias("Source"),
        _cycle(spec.stages, pl.col("_i")).alias("Stage"),
    )
    urls = [
        spec.resume_url.format(id=cid, first=f, last=ln, signature=_signature(cid))
        for cid, f, ln in frame.select("Candidate ID", "First Name", "Last Name").rows()
    ]
    return frame.with_columns(pl.Series("Resume", urls, dtype=pl.String))


def question_sample(spec: QuestionSampleSpec) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The export (identity + question columns) and its truth (one row per answer cell)."""
    frame = _identity(spec)
    truth_parts = []
    for question in spec.questions:
        answers = [answer[0] for answer in question.answers]
        frame = frame.with_columns(
            _cycle(answers, pl.col("_i"), question.offset).alias(question.header)
        )
        expected = [answer[1] if len(answer) > 1 else "" for answer in question.answers]
        pending = [answer[2] if len(answer) > 2 else "" for answer in question.answers]
        truth_parts.append(
            frame.select(
                pl.col("Candidate ID").alias("candidate_id"),
                pl.lit(question.header).alias("question"),
                pl.lit(question.field, pl.String).alias("field"),
                pl.lit(question.how).alias("how"),
                pl.col(question.header).alias("answer"),
                _cycle(expected, pl.col("_i"), question.offset).alias("expected"),
                _cycle(pending, pl.col("_i"), question.offset).alias("pending"),
            ).with_columns(pl.lit(question.reads_as).alias("reads_as"))
        )
    truth = pl.concat(truth_parts).select(*TRUTH_COLUMNS[:4], "reads_as", *TRUTH_COLUMNS[4:])
    return frame.drop("_i"), truth


def write_question_sample(
    samples_dir: Path = SAMPLES_DIR,
    truth_dir: Path = TRUTH_DIR,
    spec: QuestionSampleSpec | None = None,
) -> list[Path]:
    """Write the export (UTF-8, comma, CRLF) and its truth CSV; returns both paths."""
    spec = spec or load_spec()
    export, truth = question_sample(spec)
    export_path = write_delimited(
        samples_dir / spec.file, export.columns, export.rows(), ENCODING, DELIMITER
    )
    truth_path = write_delimited(
        truth_dir / spec.truth_file, truth.columns, truth.rows(), ENCODING, DELIMITER
    )
    return [export_path, truth_path]


if __name__ == "__main__":
    for written in write_question_sample():
        print(written)
