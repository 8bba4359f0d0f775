"""Validation stage: reject non-candidate rows, type the fields, find duplicates."""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from pipelines.settings.validation import ValidationConfig
from pipelines.settings.vocabulary import VocabularyConfig
from pipelines.validate.dedupe import dedupe
from pipelines.validate.fields import parse_fields
from pipelines.validate.rejection import reject_non_candidates

__all__ = ["ValidatedFrames", "dedupe", "validate_candidates"]


@dataclass(frozen=True)
class ValidatedFrames:
    """Typed candidate rows and the rows rejected as non-candidates."""

    candidates: pl.DataFrame
    rejected: pl.DataFrame


def validate_candidates(
    frame: pl.DataFrame,
    config: ValidationConfig,
    vocabulary: VocabularyConfig,
    labels: dict[str, str] | None = None,
) -> ValidatedFrames:
    """Reject rows that are not candidates, then parse and range-check the rest."""
    kept, rejected = reject_non_candidates(frame, config)
    candidates = parse_fields(kept, config, vocabulary, labels)
    return ValidatedFrames(candidates=candidates, rejected=rejected)
