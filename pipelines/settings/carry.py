"""Config model for `config/carry.toml`: earlier workbooks, the decisions log, changes texts."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, field_validator

from pipelines.settings.base import StrictModel
from pipelines.settings.vocabulary import Regex, Word

IDENTITY_KEYS = ("candidate_id", "email", "full_name", "phone")


class PreviousRules(StrictModel):
    """Which earlier workbooks are read, and how their ranked sheet is found."""

    lock_prefix: Word
    workbook_suffix: Word
    search_globs: list[Word] = Field(min_length=1)
    days_back: int = Field(ge=0)
    stem_date_pattern: Regex
    header_scan_rows: int = Field(ge=1)
    identity_columns: list[Word]
    recruiter_columns: list[Word] = Field(min_length=1)
    context_columns: list[Word]
    private_columns: list[Word]
    match_order: list[Literal["candidate_id", "email", "name_phone"]] = Field(min_length=1)

    @field_validator("identity_columns")
    @classmethod
    def _identity(cls, value: list[str]) -> list[str]:
        """Every dedupe field is read back, or matching would be weaker than dedupe."""
        missing = [key for key in IDENTITY_KEYS if key not in value]
        if missing:
            raise ValueError(f"identity_columns must include {', '.join(missing)}")
        return value


class WorkbookMark(StrictModel):
    """The custom document property that marks a workbook this project wrote."""

    property_name: Word
    property_value: Word


class DecisionRules(StrictModel):
    """Selected decisions, the log file and the decision audit."""

    selected: list[Word] = Field(min_length=1)
    log_file: Word
    audit_decided_only: bool
    export_file: Word


class CarryTexts(StrictModel):
    """Texts of the carried marks, conflicts, reasons and refusals (`{...}` are filled in)."""

    carried_from: Word
    conflict: Word
    conflict_notes: Word
    blank: Word
    contradiction: Word
    new_flags: Word
    gone_flags: Word
    new_reasons: Word
    gone_reasons: Word
    separator: Word
    not_ours: Word
    no_ranked: Word
    lock_file: Word
    no_identity: Word
    damaged: Word


class ChangeLabels(StrictModel):
    """How the changes sheet names each kind of change; decimals of score changes."""

    sheet: Word
    table_name: Word
    score_decimals: int = Field(ge=0)
    new: Word
    returning: Word
    gone: Word


class DecisionAuditText(StrictModel):
    """The Fairness audit's section on recruiters' decisions, and its per-run counts file."""

    title: Word
    note: Word
    pooled_note: Word
    headers: list[Word] = Field(min_length=9, max_length=9)


class CarryConfig(StrictModel):
    """The whole of `config/carry.toml`."""

    previous: PreviousRules
    mark: WorkbookMark
    decisions: DecisionRules
    text: CarryTexts
    changes: ChangeLabels
    audit: DecisionAuditText
