"""Config model for `config/profiles.toml`: job profiles, title lists, lapse and ATS rules."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field, model_validator

from pipelines.settings.base import ConfigError, StrictModel, load_model
from pipelines.settings.guide import GuideConfig
from pipelines.settings.vocabulary import Regex, VocabularyConfig, Word
from schemas.names import INDICATOR_NAMES


class TitleLists(StrictModel):
    """Coder titles in general, titles that are not coding work, and what marks a job line."""

    coder: list[Regex] = Field(min_length=1)
    unrelated: list[Regex] = Field(min_length=1)
    line_breaks: Regex
    job_line: Regex


class LapseRules(StrictModel):
    """How credential expiry dates and lapse words are read, and the apprentice note."""

    column_patterns: list[Regex] = Field(min_length=1)
    text_patterns: list[Regex] = Field(min_length=1)
    lapsed_words: list[Regex] = Field(min_length=1)
    within_words: int = Field(ge=0)
    apprentice_credentials: list[Word]
    apprentice_years_min: float = Field(ge=0)

    @model_validator(mode="after")
    def _year_groups(self) -> LapseRules:
        for key in ("column_patterns", "text_patterns"):
            for index, pattern in enumerate(getattr(self, key)):
                if "(?P<year>" not in pattern:
                    raise ValueError(f"{key}[{index}]: needs a (?P<year>...) group")
        return self


class AtsRules(StrictModel):
    """Status values that mean the ATS already rejected the application (substring match)."""

    rejected_values: list[Word]


class ProfileWords(StrictModel):
    """Plain words (templates with {placeholders}) for the profile columns."""

    records_per_day: Word
    accuracy_over: Word
    lapsed_date: Word
    lapsed_word: Word
    apprentice: Word
    must_have: Word
    ats_rejected: Word
    title: Word
    profile: Word
    pinned: Word
    argument: Word
    matched: Word
    no_match: Word
    no_job: Word


class EvidenceTerm(StrictModel):
    """Text a profile counts as evidence on top of the shared scoring: patterns and points."""

    label: Word
    patterns: list[Regex] = Field(min_length=1)
    points: float = Field(ge=0)


class MustHave(StrictModel):
    """One must-have: any of these credentials (or code sets) meets it."""

    label: Word
    credentials: list[Word] = Field(default_factory=list)
    coding_systems: list[Word] = Field(default_factory=list)

    @model_validator(mode="after")
    def _names_something(self) -> MustHave:
        if not (self.credentials or self.coding_systems):
            raise ValueError("a must-have needs credentials or coding_systems")
        return self


class PlausibleRange(StrictModel):
    """A plausible range for a stated number (outside it, the claim is checked, not scored)."""

    min: float = Field(ge=0)
    max: float = Field(ge=0)

    @model_validator(mode="after")
    def _order(self) -> PlausibleRange:
        if self.min > self.max:
            raise ValueError("min must not exceed max")
        return self


class Profile(StrictModel):
    """One job profile: which jobs it fits and what it weighs differently."""

    label: Word
    titles: list[Regex] = Field(default_factory=list)
    credential_points: dict[str, float] = Field(default_factory=dict)
    credentials_cap: float | None = Field(default=None, ge=0)
    coding_system_points: dict[str, float] = Field(default_factory=dict)
    coding_systems_cap: float | None = Field(default=None, ge=0)
    indicator_points: dict[str, float] = Field(default_factory=dict)
    title_points: float = Field(default=0.0, ge=0)
    evidence: list[EvidenceTerm] = Field(default_factory=list)
    evidence_cap: float = Field(default=0.0, ge=0)
    records_per_day: PlausibleRange
    must_have: list[MustHave] = Field(default_factory=list)
    questions: list[Word] = Field(default_factory=list)

    @model_validator(mode="after")
    def _points(self) -> Profile:
        for key in ("credential_points", "coding_system_points", "indicator_points"):
            negative = sorted(name for name, value in getattr(self, key).items() if value < 0)
            if negative:
                raise ValueError(f"{key}: points must be >= 0 for {negative}")
        unknown = sorted(set(self.indicator_points) - set(INDICATOR_NAMES))
        if unknown:
            raise ValueError(
                f"indicator_points: unknown indicators {unknown} (known: {list(INDICATOR_NAMES)})"
            )
        return self


class ProfilesConfig(StrictModel):
    """Everything in `config/profiles.toml`."""

    default: Word
    pinned: dict[str, Word] = Field(default_factory=dict)
    titles: TitleLists
    lapse: LapseRules
    ats: AtsRules
    words: ProfileWords
    profiles: dict[str, Profile] = Field(min_length=1)

    @model_validator(mode="after")
    def _known_profiles(self) -> ProfilesConfig:
        if self.default not in self.profiles:
            raise ValueError(f"default: unknown profile {self.default!r}")
        unknown = {job: name for job, name in self.pinned.items() if name not in self.profiles}
        if unknown:
            raise ValueError(f"pinned: unknown profiles {unknown} (known: {list(self.profiles)})")
        return self

    def profile(self, name: str) -> Profile:
        """The named profile; ValueError listing the known names when there is none."""
        if name not in self.profiles:
            raise ValueError(f"unknown profile {name!r}; known: {', '.join(self.profiles)}")
        return self.profiles[name]


def _cross_problems(
    config: ProfilesConfig, vocabulary: VocabularyConfig, guide: GuideConfig
) -> list[str]:
    """Names a profile uses that the vocabulary or the interview guide does not know."""
    credentials = [term.name for term in vocabulary.credentials]
    systems = [term.name for term in vocabulary.coding_systems]
    questions = [question.id for question in guide.questions]
    problems = []
    for name, profile in config.profiles.items():
        checks = [
            ("credential_points", list(profile.credential_points), credentials),
            ("coding_system_points", list(profile.coding_system_points), systems),
            ("questions", profile.questions, questions),
        ]
        for index, rule in enumerate(profile.must_have):
            checks.append((f"must_have.{index}.credentials", rule.credentials, credentials))
            checks.append((f"must_have.{index}.coding_systems", rule.coding_systems, systems))
        for key, used, known in checks:
            unknown = sorted(set(used) - set(known))
            if unknown:
                problems.append(f"profiles.{name}.{key}: unknown {unknown} (known: {known})")
    unknown = sorted(set(config.lapse.apprentice_credentials) - set(credentials))
    if unknown:
        problems.append(f"lapse.apprentice_credentials: unknown credentials {unknown}")
    return problems


def load_profiles(path: Path, vocabulary: VocabularyConfig, guide: GuideConfig) -> ProfilesConfig:
    """Load `profiles.toml` and check its names against the vocabulary and the interview guide;
    ConfigError names file and key."""
    config = load_model(path, ProfilesConfig)
    problems = _cross_problems(config, vocabulary, guide)
    if problems:
        raise ConfigError(f"{path}: {'; '.join(problems)}")
    return config
