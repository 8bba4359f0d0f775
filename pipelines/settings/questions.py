"""Config model for `config/questions.toml`: header rules for application questions."""

from __future__ import annotations

import re
from typing import Literal

from pydantic import Field, model_validator

from pipelines.settings.base import StrictModel
from pipelines.settings.vocabulary import Regex, Word
from schemas.candidates import EVIDENCE

Kind = Literal["evidence", "carried", "protected"]
TermGroup = Literal["credentials", "coding_systems", "specialties"]
_NAME = re.compile(r"^[a-z][a-z0-9_]*$")


class QuestionRule(StrictModel):
    """One ordered rule: the words a header must hold, and what its answers are."""

    name: Word
    kind: Kind
    field: Word | None = None
    all_of: list[Regex] = Field(default_factory=list, alias="all")
    any_of: list[Regex] = Field(default_factory=list, alias="any")
    none_of: list[Regex] = Field(default_factory=list, alias="none")
    terms: list[TermGroup] = Field(default_factory=list)
    scale: float | None = Field(default=None, gt=0)

    @model_validator(mode="after")
    def _check(self) -> QuestionRule:
        """A snake_case name, words to match, and a field that fits the kind."""
        if not _NAME.match(self.name):
            raise ValueError(f"rule name {self.name!r} must be snake_case")
        if not (self.all_of or self.any_of or self.terms):
            raise ValueError(f"{self.name}: a rule needs `all`, `any` or `terms`")
        if self.kind == "evidence" and self.field not in EVIDENCE:
            raise ValueError(f"{self.name}: evidence field must be one of {EVIDENCE}")
        if self.kind == "protected" and (self.field is None or not _NAME.match(self.field)):
            raise ValueError(f"{self.name}: a protected rule needs a snake_case `field`")
        if self.kind == "carried" and self.field is not None:
            raise ValueError(f"{self.name}: a carried rule has no `field`")
        if self.scale is not None and self.kind != "evidence":
            raise ValueError(f"{self.name}: only an evidence rule may have a `scale`")
        return self


class AnswersFileConfig(StrictModel):
    """A long answers file (one row per application and question): its column aliases."""

    id_column: Word
    id_aliases: list[Word] = Field(min_length=1)
    question_aliases: list[Word] = Field(min_length=1)
    answer_aliases: list[Word] = Field(min_length=1)
    joiner: str = Field(min_length=1)


class QuestionsConfig(StrictModel):
    """Everything in `config/questions.toml`."""

    rules: list[QuestionRule] = Field(min_length=1)
    answers_file: AnswersFileConfig

    @model_validator(mode="after")
    def _unique_names(self) -> QuestionsConfig:
        """Each rule name once (the run record names the rule that fired)."""
        names = [rule.name for rule in self.rules]
        duplicates = sorted({name for name in names if names.count(name) > 1})
        if duplicates:
            raise ValueError(f"rules: duplicate names {duplicates}")
        return self
