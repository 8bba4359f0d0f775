"""Shared fixtures: the repository's config, and builders for canonical frames."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import polars as pl
import pytest
from hypothesis import settings as hypothesis_settings

from pipelines.settings import Settings, load_settings
from schemas.candidates import CANONICAL

# CI runs the property tests on a fixed sequence of examples, so a landing never depends on luck;
# locally they explore new examples each run.
hypothesis_settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    hypothesis_settings.load_profile("ci")

REPO = Path(__file__).resolve().parents[1]
SHARED_ENV = "CODER_SCREEN_SHARED"


@pytest.fixture(scope="session")
def settings() -> Settings:
    """Settings loaded from the repository's config/."""
    return load_settings(REPO / "config")


@pytest.fixture
def config_copy(tmp_path: Path) -> Path:
    """A writable copy of the repository's config/."""
    target = tmp_path / "config"
    shutil.copytree(REPO / "config", target)
    return target


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """The workplace's shared/ directory, given by $CODER_SCREEN_SHARED; skip when absent."""
    value = os.environ.get(SHARED_ENV)
    if not value or not Path(value).is_dir():
        pytest.skip(f"{SHARED_ENV} is not set to an existing directory (shared corpus/seed absent)")
    return Path(value)


def raw_frame(rows: list[dict], extra: list[str] | None = None) -> pl.DataFrame:
    """An ingested-shape frame: source_row/source_file, every canonical column as text."""
    columns = ["source_row", "source_file", *CANONICAL, *(extra or [])]
    data = {c: [row.get(c) for row in rows] for c in columns}
    data["source_row"] = [row.get("source_row", i + 2) for i, row in enumerate(rows)]
    data["source_file"] = [row.get("source_file", "export.csv") for row in rows]
    schema = {c: pl.String for c in columns} | {"source_row": pl.Int64}
    return pl.DataFrame(data, schema=schema)
