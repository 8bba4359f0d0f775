"""config/runtime.toml: nightly settings load, and bad schedules or environments are refused."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from pipelines.ops.dirs import nightly_dirs
from pipelines.settings import ConfigError
from pipelines.settings.base import load_model
from pipelines.settings.runtime import RuntimeConfig

CONFIG = Path(__file__).resolve().parents[2] / "config"


@pytest.fixture
def runtime_copy(tmp_path: Path) -> Path:
    target = tmp_path / "runtime.toml"
    shutil.copy(CONFIG / "runtime.toml", target)
    return target


def edit(path: Path, old: str, new: str) -> Path:
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new))
    return path


def test_the_nightly_defaults_are_the_issue_s():
    result = load_model(CONFIG / "runtime.toml", RuntimeConfig).nightly

    assert (result.cron, result.timezone, result.deployment_name) == (
        "0 2 * * *",
        "America/New_York",
        "nightly",
    )


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ('timezone = "America/New_York"', 'timezone = "America/Gotham"', "unknown time zone"),
        ('cron = "0 2 * * *"', 'cron = "0 2 * *"', "must have 5 fields"),
        ('environment = "nightly"', 'environment = "prod"', "nightly.environment 'prod'"),
        ('artifact_key = "nightly-summary"', 'artifact_key = "Nightly_Summary"', "artifact_key"),
        ("concurrency_limit = 2", "concurrency_limit = 0", "concurrency_limit"),
        ('fan_out = "local"', 'fan_out = "pool"', 'needs coordination = "postgres"'),
        ('coordination = "file"', 'coordination = "nfs"', "coordination"),
        ('table_prefix = "coder_screen"', 'table_prefix = "x; DROP"', "table_prefix"),
        (
            'database_url_env = "CODER_SCREEN_DATABASE_URL"',
            'database_url_env = "postgresql://u:p@h/d"',
            "database_url_env",
        ),
        ('deployment = "score-inbox/pool"', 'deployment = "score-inbox"', "deployment"),
    ],
)
def test_a_bad_nightly_setting_is_named(runtime_copy, old, new, message):
    edit(runtime_copy, old, new)

    with pytest.raises(ConfigError, match=message):
        load_model(runtime_copy, RuntimeConfig)


def test_directories_resolve_against_the_repository_and_overrides_win(tmp_path):
    runtime = load_model(CONFIG / "runtime.toml", RuntimeConfig)
    env = runtime.environments[runtime.nightly.environment]

    result = nightly_dirs(env, {"inbox": tmp_path / "in", "outbox": None})

    assert result.inbox == (tmp_path / "in").resolve()
    assert result.outbox == CONFIG.parent / env.outbox_dir
    assert result.state.is_absolute()
