"""Column names of the scorer's input and output contracts (docs/DESIGN.md)."""

from __future__ import annotations

import polars as pl

from schemas.candidates import KEY_TYPES, TYPED
from schemas.scored import CONTRACT

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
}

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
    "resume_text",
)

ISSUE_SEPARATOR = "; "
LIST_SEPARATOR = ", "
