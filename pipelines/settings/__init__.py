"""Typed, validated configuration: one `Settings` object loaded from a config directory."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from pipelines.settings.base import ConfigError, file_sha256, load_model
from pipelines.settings.carry import CarryConfig
from pipelines.settings.columns import ColumnsConfig
from pipelines.settings.documents import DocumentsConfig
from pipelines.settings.fairness import FairnessConfig
from pipelines.settings.ingest import IngestConfig
from pipelines.settings.profiles import ProfilesConfig, load_profiles
from pipelines.settings.questions import QuestionsConfig
from pipelines.settings.report import GUIDE_FILE, REPORT_FILE, ReportConfig, load_report
from pipelines.settings.runtime import RuntimeConfig
from pipelines.settings.scoring import ScoringConfig
from pipelines.settings.validation import ValidationConfig
from pipelines.settings.vocabulary import VocabularyConfig

__all__ = ["ConfigError", "Settings", "default_config_dir", "load_settings"]

CONFIG_ENV = "CODER_SCREEN_CONFIG"
PROFILES_FILE = "profiles.toml"

# file name -> (Settings attribute, model)
_FILES = {
    "columns.toml": ("columns", ColumnsConfig),
    "ingest.toml": ("ingest", IngestConfig),
    "validation.toml": ("validation", ValidationConfig),
    "scoring.toml": ("scoring", ScoringConfig),
    "vocabulary.toml": ("vocabulary", VocabularyConfig),
    "runtime.toml": ("runtime", RuntimeConfig),
    "fairness.toml": ("fairness", FairnessConfig),
    "documents.toml": ("documents", DocumentsConfig),
    "questions.toml": ("questions", QuestionsConfig),
    "carry.toml": ("carry", CarryConfig),
}


@dataclass(frozen=True)
class Settings:
    """Every config file of one run, validated, with the SHA-256 of each file."""

    config_dir: Path
    columns: ColumnsConfig
    ingest: IngestConfig
    validation: ValidationConfig
    scoring: ScoringConfig
    vocabulary: VocabularyConfig
    report: ReportConfig
    runtime: RuntimeConfig
    fairness: FairnessConfig
    documents: DocumentsConfig
    questions: QuestionsConfig
    profiles: ProfilesConfig
    carry: CarryConfig
    hashes: dict[str, str] = field(default_factory=dict)


def default_config_dir() -> Path:
    """The config directory: $CODER_SCREEN_CONFIG, else the repository's `config/`."""
    env = os.environ.get(CONFIG_ENV)
    if env:
        return Path(env)
    return Path(__file__).resolve().parents[2] / "config"


def load_settings(config_dir: Path | None = None) -> Settings:
    """Load and validate every config file in `config_dir`; ConfigError names file and key."""
    directory = Path(config_dir) if config_dir is not None else default_config_dir()
    if not directory.is_dir():
        raise ConfigError(f"{directory}: config directory not found")
    loaded = {}
    hashes = {}
    for name, (attr, model) in _FILES.items():
        path = directory / name
        loaded[attr] = load_model(path, model)
        hashes[name] = file_sha256(path)
    # The workbook: report.toml's layout with interview_guide.toml's content and scoring.toml's
    # score maximum (set once, there).
    loaded["report"] = load_report(directory, loaded["scoring"].weights.score_max)
    for name in (REPORT_FILE, GUIDE_FILE):
        hashes[name] = file_sha256(directory / name)
    # Profiles name credentials, code sets and interview questions: checked against those files.
    profiles_path = directory / PROFILES_FILE
    loaded["profiles"] = load_profiles(profiles_path, loaded["vocabulary"], loaded["report"].guide)
    hashes[PROFILES_FILE] = file_sha256(profiles_path)
    return Settings(config_dir=directory, hashes=hashes, **loaded)
