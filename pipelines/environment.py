"""The one place that picks the environment (local or nightly) and applies Prefect defaults."""

from __future__ import annotations

import os
from pathlib import Path

from pipelines.settings import Settings
from pipelines.settings.runtime import Environment

ENV_VARIABLE = "CODER_SCREEN_ENV"


def repo_root() -> Path:
    """The repository root, against which relative paths in runtime.toml resolve."""
    return Path(__file__).resolve().parents[1]


def apply_prefect_defaults(
    settings: Settings, environ: dict[str, str] | None = None
) -> dict[str, str]:
    """Set each configured Prefect variable the user has not set; return the ones applied."""
    target = os.environ if environ is None else environ
    applied = {}
    for name, value in settings.runtime.prefect_env.items():
        if name not in target:
            target[name] = value
            applied[name] = value
    return applied


def environment_name(
    settings: Settings, name: str | None = None, default: str | None = None
) -> str:
    """`name`, else $CODER_SCREEN_ENV, else `default` (a caller's own, such as the nightly
    environment), else runtime.toml's `default_environment`."""
    return name or os.environ.get(ENV_VARIABLE) or default or settings.runtime.default_environment


def environment(
    settings: Settings, name: str | None = None, default: str | None = None
) -> Environment:
    """The environment `environment_name` picks."""
    chosen = environment_name(settings, name, default)
    try:
        return settings.runtime.environments[chosen]
    except KeyError:
        known = ", ".join(sorted(settings.runtime.environments))
        raise ValueError(f"unknown environment {chosen!r} (known: {known})") from None


def resolve(path: str | Path) -> Path:
    """A configured path, made absolute against the repository root when relative."""
    path = Path(path)
    return path if path.is_absolute() else repo_root() / path
