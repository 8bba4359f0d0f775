"""Model of config/interview_guide.toml: the seed's questions, who gets which, what to probe."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from pipelines.settings.base import StrictModel
from schemas.names import FLAG_COLUMNS, GRADED_LEVELS, LEVELS


class Question(StrictModel):
    """One interview question from the seed."""

    id: str
    level: Literal[GRADED_LEVELS]
    short: str
    question: str
    good_answer: str


class AskDefault(StrictModel):
    """Questions for a level not listed in ask_by_level."""

    ids: list[str]


class GuideConfig(StrictModel):
    """The Interview guide sheet, which questions each level gets, and what to probe per red
    flag (keyed by the flag's column, schemas/names.py)."""

    title: str
    intro: str
    probe_title: str
    questions: list[Question] = Field(min_length=1)
    ask_by_level: dict[Literal[LEVELS], list[str]]
    ask_default: AskDefault
    probes: dict[Literal[FLAG_COLUMNS], str]

    @model_validator(mode="after")
    def _known_ids(self) -> GuideConfig:
        ids = [q.id for q in self.questions]
        if len(set(ids)) != len(ids):
            raise ValueError("question ids must be unique")
        asked = [i for v in self.ask_by_level.values() for i in v] + self.ask_default.ids
        unknown = sorted(set(asked) - set(ids))
        if unknown:
            raise ValueError(f"unknown question ids {unknown}")
        missing = [flag for flag in FLAG_COLUMNS if flag not in self.probes]
        if missing:
            raise ValueError(f"probes: missing {missing}")
        return self
