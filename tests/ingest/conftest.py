"""Shared fixtures for ingest tests: the repository's column and ingest config."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipelines.settings.base import load_model
from pipelines.settings.columns import ColumnsConfig
from pipelines.settings.ingest import IngestConfig

CONFIG_DIR = Path(__file__).resolve().parents[2] / "config"


@pytest.fixture(scope="session")
def columns() -> ColumnsConfig:
    """config/columns.toml as shipped."""
    return load_model(CONFIG_DIR / "columns.toml", ColumnsConfig)


@pytest.fixture(scope="session")
def ingest() -> IngestConfig:
    """config/ingest.toml as shipped."""
    return load_model(CONFIG_DIR / "ingest.toml", IngestConfig)
