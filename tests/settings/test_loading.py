"""Config files are validated on load, with errors that name the file and the key."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipelines.settings import ConfigError, load_settings
from pipelines.settings.base import load_model
from pipelines.settings.runtime import RuntimeConfig
from pipelines.settings.validation import ValidationConfig

CONFIG = Path(__file__).resolve().parents[2] / "config"


def test_the_repository_config_loads_and_is_hashed():
    settings = load_settings(CONFIG)

    assert set(settings.hashes) >= {"scoring.toml", "vocabulary.toml", "columns.toml"}
    assert all(len(h) == 64 for h in settings.hashes.values())


def test_an_unknown_key_is_named(config_copy):
    path = config_copy / "validation.toml"
    path.write_text(path.read_text() + "\n[typo_section]\nx = 1\n")

    with pytest.raises(ConfigError, match=r"validation\.toml: typo_section"):
        load_model(path, ValidationConfig)


def test_an_inverted_range_is_refused(config_copy):
    path = config_copy / "validation.toml"
    text = path.read_text().replace(
        "[ranges.accuracy]\nmin = 0\nmax = 100", "[ranges.accuracy]\nmin = 100\nmax = 0"
    )
    path.write_text(text)

    with pytest.raises(ConfigError, match=r"ranges\.accuracy.*greater than max"):
        load_model(path, ValidationConfig)


def test_a_bad_regex_is_refused(config_copy):
    path = config_copy / "validation.toml"
    text = path.read_text().replace("footer_pattern = '", "footer_pattern = '(unclosed")
    path.write_text(text)

    with pytest.raises(ConfigError, match=r"footer_pattern.*regular expression"):
        load_model(path, ValidationConfig)


def test_broken_toml_and_missing_files_name_the_file(config_copy):
    (config_copy / "runtime.toml").write_text("default_environment = ")
    with pytest.raises(ConfigError, match=r"runtime\.toml: not valid TOML"):
        load_model(config_copy / "runtime.toml", RuntimeConfig)

    (config_copy / "scoring.toml").unlink()
    with pytest.raises(ConfigError, match=r"scoring\.toml: config file not found"):
        load_settings(config_copy)


def test_the_default_environment_must_exist(config_copy):
    path = config_copy / "runtime.toml"
    path.write_text(
        path.read_text().replace('default_environment = "local"', 'default_environment = "prod"')
    )

    with pytest.raises(ConfigError, match="default_environment 'prod' is not one of"):
        load_model(path, RuntimeConfig)


def test_unchanged_files_are_loaded_once_and_a_change_is_seen(config_copy):
    first = load_settings(config_copy)
    again = load_settings(config_copy)
    assert again is first

    path = config_copy / "runtime.toml"
    path.write_text(path.read_text().replace("port = 4200", "port = 4201"))
    changed = load_settings(config_copy)
    assert changed is not first
    assert (first.runtime.server.port, changed.runtime.server.port) == (4200, 4201)
    assert changed.hashes["runtime.toml"] != first.hashes["runtime.toml"]
    assert list(changed.hashes) == list(first.hashes)


def test_a_broken_file_is_refused_every_time(config_copy):
    path = config_copy / "scoring.toml"
    path.write_text("not = [toml")
    for _ in range(2):
        with pytest.raises(ConfigError, match=r"scoring\.toml: not valid TOML"):
            load_settings(config_copy)
