"""The one place that picks the environment: argument, else $CODER_SCREEN_ENV, else a default."""

from __future__ import annotations

import pytest

from pipelines.environment import ENV_VARIABLE, environment, environment_name


@pytest.fixture
def no_env_variable(monkeypatch):
    monkeypatch.delenv(ENV_VARIABLE, raising=False)


def test_the_argument_wins(settings, monkeypatch):
    monkeypatch.setenv(ENV_VARIABLE, "local")

    assert environment_name(settings, "nightly", default="local") == "nightly"


def test_the_variable_comes_before_any_default(settings, monkeypatch):
    monkeypatch.setenv(ENV_VARIABLE, "local")

    assert environment_name(settings, None, default="nightly") == "local"


def test_a_caller_s_default_comes_before_the_configured_one(settings, no_env_variable):
    assert settings.runtime.default_environment == "local"
    assert environment_name(settings, None, default="nightly") == "nightly"
    assert environment_name(settings) == "local"


def test_an_unknown_name_is_refused_with_the_known_ones(settings, no_env_variable):
    with pytest.raises(ValueError, match=r"unknown environment 'prod' \(known: local, nightly\)"):
        environment(settings, "prod")


def test_the_nightly_deployment_runs_in_the_nightly_environment(settings, monkeypatch):
    from pipelines.flows.nightly import deployment_options

    monkeypatch.delenv(ENV_VARIABLE, raising=False)
    plain = deployment_options(settings)["parameters"]["environment_name"]
    monkeypatch.setenv(ENV_VARIABLE, "local")
    chosen = deployment_options(settings)["parameters"]["environment_name"]

    assert (plain, chosen) == (settings.runtime.nightly.environment, "local")
