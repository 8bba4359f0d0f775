"""Column names of the scorer's input and output contracts (docs/DESIGN.md)."""

from __future__ import annotations

import polars as pl

from schemas.scored import CONTRACT, FLAGS, INDICATORS

# Canonical candidate columns the validation stage hands over, with their types. Any other
# column is carried through untouched (never read by the scorer).
CANDIDATE_COLUMNS: dict[str, pl.DataType] = {
    "source_row": pl.Int64(),
    "source_file": pl.String(),
    "candidate_id": pl.String(),
    "first_name": pl.String(),
    "last_name": pl.String(),
    "full_name": pl.String(),
    "email": pl.String(),
    "phone": pl.String(),
    "job": pl.String(),
    "applied_at": pl.Datetime("us"),
    "source": pl.String(),
    "stage": pl.String(),
    "current_title": pl.String(),
    "current_company": pl.String(),
    "location": pl.String(),
    "years_experience": pl.Float64(),
    "certifications": pl.String(),
    "credential_expires": pl.String(),
    "coding_systems": pl.String(),
    "specialties": pl.String(),
    "accuracy": pl.Float64(),
    "records_per_day": pl.Float64(),
    "hipaa": pl.String(),
    "education": pl.String(),
    "skills": pl.String(),
    "resume_text": pl.String(),
    "data_issues": pl.String(),
    # Set by validation: a stated number blanked as out of range (claim checks), and by dedupe:
    # the other jobs the same person applied to.
    "accuracy_claimed": pl.Float64(),
    "records_per_day_claimed": pl.Float64(),
    "cross_job_applications": pl.String(),
    # Set by ingest: an application question (not a column) filled the years; and the resume
    # document matched to the candidate (`--resumes`).
    "years_experience_answered": pl.Boolean(),
    "resume_file": pl.String(),
}

INDICATOR_COLUMNS = tuple(INDICATORS)
FLAG_COLUMNS = tuple(FLAGS)

# The scored contract, in order; carried-through columns follow.
SCORED_COLUMNS = (
    *CONTRACT,
    "candidate_id",
    "job",
    "applied_at",
    "current_title",
    "current_company",
    "location",
    "source",
    "stage",
    "team_size",
    "improvement_pct",
    "years_source",
    "resume_file",
    "resume_text",
)

UNKNOWN_LEVEL = "Unknown"
ISSUE_SEPARATOR = "; "
LIST_SEPARATOR = ", "
