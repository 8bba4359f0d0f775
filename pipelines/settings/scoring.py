"""Config model for `config/scoring.toml`: bands, indicators, metrics, red flags, weights."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field, create_model, model_validator

from pipelines.settings.base import StrictModel
from pipelines.settings.vocabulary import Regex, Word
from schemas.names import FLAG_NAMES, GRADED_LEVELS, INDICATOR_NAMES

# A level a band, an indicator or a weight can name (schemas/names.py; Unknown is no band).
Level = Literal[GRADED_LEVELS]


def _per_flag(name: str, doc: str, field: Any) -> type[StrictModel]:
    """A model with one field per red flag (schemas/names.py Flag), each `(type, Field)`."""
    fields: dict[str, Any] = {flag: field for flag in FLAG_NAMES}
    model = create_model(name, __base__=StrictModel, __doc__=doc, __module__=__name__, **fields)
    return model


class TextConfig(StrictModel):
    """Which input columns make up the candidate's own text, searched once, lowercased."""

    fields: list[Word] = Field(min_length=1)
    separator: str = Field(min_length=1)
    link_pattern: Regex
    not_stated_values: list[str] = Field(default_factory=list)


class LevelBand(StrictModel):
    """A years band: this level from `min_years` (inclusive) up to the next band."""

    name: Level
    min_years: float = Field(ge=0)


class KeywordLists(StrictModel):
    """A line of short items (a skills list), which is not experience."""

    min_items: int = Field(ge=2)
    max_words: int = Field(ge=1)


class StrongEvidence(StrictModel):
    """When indicators alone give a level without years: enough of them, and a title."""

    level: Level
    min_indicators: int = Field(ge=1)
    title_patterns: list[Regex] = Field(default_factory=list)


class LevelsConfig(StrictModel):
    """Years bands and how much indicator evidence supports a level on its own."""

    bands: list[LevelBand] = Field(min_length=1)
    evidence_min_indicators: int = Field(ge=1)
    keyword_lists: KeywordLists
    without_years: list[StrongEvidence]

    @model_validator(mode="after")
    def _ascending(self) -> LevelsConfig:
        years = [band.min_years for band in self.bands]
        if years != sorted(set(years)):
            raise ValueError("bands: min_years must be strictly ascending")
        names = [band.name for band in self.bands]
        if len(set(names)) != len(names):
            raise ValueError("bands: each level may appear once")
        return self


class IndicatorRule(StrictModel):
    """One experience-level indicator: text patterns and/or a structured condition."""

    level: Level
    label: Word
    patterns: list[Regex] = Field(default_factory=list)
    accuracy_meets_standard: bool = False
    min_specialties: int | None = Field(default=None, ge=1)
    min_team_size: int | None = Field(default=None, ge=1)
    min_improvement_pct: float | None = Field(default=None, ge=0)

    @model_validator(mode="after")
    def _has_condition(self) -> IndicatorRule:
        conditions = (
            self.patterns,
            self.accuracy_meets_standard,
            self.min_specialties,
            self.min_team_size,
            self.min_improvement_pct,
        )
        if not any(c not in (None, False, []) for c in conditions):
            raise ValueError("an indicator needs patterns or a condition")
        return self


class MetricRule(StrictModel):
    """A number stated in text: patterns whose group 1 is the number, and its valid range."""

    patterns: list[Regex] = Field(min_length=1)
    min: float
    max: float
    issue: Word

    @model_validator(mode="after")
    def _range(self) -> MetricRule:
        if self.min > self.max:
            raise ValueError("min must not exceed max")
        return self


class MetricsConfig(StrictModel):
    """Numbers read from resume text (the column value wins when present)."""

    years: MetricRule
    accuracy: MetricRule
    records_per_day: MetricRule
    team_size: MetricRule
    improvement_pct: MetricRule


class Contradictions(StrictModel):
    """Facts that contradict each other count as poor attention to detail."""

    low_years_max: float = Field(ge=0)
    large_team_min: int = Field(ge=1)
    years_mismatch_max: float = Field(ge=0)


class DetailReasons(StrictModel):
    """Plain words for each reason behind the poor-attention flag."""

    misspelling: Word
    malformed_email: Word
    team_contradicts_years: Word
    years_mismatch: Word


# The contract (schemas/names.py) fixes the flag names; each model has exactly these fields.
FlagValues = _per_flag(
    "FlagValues", "One number per red flag (penalty points).", (float, Field(ge=0))
)
FlagLabels = _per_flag("FlagLabels", "Plain words per red flag for the explanation.", (Word, ...))
FlagColumns = _per_flag(
    "FlagColumns",
    'Per red flag, the candidate columns whose content states its fact (else "not stated").',
    (list[Word], Field(min_length=1)),
)


class RedFlagRules(StrictModel):
    """Rules behind the five red flags."""

    accuracy_standard_pct: float = Field(ge=0, le=100)
    formal_training_patterns: list[Regex] = Field(min_length=1)
    hipaa_negative_values: list[str] = Field(min_length=1)
    email_pattern: Regex
    contradictions: Contradictions
    detail_reasons: DetailReasons
    stated_by: FlagColumns
    facts: FlagLabels
    labels: FlagLabels


class Weights(StrictModel):
    """Points: what each fact adds to the score, and what each red flag takes away."""

    points_per_year: float = Field(ge=0)
    years_cap: float = Field(gt=0)
    per_credential: float = Field(ge=0)
    credentials_cap: float = Field(ge=0)
    formal_training: float = Field(ge=0)
    per_coding_system: float = Field(ge=0)
    coding_systems_cap: float = Field(ge=0)
    indicator: dict[Level, float]
    accuracy_at_standard: float = Field(ge=0)
    records_per_day_min: float = Field(ge=0)
    records_per_day: float = Field(ge=0)
    flag_penalty: FlagValues
    score_min: float
    score_max: float
    score_decimals: int = Field(ge=0)

    @model_validator(mode="after")
    def _checks(self) -> Weights:
        missing = sorted(set(GRADED_LEVELS) - set(self.indicator))
        if missing:
            raise ValueError(f"indicator: missing points for {missing}")
        negative = sorted(k for k, v in self.indicator.items() if v < 0)
        if negative:
            raise ValueError(f"indicator: points must be >= 0 for {negative}")
        if self.score_min >= self.score_max:
            raise ValueError("score_min must be below score_max")
        return self


class RecommendationRules(StrictModel):
    """Score cut-offs; a candidate with any red flag is never advanced."""

    advance_min: float
    review_min: float

    @model_validator(mode="after")
    def _order(self) -> RecommendationRules:
        if self.review_min > self.advance_min:
            raise ValueError("review_min must not exceed advance_min")
        return self


class ExplanationWords(StrictModel):
    """Words used to build the plain-language explanation."""

    separator: str = Field(min_length=1)
    years: Word
    from_resume: Word
    from_job_history: Word
    from_answer: Word
    indicators: Word
    accuracy: Word
    records_per_day: Word
    formal_training: Word
    red_flag: Word
    nothing: Word
    not_stated: Word


class ScoringConfig(StrictModel):
    """Everything in `config/scoring.toml`."""

    text: TextConfig
    levels: LevelsConfig
    indicators: dict[str, IndicatorRule]
    metrics: MetricsConfig
    red_flags: RedFlagRules
    weights: Weights
    recommendation: RecommendationRules
    explanation: ExplanationWords

    @model_validator(mode="after")
    def _answers_apart(self) -> ScoringConfig:
        negative = {v.strip().lower() for v in self.red_flags.hipaa_negative_values}
        silent = {v.strip().lower() for v in self.text.not_stated_values}
        both = sorted(negative & silent)
        if both:
            raise ValueError(
                f"red_flags.hipaa_negative_values and text.not_stated_values share {both}"
            )
        return self

    @model_validator(mode="after")
    def _indicator_names(self) -> ScoringConfig:
        missing = sorted(set(INDICATOR_NAMES) - set(self.indicators))
        unknown = sorted(set(self.indicators) - set(INDICATOR_NAMES))
        if missing or unknown:
            raise ValueError(
                f"indicators: must be exactly the contract names; missing {missing}, "
                f"unknown {unknown}"
            )
        return self
