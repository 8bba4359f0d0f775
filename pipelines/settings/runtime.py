"""Config model for `config/runtime.toml`: environments, directories, nightly schedule, Prefect."""

from __future__ import annotations

import re
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, PositiveInt, field_validator, model_validator

from pipelines.settings.base import StrictModel

CRON_FIELDS = 5
_KEY = re.compile(r"^[a-z0-9-]+$")


class Environment(StrictModel):
    """Directories of one environment (local ad-hoc runs, nightly runs)."""

    data_dir: str
    out_dir: str
    inbox_dir: str
    outbox_dir: str
    archive_dir: str
    failed_dir: str
    state_dir: str


class StateFiles(StrictModel):
    """File names inside an environment's state directory."""

    manifest: str = Field(min_length=1)
    history: str = Field(min_length=1)
    lock: str = Field(min_length=1)
    state_lock: str = Field(min_length=1)


class NightlyConfig(StrictModel):
    """The nightly inbox run: schedule, deployment, limits and file patterns."""

    deployment_name: str = Field(min_length=1)
    environment: str
    cron: str
    timezone: str
    deployment_concurrency: PositiveInt
    concurrency_limit: PositiveInt
    dask_address: str
    settle_seconds: float = Field(ge=0)
    lock_stale_seconds: float = Field(gt=0)
    patterns: list[str] = Field(min_length=1)
    ignore_patterns: list[str]
    date_format: str = Field(min_length=1)
    error_suffix: str = Field(min_length=1)
    staging_prefix: str = Field(min_length=1)
    hash_chars: PositiveInt
    artifact_key: str
    state_files: StateFiles

    @field_validator("cron")
    @classmethod
    def _cron_fields(cls, value: str) -> str:
        """A standard cron line: minute hour day month weekday."""
        if len(value.split()) != CRON_FIELDS:
            raise ValueError(f"cron {value!r} must have {CRON_FIELDS} fields")
        return value

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        """An IANA time zone name such as America/New_York."""
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown time zone {value!r}") from exc
        return value

    @field_validator("artifact_key")
    @classmethod
    def _artifact_key(cls, value: str) -> str:
        """Prefect artifact keys hold lower-case letters, digits and dashes only."""
        if not _KEY.match(value):
            raise ValueError(f"artifact_key {value!r}: use lower-case letters, digits, dashes")
        return value


class ServerConfig(StrictModel):
    """The local Prefect server `coder-screen server start` runs, and how runs find it."""

    host: str = Field(min_length=1)
    port: int = Field(ge=1, le=65535)
    home: str = Field(min_length=1)
    probe_timeout_seconds: float = Field(gt=0)
    start_timeout_seconds: float = Field(gt=0)
    poll_seconds: float = Field(gt=0)

    @property
    def url(self) -> str:
        """The server's base URL (the UI)."""
        return f"http://{self.host}:{self.port}"

    @property
    def api_url(self) -> str:
        """The server's API URL, the value of PREFECT_API_URL that points at it."""
        return f"{self.url}/api"


class ProgressConfig(StrictModel):
    """When `coder-screen score` shows stage progress on a terminal."""

    after_seconds: float = Field(ge=0)
    many_rows: PositiveInt


class RuntimeConfig(StrictModel):
    """Everything in `config/runtime.toml`."""

    default_environment: str
    prefect_env: dict[str, str]
    environments: dict[str, Environment]
    nightly: NightlyConfig
    server: ServerConfig
    progress: ProgressConfig

    @model_validator(mode="after")
    def _default_exists(self) -> RuntimeConfig:
        for label, name in (
            ("default_environment", self.default_environment),
            ("nightly.environment", self.nightly.environment),
        ):
            if name not in self.environments:
                raise ValueError(f"{label} {name!r} is not one of {sorted(self.environments)}")
        return self
