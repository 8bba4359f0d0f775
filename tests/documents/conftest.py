"""Shared fixtures for document tests: the shipped config, with limits replaced on demand."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from pipelines.settings.base import load_model
from pipelines.settings.documents import DocumentsConfig

CONFIG = Path(__file__).resolve().parents[2] / "config" / "documents.toml"
FIXED_TIME = (2026, 11, 20, 9, 0, 0)


@pytest.fixture(scope="session")
def config() -> DocumentsConfig:
    """config/documents.toml as shipped."""
    return load_model(CONFIG, DocumentsConfig)


def with_limits(config: DocumentsConfig, **changes: object) -> DocumentsConfig:
    """`config` with top-level keys replaced (nested sections as dicts)."""
    raw = config.model_dump()
    for key, value in changes.items():
        if isinstance(value, dict):
            raw[key] = raw[key] | value
        else:
            raw[key] = value
    return DocumentsConfig.model_validate(raw)


def zip_bytes(entries: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    """A zip holding `entries` (name -> bytes)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", method) as archive:
        for name, data in entries.items():
            archive.writestr(zipfile.ZipInfo(name, FIXED_TIME), data, compress_type=method)
    return buffer.getvalue()
