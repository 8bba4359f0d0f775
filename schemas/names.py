"""The contract's vocabulary, written once: flags, indicators, levels, recommendations, sources."""

from __future__ import annotations

from enum import StrEnum

FLAG_PREFIX = "flag_"
INDICATOR_PREFIX = "ind_"


class _ColumnName(StrEnum):
    """A name whose column in the scored table is the kind's prefix and the name."""

    def __init_subclass__(cls, prefix: str = "", **kwargs: object) -> None:
        super().__init_subclass__(**kwargs)
        cls._column_prefix = prefix

    @property
    def column(self) -> str:
        """The name's column in the scored table."""
        return self._column_prefix + self.value


class Flag(_ColumnName, prefix=FLAG_PREFIX):
    """The five red flags; config keys use the name, the scored table `flag_<name>`."""

    NO_CERTIFICATION = "no_certification"
    LIMITED_TERMINOLOGY = "limited_terminology"
    POOR_ATTENTION_TO_DETAIL = "poor_attention_to_detail"
    NO_HIPAA = "no_hipaa"
    BELOW_ACCURACY_STANDARD = "below_accuracy_standard"


class Indicator(_ColumnName, prefix=INDICATOR_PREFIX):
    """The twelve experience-level indicators; the scored table has `ind_<name>`."""

    MEDICAL_TERMINOLOGY = "medical_terminology"
    CODE_SETS = "code_sets"
    COMPUTER_SKILLS = "computer_skills"
    ATTENTION_TO_DETAIL = "attention_to_detail"
    ADVANCED_GUIDELINES = "advanced_guidelines"
    MULTIPLE_SPECIALTIES = "multiple_specialties"
    COMPLEX_CASES = "complex_cases"
    INSURANCE_REQUIREMENTS = "insurance_requirements"
    TEAM_LEADERSHIP = "team_leadership"
    AUDIT_COMPLIANCE = "audit_compliance"
    TRAINING_MENTORING = "training_mentoring"
    PROCESS_IMPROVEMENT = "process_improvement"


class Level(StrEnum):
    """Experience levels, lowest first; Unknown when nothing says."""

    JUNIOR = "Junior"
    MID = "Mid"
    SENIOR = "Senior"
    UNKNOWN = "Unknown"


class LevelBasis(StrEnum):
    """What the level rests on (`level_basis`)."""

    YEARS = "years"
    EVIDENCE = "evidence"
    NONE = "none"


class Recommendation(StrEnum):
    """The scorer's recommendation, best first; nothing is rejected."""

    ADVANCE = "Advance"
    REVIEW = "Review"
    HOLD = "Hold"


class YearsSource(StrEnum):
    """Where `years_experience` came from (`years_source`), in the order they are tried."""

    COLUMN = "column"
    ANSWER = "answer"
    RESUME = "resume"
    JOB_HISTORY = "job_history"
    NONE = "none"


# Plain-string tuples of the values, for value-set checks, config literals and counts.
FLAG_NAMES: tuple[str, ...] = tuple(flag.value for flag in Flag)
FLAG_COLUMNS: tuple[str, ...] = tuple(flag.column for flag in Flag)
INDICATOR_NAMES: tuple[str, ...] = tuple(indicator.value for indicator in Indicator)
INDICATOR_COLUMNS: tuple[str, ...] = tuple(indicator.column for indicator in Indicator)
LEVELS: tuple[str, ...] = tuple(level.value for level in Level)
# The levels a years band, an indicator or a weight can name (Unknown is no band).
GRADED_LEVELS: tuple[str, ...] = tuple(level.value for level in Level if level is not Level.UNKNOWN)
LEVEL_BASES: tuple[str, ...] = tuple(basis.value for basis in LevelBasis)
RECOMMENDATIONS: tuple[str, ...] = tuple(rec.value for rec in Recommendation)
YEARS_SOURCES: tuple[str, ...] = tuple(source.value for source in YearsSource)
