"""Config model for `config/vocabulary.toml`: credentials, code sets, specialties, words, units."""

from __future__ import annotations

from typing import Annotated

import polars as pl
from pydantic import AfterValidator, Field, model_validator

from pipelines.settings.base import StrictModel


def check_regex(pattern: str) -> str:
    """Reject a pattern the polars (Rust) regex engine cannot compile."""
    try:
        pl.select(probe=pl.lit("").str.contains(pattern))
    except pl.exceptions.PolarsError as exc:
        first_line = str(exc).strip().splitlines()[-1] if str(exc).strip() else "invalid"
        raise ValueError(f"not a valid regex for polars: {pattern!r} ({first_line})") from exc
    return pattern


Regex = Annotated[str, Field(min_length=1), AfterValidator(check_regex)]
Word = Annotated[str, Field(min_length=1)]


class Term(StrictModel):
    """One named thing (credential, code set, specialty) and the regex fragments that name it."""

    name: Word
    patterns: list[Regex] = Field(min_length=1)


class ParsingWords(StrictModel):
    """Units and words the text->number parsers understand."""

    year_units: list[Word] = Field(min_length=1)
    month_units: list[Word] = Field(min_length=1)
    months_per_year: float = Field(gt=0)
    range_separators: list[Word] = Field(min_length=1)
    percent_signs: list[Word] = Field(min_length=1)
    fraction_percent_max: float = Field(gt=0)
    percent_scale: float = Field(gt=0)
    decimals: int = Field(ge=0)
    number_words: list[tuple[Word, float]] = Field(min_length=1)
    below_words: list[Word] = Field(min_length=1)


class AnswerWords(StrictModel):
    """Words that application-question answers are read by (yes/no, lists, no experience)."""

    yes: list[Word] = Field(min_length=1)
    no: list[Word] = Field(min_length=1)
    pending: list[Word]
    list_separators: list[Word] = Field(min_length=1)
    zero_years: list[Word]

    @model_validator(mode="after")
    def _disjoint(self) -> AnswerWords:
        both = sorted({w.lower() for w in self.yes} & {w.lower() for w in self.no})
        if both:
            raise ValueError(f"words both yes and no: {both}")
        return self


class JobHistoryWords(StrictModel):
    """How dated positions are found in a resume and which of them are coding work."""

    months: list[list[Word]] = Field(min_length=12, max_length=12)
    present: list[Word] = Field(min_length=1)
    range_separators: list[Word] = Field(min_length=1)
    earliest_year: int = Field(ge=1900)
    titles: list[Regex] = Field(min_length=1)
    duties: list[Regex]
    not_positions: list[Regex]
    sections: list[Regex] = Field(min_length=1)
    excluded_sections: list[Regex]
    bullets: list[Word]


class Negations(StrictModel):
    """Words that turn a credential mention into a non-credential ("CPC in progress")."""

    before: list[Word]
    after: list[Word]
    max_gap_words: int = Field(ge=0)
    lookalikes: list[Regex] = Field(default_factory=list)


class HipaaNegation(StrictModel):
    """Words that turn a HIPAA mention into its absence ("no HIPAA training")."""

    words: list[Regex] = Field(min_length=1)
    within_words: int = Field(ge=0)
    not_negated_by: list[Regex]


class VocabularyConfig(StrictModel):
    """Everything in `config/vocabulary.toml`."""

    parsing: ParsingWords
    negations: Negations
    credentials: list[Term] = Field(min_length=1)
    coding_systems: list[Term] = Field(min_length=1)
    specialties: list[Term] = Field(min_length=1)
    misspellings: list[Regex]
    hipaa_mentions: list[Regex] = Field(min_length=1)
    hipaa_negation: HipaaNegation
    answers: AnswerWords
    job_history: JobHistoryWords

    @model_validator(mode="after")
    def _unique_names(self) -> VocabularyConfig:
        for group in ("credentials", "coding_systems", "specialties"):
            names = [term.name for term in getattr(self, group)]
            duplicates = sorted({name for name in names if names.count(name) > 1})
            if duplicates:
                raise ValueError(f"{group}: duplicate names {duplicates}")
        return self
