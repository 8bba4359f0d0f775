"""The manifest: one JSON line per input handled (hash, outcome, outputs), rewritten atomically."""

from __future__ import annotations

import io
import json
from dataclasses import asdict, dataclass
from pathlib import Path

import polars as pl

from pipelines.atomic import atomic_target
from schemas.outcomes import OutcomeStatus

SCHEMA = {
    "sha256": pl.String,
    "file": pl.String,
    "size_bytes": pl.Int64,
    "status": pl.String,
    "reason": pl.String,
    "run_id": pl.String,
    "run_date": pl.String,
    "processed_at": pl.String,
    "workbook": pl.String,
    "parquet": pl.String,
    "moved_to": pl.String,
    "candidates": pl.Int64,
    "duplicate_of": pl.String,
}


@dataclass(frozen=True)
class ManifestEntry:
    """What happened to one input in one run (`status`: scored, failed or duplicate)."""

    sha256: str
    file: str
    size_bytes: int
    status: OutcomeStatus
    reason: str | None
    run_id: str
    run_date: str
    processed_at: str
    workbook: str | None
    parquet: str | None
    moved_to: str | None
    candidates: int | None
    duplicate_of: str | None


def read_manifest(path: Path) -> pl.DataFrame:
    """Every entry recorded so far (an empty table before the first run)."""
    if not path.exists() or path.stat().st_size == 0:
        return pl.DataFrame(schema=SCHEMA)
    return pl.read_ndjson(io.BytesIO(path.read_bytes()), schema=SCHEMA)  # one read: see history


def append_entries(path: Path, entries: list[ManifestEntry]) -> None:
    """Add entries by rewriting the file atomically (the caller holds the state lock).

    A `scored` entry replaces an earlier `scored` entry of the same content: a file scored again
    after a crash between its record and its move (or by a redelivered run) is recorded once.
    """
    old = path.read_bytes() if path.exists() else b""
    rescored = {e.sha256 for e in entries if e.status == OutcomeStatus.SCORED}
    if rescored:
        old = b"".join(line for line in old.splitlines(True) if not _scored_in(line, rescored))
    new = "".join(json.dumps(asdict(entry), ensure_ascii=False) + "\n" for entry in entries)
    with atomic_target(path) as temp:
        temp.write_bytes(old + new.encode("utf-8"))


def _scored_in(line: bytes, hashes: set[str]) -> bool:
    """Whether a manifest line records one of `hashes` as scored."""
    if not line.strip():
        return False
    entry = json.loads(line)
    return entry["status"] == OutcomeStatus.SCORED.value and entry["sha256"] in hashes


def plan_jobs(batch: pl.DataFrame, manifest: pl.DataFrame) -> pl.DataFrame:
    """Mark each ready input as a duplicate of an earlier one, or as a name clash in the outbox.

    `batch` has `file`, `sha256`, `workbook` (where its workbook would go), in processing order.
    Adds `duplicate_of` (the file already scored with the same bytes, in an earlier run or earlier
    in this batch; null for new content) and `clash` (its workbook path is owned by another
    scored input, so its outputs need a folder of their own).
    """
    scored = manifest.filter(pl.col("status") == OutcomeStatus.SCORED.value)
    prior = scored.group_by("sha256").agg(
        pl.col("file").sort_by("processed_at").first().alias("prior")
    )
    owned = scored.select("workbook").unique().with_columns(owned=pl.lit(True))
    position = pl.int_range(pl.len())
    return (
        batch.join(prior, on="sha256", how="left", maintain_order="left")
        .join(owned, on="workbook", how="left", maintain_order="left")
        .with_columns(
            duplicate_of=pl.when(pl.col("prior").is_not_null())
            .then(pl.col("prior"))
            .when(position.over("sha256") > 0)
            .then(pl.col("file").first().over("sha256"))
            .otherwise(None)
        )
        .with_columns(
            clash=pl.col("duplicate_of").is_null()
            & (
                pl.col("owned").fill_null(False)
                | (position.over(["workbook", pl.col("duplicate_of").is_null()]) > 0)
            )
        )
        .drop("prior", "owned")
    )
