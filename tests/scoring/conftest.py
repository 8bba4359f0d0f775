"""Fixtures for the scoring tests."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from tests.scoring.helpers import load_scoring_settings


@pytest.fixture(scope="session")
def settings() -> SimpleNamespace:
    """Scoring and vocabulary config from the repository's config/ directory."""
    return load_scoring_settings()
