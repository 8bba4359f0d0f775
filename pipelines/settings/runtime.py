"""Config model for `config/runtime.toml`: environments, directories and Prefect defaults."""

from __future__ import annotations

from pydantic import model_validator

from pipelines.settings.base import StrictModel


class Environment(StrictModel):
    """Directories of one environment (local ad-hoc runs, nightly runs)."""

    data_dir: str
    out_dir: str


class RuntimeConfig(StrictModel):
    """Everything in `config/runtime.toml`."""

    default_environment: str
    prefect_env: dict[str, str]
    environments: dict[str, Environment]

    @model_validator(mode="after")
    def _default_exists(self) -> RuntimeConfig:
        if self.default_environment not in self.environments:
            raise ValueError(
                f"default_environment {self.default_environment!r} is not one of "
                f"{sorted(self.environments)}"
            )
        return self
