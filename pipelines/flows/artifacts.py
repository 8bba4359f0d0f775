"""The Prefect artifacts of a run: a table with a row per input file and a markdown summary."""

from __future__ import annotations

from prefect.artifacts import create_markdown_artifact, create_table_artifact

from pipelines.ops import report
from pipelines.screening.outcome import FileOutcome

TABLE_SUFFIX = "-files"


def publish_artifacts(
    outcomes: list[FileOutcome], key: str, description: str, markdown: str, hash_chars: int
) -> None:
    """Table artifact `<key>-files` (one row per input) and markdown artifact `<key>`."""
    create_table_artifact(
        table=report.table_rows(outcomes, hash_chars),
        key=f"{key}{TABLE_SUFFIX}",
        description=f"{description}: one row per input",
    )
    create_markdown_artifact(markdown=markdown, key=key, description=description)
