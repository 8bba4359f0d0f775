"""Resume documents: read a folder or .zip of PDF/DOCX/TXT/MD/RTF and match each to a candidate.

Two calls, both pure of side effects (nothing written, nothing logged about people):

    documents = read_documents(path, settings.documents)          # DocumentSet
    matched = match_documents(candidates, documents.documents, settings.documents)  # MatchResult

`read_documents` raises DocumentSourceError (one line: "<name>: <reason>") only when the folder or
zip itself cannot be listed (missing, not a zip, damaged, too many entries, zip bomb). Every
document inside gets a row in `DocumentSet.documents` (see DOCUMENT_SCHEMA): `file` (path inside
the source, `/`-separated), `kind` (pdf/docx/rtf/text/other, null when refused unread), `text`
(null when not read) and `reason` (a `Reason` value, null when read), `protected_lines_removed`
(lines stating date of birth, age, gender, marital status or nationality, cut from `text`).

`match_documents` (rules in pipelines/documents/match.py) returns, per candidate `source_row`,
`resume_file`, `resume_document_text` and `document_issues`, plus per-document decisions and the
`unmatched` documents (file, reason) for the run record and the About sheet.
"""

from __future__ import annotations

from pathlib import Path

from pipelines.documents.match import MatchResult, match_documents
from pipelines.documents.read import DOCUMENT_SCHEMA, DocumentSet, read_source
from pipelines.documents.reasons import Reason
from pipelines.documents.sources import DocumentSourceError
from pipelines.settings.documents import DocumentsConfig

__all__ = [
    "DOCUMENT_SCHEMA",
    "DocumentSet",
    "DocumentSourceError",
    "MatchResult",
    "Reason",
    "match_documents",
    "read_documents",
]


def read_documents(path: Path, config: DocumentsConfig) -> DocumentSet:
    """Read every document of a folder (recursively) or .zip; bad documents get a reason."""
    return read_source(Path(path), config)
