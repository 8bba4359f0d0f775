"""Read every document of a folder or .zip into one frame: file, kind, text or reason."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import polars as pl

from pipelines.documents.extract import extract_text
from pipelines.documents.protected import strip_protected
from pipelines.documents.sources import iter_documents
from pipelines.settings.documents import DocumentsConfig

DOCUMENT_SCHEMA = {
    "file": pl.String,
    "kind": pl.String,
    "text": pl.String,
    "reason": pl.String,
    "protected_lines_removed": pl.Int32,
}


@dataclass(frozen=True)
class DocumentSet:
    """The documents of one source: one row per file, text already free of protected lines."""

    source: Path
    documents: pl.DataFrame


def read_source(path: Path, config: DocumentsConfig) -> DocumentSet:
    """Every document of `path`, read or refused with a reason; DocumentSourceError if `path` is."""
    rows = []
    for entry in iter_documents(path, config):
        if entry.data is None:
            rows.append((entry.file, None, None, entry.reason.value if entry.reason else None))
            continue
        extracted = extract_text(entry.file, entry.data, config)
        reason = extracted.reason.value if extracted.reason else None
        rows.append((entry.file, extracted.kind, extracted.text, reason))
    frame = pl.DataFrame(
        rows,
        schema={name: DOCUMENT_SCHEMA[name] for name in list(DOCUMENT_SCHEMA)[:4]},
        orient="row",
    )
    return DocumentSet(source=Path(path), documents=strip_protected(frame, config.protected))
