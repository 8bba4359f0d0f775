"""Ingest stage: read an ATS export (CSV or workbook) into canonical candidate columns."""

from pipelines.ingest.errors import IngestError
from pipelines.ingest.reader import read_export
from pipelines.ingest.result import IngestResult

__all__ = ["IngestError", "IngestResult", "read_export"]
