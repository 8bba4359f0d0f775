"""The PostgreSQL URL comes from the environment only, either spelling; a missing one is named."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipelines.ops.pg import DatabaseUnset, database_url
from pipelines.settings.base import load_model
from pipelines.settings.runtime import RuntimeConfig

POOL = load_model(
    Path(__file__).resolve().parents[2] / "config" / "runtime.toml", RuntimeConfig
).nightly.pool


def test_the_url_is_read_from_the_named_variable_in_either_spelling():
    result = [
        database_url(POOL, {POOL.database_url_env: url})
        for url in ("postgresql://u:p@h:5432/d", "postgresql+asyncpg://u:p@h:5432/d")
    ]

    assert result == ["postgresql://u:p@h:5432/d", "postgresql://u:p@h:5432/d"]


def test_a_missing_url_names_the_variable_and_no_value():
    with pytest.raises(DatabaseUnset, match=r"\$CODER_SCREEN_DATABASE_URL"):
        database_url(POOL, {POOL.database_url_env: " "})
