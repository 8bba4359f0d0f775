"""Config model for `config/runtime.toml`: environments, directories, nightly schedule, Prefect."""

from __future__ import annotations

import re
from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, PositiveInt, field_validator, model_validator

from pipelines.settings.base import StrictModel

CRON_FIELDS = 5
_KEY = re.compile(r"^[a-z0-9-]+$")
_TABLE = re.compile(r"^[a-z_][a-z0-9_]{0,40}$")
_ENV_VAR = re.compile(r"^[A-Z_][A-Z0-9_]*$")


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


class PoolConfig(StrictModel):
    """Fan-out to a Prefect work pool and coordination through PostgreSQL (`[nightly.pool]`)."""

    deployment: str = Field(pattern=r"^[^/\s]+/[^/\s]+$")
    files_per_run: PositiveInt
    wait_seconds: float = Field(gt=0)
    poll_seconds: float = Field(gt=0)
    start_seconds: float = Field(gt=0)
    resubmits: int = Field(ge=0)
    database_url_env: str
    table_prefix: str
    connect_timeout_seconds: float = Field(gt=0)
    db_retry_seconds: float = Field(ge=0)
    keepalive_seconds: PositiveInt

    @field_validator("table_prefix")
    @classmethod
    def _table_prefix(cls, value: str) -> str:
        """A plain lower-case SQL identifier (it is written into the SQL statements)."""
        if not _TABLE.match(value):
            raise ValueError(f"table_prefix {value!r}: use lower-case letters, digits, _")
        return value

    @field_validator("database_url_env")
    @classmethod
    def _env_name(cls, value: str) -> str:
        """The name of an environment variable (the URL itself is never in a config file)."""
        if not _ENV_VAR.match(value):
            raise ValueError(f"database_url_env {value!r} is not an environment variable name")
        return value


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
    coordination: Literal["file", "postgres"]
    fan_out: Literal["local", "pool"]
    state_files: StateFiles
    pool: PoolConfig

    @model_validator(mode="after")
    def _pool_needs_postgres(self) -> NightlyConfig:
        """Workers on several machines cannot share file locks: the pool needs PostgreSQL."""
        if self.fan_out == "pool" and self.coordination != "postgres":
            raise ValueError('fan_out = "pool" needs coordination = "postgres"')
        return self

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
    ad_hoc_heartbeats: bool

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
