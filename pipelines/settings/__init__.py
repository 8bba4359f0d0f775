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


# Settings already loaded in this process, by directory and the hash of every file: the CLI
# and the flow it starts load the same directory (0.15-0.25 s each time). Settings is frozen
# and nothing assigns to its models.
_LOADED: dict[tuple[Path, tuple[tuple[str, str], ...]], Settings] = {}
_LOADED_KEPT = 4
_ALL_FILES = (*_FILES, REPORT_FILE, GUIDE_FILE, PROFILES_FILE)


def load_settings(config_dir: Path | None = None) -> Settings:
    """Load and validate every config file in `config_dir`; ConfigError names file and key.
    Loading the same unchanged files again in one process returns the Settings already built."""
    directory = Path(config_dir) if config_dir is not None else default_config_dir()
    if not directory.is_dir():
        raise ConfigError(f"{directory}: config directory not found")
    hashes = {name: _hash_or_missing(directory / name) for name in _ALL_FILES}
    key = (directory.resolve(), tuple(hashes.items()))
    if key in _LOADED:
        return _LOADED[key]
    settings = _load(directory, hashes)
    if len(_LOADED) >= _LOADED_KEPT:
        _LOADED.pop(next(iter(_LOADED)))
    _LOADED[key] = settings
    return settings


def _hash_or_missing(path: Path) -> str:
    """A file's SHA-256, or "" when it cannot be read (loading it then says why)."""
    try:
        return file_sha256(path)
    except OSError:
        return ""


def _load(directory: Path, hashes: dict[str, str]) -> Settings:
    """Every config file of `directory`, validated (`hashes`: their SHA-256, for the record)."""
    loaded = {}
    for name, (attr, model) in _FILES.items():
        loaded[attr] = load_model(directory / name, model)
    # The workbook: report.toml's layout with interview_guide.toml's content and scoring.toml's
    # score maximum (set once, there).
    loaded["report"] = load_report(directory, loaded["scoring"].weights.score_max)
    # Profiles name credentials, code sets and interview questions: checked against those files.
    profiles_path = directory / PROFILES_FILE
    loaded["profiles"] = load_profiles(profiles_path, loaded["vocabulary"], loaded["report"].guide)
    return Settings(config_dir=directory, hashes=dict(hashes), **loaded)
