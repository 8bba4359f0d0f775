"""Workbook contract: the Ranked sheet's columns beyond the scored table, and every key it knows."""

from __future__ import annotations

from schemas.scored import SCORED_COLUMNS

# Computed by the report from a scored row (the indicators list is named in config/report.toml).
RED_FLAGS = "red_flags"
KEY_EVIDENCE = "key_evidence"
ASK = "ask"
PROBE = "probe"
RESUME_SNIPPET = "resume_snippet"
REPORT_COLUMNS = (RED_FLAGS, KEY_EVIDENCE, ASK, PROBE, RESUME_SNIPPET)
# Filled in by the recruiter; carried over from earlier workbooks.
RECRUITER_COLUMNS = ("decision", "interviewer", "notes")
# Nightly runs: this candidate against the previous run of the same job.
HISTORY_STATUS = "history_status"
PREVIOUS_SCORE = "previous_score"
SCORE_CHANGE = "score_change"
HISTORY_COLUMNS = (HISTORY_STATUS, PREVIOUS_SCORE, SCORE_CHANGE)
# Which earlier workbook the recruiter's entries on a row were carried from.
CARRIED_FROM = "carried_from"
CARRIED_COLUMNS = (CARRIED_FROM,)


def ranked_keys(*computed: str) -> frozenset[str]:
    """Every key a Ranked column may name: the scored table's columns, the report's computed
    columns (plus `computed`, the ones config names), recruiter, history and carried columns."""
    return frozenset(
        (
            *SCORED_COLUMNS,
            *REPORT_COLUMNS,
            *computed,
            *RECRUITER_COLUMNS,
            *HISTORY_COLUMNS,
            *CARRIED_COLUMNS,
        )
    )
