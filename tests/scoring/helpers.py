"""Shared builders for the scoring tests: settings from config/, typed candidate frames."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import polars as pl

from pipelines.scoring import score_candidates
from pipelines.scoring.columns import CANDIDATE_COLUMNS
from pipelines.settings.base import load_model
from pipelines.settings.guide import GuideConfig
from pipelines.settings.profiles import load_profiles
from pipelines.settings.scoring import ScoringConfig
from pipelines.settings.vocabulary import VocabularyConfig

CONFIG_DIR = Path(__file__).resolve().parents[2] / "config"
SOURCE_FILE = "export.csv"


def load_scoring_settings(config_dir: Path = CONFIG_DIR) -> SimpleNamespace:
    """The config models the scorer reads, loaded from `config_dir`."""
    vocabulary = load_model(config_dir / "vocabulary.toml", VocabularyConfig)
    guide = load_model(config_dir / "interview_guide.toml", GuideConfig)
    return SimpleNamespace(
        scoring=load_model(config_dir / "scoring.toml", ScoringConfig),
        vocabulary=vocabulary,
        profiles=load_profiles(config_dir / "profiles.toml", vocabulary, guide),
    )


def with_weights(settings: SimpleNamespace, **changes: object) -> SimpleNamespace:
    """A copy of `settings` with some scoring weights replaced."""
    weights = settings.scoring.weights.model_copy(update=changes)
    scoring = settings.scoring.model_copy(update={"weights": weights})
    return SimpleNamespace(
        scoring=scoring, vocabulary=settings.vocabulary, profiles=settings.profiles
    )


def candidates(*rows: dict[str, object]) -> pl.DataFrame:
    """A validated-candidates frame: one row per dict, source_row 1..n, other columns null."""
    records = [
        {"source_row": number, "source_file": SOURCE_FILE, **row}
        for number, row in enumerate(rows, start=1)
    ]
    extra = {key: pl.String() for row in rows for key in row if key not in CANDIDATE_COLUMNS}
    return pl.DataFrame(records, schema={**CANDIDATE_COLUMNS, **extra})


def scored(settings: SimpleNamespace, *rows: dict[str, object], **options: object) -> pl.DataFrame:
    """Score the rows (`options`: score_candidates' keywords) and return them in input order."""
    return score_candidates(candidates(*rows), settings, **options).sort("source_row")
