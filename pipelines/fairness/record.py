"""The run record: a JSON file beside every workbook saying what went in and what came out."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import polars as pl

from pipelines.atomic import atomic_target
from pipelines.scoring.coverage import evidence_coverage
from pipelines.screening.results import ScreeningResult
from schemas.names import FLAG_PREFIX, INDICATOR_PREFIX
from schemas.outcomes import OutcomeStatus

RECORD_VERSION = 3  # 2: adds `status` and `outputs`; 3: adds `jobs`
RUN_SUFFIX = "-run.json"
AUDIT_SUFFIX = "-audit.parquet"
# The same audit by the recruiters' decisions carried into the run (counts and rates only).
DECISIONS_AUDIT_SUFFIX = "-decisions-audit.parquet"
# Columns whose values, in rank order, fingerprint the outcome of a run.
OUTCOME_COLUMNS = ["rank", "source_row", "score", "level", "recommendation", "red_flag_count"]
CODE_PACKAGES = ("pipelines", "schemas")
CODE_SUFFIXES = (".py", ".toml")
_ROOT = Path(__file__).resolve().parents[2]


def run_record_path(out_dir: Path, source_file: str) -> Path:
    """Where the run record of an export goes: `<out_dir>/<stem>-run.json`."""
    return Path(out_dir) / f"{Path(source_file).stem}{RUN_SUFFIX}"


def audit_table_path(out_dir: Path, source_file: str) -> Path:
    """Where the audit counts of an export go: `<out_dir>/<stem>-audit.parquet`."""
    return Path(out_dir) / f"{Path(source_file).stem}{AUDIT_SUFFIX}"


def code_sha256(root: Path = _ROOT) -> str:
    """SHA-256 over the project's source files (path and bytes, in path order)."""
    digest = hashlib.sha256()
    files = sorted(
        path
        for package in CODE_PACKAGES
        for path in (root / package).rglob("*")
        if path.suffix in CODE_SUFFIXES and path.is_file()
    )
    for path in files:
        digest.update(path.relative_to(root).as_posix().encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()


def outcome_sha256(scored: pl.DataFrame) -> str:
    """SHA-256 of ranks, scores, levels, flags and recommendations: equal runs, equal hash."""
    columns = [
        c
        for c in scored.columns
        if c in OUTCOME_COLUMNS or c.startswith((INDICATOR_PREFIX, FLAG_PREFIX))
    ]
    ordered = [c for c in OUTCOME_COLUMNS if c in columns] + sorted(
        c for c in columns if c not in OUTCOME_COLUMNS
    )
    table = scored.select(ordered)
    if "rank" in ordered:
        table = table.sort("rank")
    text = table.write_csv()
    return hashlib.sha256(text.encode()).hexdigest()


def _value_counts(scored: pl.DataFrame, column: str) -> dict[str, int]:
    """How many rows hold each value of `column`, by value."""
    if column not in scored.columns:
        return {}
    counts = scored.group_by(pl.col(column).fill_null("(blank)")).len().sort(column)
    return dict(zip(counts[column].to_list(), counts["len"].to_list(), strict=True))


def _hits(scored: pl.DataFrame, prefix: str) -> dict[str, int]:
    """How many rows have each boolean rule column starting with `prefix` true."""
    columns = sorted(c for c in scored.columns if c.startswith(prefix))
    if not columns:
        return {}
    sums = scored.select(pl.col(c).fill_null(False).sum().cast(pl.Int64) for c in columns)
    return {c: int(sums[c][0]) for c in columns}


def job_rows(jobs: pl.DataFrame) -> list[dict[str, Any]]:
    """Each job with the profile it got, why, and its number of applications (no personal data)."""
    if jobs.is_empty():
        return []
    names = {"job": "job", "job_profile": "profile", "profile_reason": "reason"}
    names["applications"] = "applications"
    return jobs.select(pl.col(k).alias(v) for k, v in names.items()).to_dicts()


def run_record(
    result: ScreeningResult,
    audit_file: str | None = None,
    outputs: list[str] | None = None,
    status: OutcomeStatus = OutcomeStatus.SCORED,
) -> dict[str, Any]:
    """The run record as a dict: inputs, config and code fingerprints, counts, outputs, times."""
    meta, scored = result.meta, result.scored
    return {
        "record_version": RECORD_VERSION,
        "status": str(status),
        "source_file": meta.source_file,
        "input_sha256": meta.sha256,
        "sheet": meta.sheet,
        "header_row": meta.header_row,
        "config_sha256": dict(sorted(meta.config_hashes.items())),
        "code": {
            "version": meta.versions.get("coder-screen", "unknown"),
            "source_sha256": code_sha256(),
            "packages": dict(sorted(meta.versions.items())),
        },
        "rows": {
            "read": meta.rows_read,
            "blank": meta.blank_rows,
            "ranked": scored.height,
            "rejected": result.rejected.height,
            "duplicates": result.duplicates.height,
            "accounted": result.accounted_rows,
        },
        "rule_hits": {
            "indicators": _hits(scored, INDICATOR_PREFIX),
            "flags": _hits(scored, FLAG_PREFIX),
        },
        "evidence_coverage": evidence_coverage(scored),
        "header_mapping": list(meta.header_mapping),
        "resumes": meta.resumes,
        "answers": meta.answers,
        "unmatched_documents": list(meta.unmatched_documents),
        "levels": _value_counts(scored, "level"),
        "recommendations": _value_counts(scored, "recommendation"),
        "jobs": job_rows(meta.jobs),
        "outcome_sha256": outcome_sha256(scored),
        "protected_columns": [c for c in result.protected.columns if c != "source_row"],
        "audit_file": audit_file,
        "outputs": list(outputs or []),
        "unknown_headers": len(meta.unknown_headers),
        "warnings": len(meta.warnings),
        "started_at": meta.started_at,
        "finished_at": meta.finished_at,
        "seconds": meta.seconds,
        "recorded_at": datetime.now(tz=UTC).isoformat(timespec="seconds"),
    }


def write_run_record(
    result: ScreeningResult,
    path: Path,
    audit_file: str | None = None,
    outputs: list[str] | None = None,
) -> Path:
    """Write the run record as JSON, atomically; return its path."""
    record = run_record(result, audit_file, outputs)
    text = json.dumps(record, indent=2, ensure_ascii=False) + "\n"
    with atomic_target(Path(path)) as temp:
        temp.write_text(text, encoding="utf-8")
    return Path(path)


def write_audit_counts(table: pl.DataFrame, path: Path) -> Path:
    """Write an audit table (counts, rates, ratios; no personal data) to Parquet, atomically."""
    with atomic_target(Path(path)) as temp:
        table.write_parquet(temp)
    return Path(path)
