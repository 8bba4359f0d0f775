"""config/documents.toml is validated on load: a bad pattern, word or limit names its key."""

from __future__ import annotations

import pytest

from pipelines.settings import ConfigError, load_settings
from pipelines.settings.base import load_model
from pipelines.settings.documents import DocumentsConfig
from tests.documents.conftest import CONFIG


def test_the_shipped_file_is_part_of_the_settings():
    settings = load_settings(CONFIG.parent)

    assert settings.documents.max_pages > 0
    assert len(settings.hashes["documents.toml"]) == 64


@pytest.mark.parametrize(
    ("old", "new", "key"),
    [
        ("max_pages = 30", "max_pages = 0", "max_pages"),
        ("max_pages = 30", "max_pagez = 30", "max_pagez"),
        ('fallback_encoding = "cp1252"', 'fallback_encoding = "klingon"', "fallback_encoding"),
        ('"resume", "cv",', '"Resume", "cv",', "matching.ignore_words"),
        ('rtf_extensions = ["rtf"]', 'rtf_extensions = ["rtf", "txt"]', "extensions listed twice"),
        ("'(?i)\\b(nationality", "'(?i)\\b((nationality", "protected.line_patterns"),
    ],
)
def test_a_bad_value_is_named(tmp_path, old, new, key):
    text = CONFIG.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "documents.toml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")

    with pytest.raises(ConfigError, match=key):
        load_model(path, DocumentsConfig)
