"""Evidence coverage: for each kind of evidence, how many candidates the export stated it for."""

from __future__ import annotations

import polars as pl

# Evidence kind -> the scored-table expression that is true when it was stated for a candidate.
# A red flag is null exactly when its fact was not stated (pipelines/scoring/flags.py).
COVERAGE: dict[str, pl.Expr] = {
    "years_experience": pl.col("years_experience").is_not_null(),
    "credentials": pl.col("flag_no_certification").is_not_null(),
    "code_sets": pl.col("flag_limited_terminology").is_not_null(),
    "hipaa": pl.col("flag_no_hipaa").is_not_null(),
    "accuracy": pl.col("accuracy_pct").is_not_null(),
    "resume_document": pl.col("resume_file").is_not_null(),
}
# What "this export states nothing" ignores: a resume document is a source, not a fact.
FACTS = [kind for kind in COVERAGE if kind != "resume_document"]


def evidence_coverage(scored: pl.DataFrame) -> dict[str, int]:
    """Candidates with each kind of evidence (0 for all when nobody was ranked)."""
    present = [name for name in COVERAGE if _column(COVERAGE[name]) in scored.columns]
    if scored.height == 0 or not present:
        return dict.fromkeys(COVERAGE, 0)
    counts = scored.select(COVERAGE[name].sum().alias(name) for name in present).row(0, named=True)
    return {name: int(counts.get(name, 0) or 0) for name in COVERAGE}


def states_no_evidence(coverage: dict[str, int]) -> bool:
    """True when the export stated none of the facts for anyone."""
    return not any(coverage.get(kind, 0) for kind in FACTS)


def _column(expr: pl.Expr) -> str:
    """The input column of a coverage expression."""
    return expr.meta.root_names()[0]
