"""Typed model of `profile.toml`: the word lists and ranges synthetic candidates are made from."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field, model_validator

from pipelines.settings.base import StrictModel, load_model

PROFILE_PATH = Path(__file__).with_name("profile.toml")


class Weighted(StrictModel):
    """Values drawn with the given relative weights."""

    values: list[str] = Field(min_length=1)
    weights: list[float] = Field(min_length=1)

    @model_validator(mode="after")
    def _same_length(self) -> Weighted:
        if len(self.values) != len(self.weights) or min(self.weights) < 0 or sum(self.weights) <= 0:
            raise ValueError("values and weights need the same length and positive weights")
        return self


class Identity(StrictModel):
    """Fake names, e-mail domains, phone ranges and the candidate id base."""

    first_names: list[str] = Field(min_length=1)
    last_names: list[str] = Field(min_length=1)
    email_domains: list[str] = Field(min_length=1)
    area_codes: list[str] = Field(min_length=1)
    phone_line_min: int = Field(ge=0, le=9999)
    phone_line_max: int = Field(ge=0, le=9999)
    candidate_id_base: int = Field(ge=0)


class Application(StrictModel):
    """Jobs, sources, stages, employers, locations and the application date window."""

    jobs: Weighted
    sources: Weighted
    stages: Weighted
    companies: list[str] = Field(min_length=1)
    locations: list[str] = Field(min_length=1)
    applied_from: str
    applied_days: int = Field(gt=0)


class Evidence(StrictModel):
    """Coding systems, specialties, EHRs, payers and HIPAA answers."""

    coding_systems: Weighted
    specialties: list[str] = Field(min_length=2)
    extra_specialty_probability: float = Field(ge=0, le=1)
    ehrs: Weighted
    payers: list[str] = Field(min_length=1)
    hipaa: Weighted


class Demographics(StrictModel):
    """Voluntary self-identification answers and the age people start coding at."""

    gender: Weighted
    race: Weighted
    veteran_status: Weighted
    disability_status: Weighted
    start_age_min: int = Field(gt=0)
    start_age_max: int = Field(gt=0)


class Level(StrictModel):
    """Ranges and vocabulary for one experience level."""

    weight: float = Field(gt=0)
    years: tuple[float, float]
    accuracy: tuple[float, float]
    records_per_day: tuple[int, int]
    team_size: tuple[int, int]
    improvement_pct: tuple[int, int]
    titles: list[str] = Field(min_length=1)
    education: Weighted
    credentials: dict[str, float]


class ResumeSlot(StrictModel):
    """One sentence of a resume: a template picked at random, shown when `requires` holds."""

    templates: list[str] = Field(min_length=1)
    requires: str | None = None


class Profile(StrictModel):
    """Everything the synthetic generator draws from."""

    identity: Identity
    application: Application
    evidence: Evidence
    demographics: Demographics
    levels: dict[str, Level] = Field(min_length=1)
    resume: dict[str, list[ResumeSlot]]

    @model_validator(mode="after")
    def _resume_per_level(self) -> Profile:
        if set(self.resume) != set(self.levels):
            raise ValueError("resume needs one slot list per level")
        return self


def load_profile(path: Path = PROFILE_PATH) -> Profile:
    """Load and validate the synthetic profile (default: the packaged `profile.toml`)."""
    return load_model(path, Profile)
