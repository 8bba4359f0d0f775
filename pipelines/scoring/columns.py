"""The scorer's input columns with their types, and the separators it writes."""

from __future__ import annotations

import polars as pl

from schemas.candidates import KEY_TYPES, TYPED

# Canonical candidate columns the validation stage hands over, with their types
# (schemas/candidates.py). Any other column is carried through untouched (never read by the
# scorer).
CANDIDATE_COLUMNS: dict[str, pl.DataType] = {
    **KEY_TYPES,
    **TYPED,
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

ISSUE_SEPARATOR = "; "
LIST_SEPARATOR = ", "
