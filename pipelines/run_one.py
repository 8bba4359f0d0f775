"""Score one export end to end, in process: the shared entry point of the flow and the corpus."""

from __future__ import annotations

from pathlib import Path

from pipelines.ingest.errors import IngestError
from pipelines.screen import screen_file, write_outputs
from pipelines.settings import Settings
from pipelines.summary import FileSummary, refused, summarize


def score_one(
    path: Path | str, out_dir: Path | str, settings: Settings, sheet: str | None = None
) -> FileSummary:
    """Screen `path` and write its outputs to `out_dir`; an unreadable file becomes a refusal."""
    path = Path(path)
    try:
        result = screen_file(path, settings, sheet)
    except IngestError as err:
        return refused(path.name, err.reason)
    paths = write_outputs(result, Path(out_dir), settings)
    return summarize(result, paths)
