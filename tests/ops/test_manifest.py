"""The manifest: durable JSON lines, and planning which inputs are duplicates or name clashes."""

from __future__ import annotations

import polars as pl
from polars.testing import assert_frame_equal

from pipelines.ops.manifest import (
    SCHEMA,
    ManifestEntry,
    append_entries,
    plan_jobs,
    read_manifest,
)


def entry(sha: str, file: str, status: str, workbook: str | None, at: str) -> ManifestEntry:
    return ManifestEntry(
        sha256=sha,
        file=file,
        size_bytes=10,
        status=status,
        reason=None,
        run_id="r1",
        run_date="2026-01-01",
        processed_at=at,
        workbook=workbook,
        parquet=None,
        moved_to=None,
        candidates=None,
        duplicate_of=None,
    )


def manifest_of(*entries: ManifestEntry) -> pl.DataFrame:
    return pl.DataFrame([e.__dict__ for e in entries], schema=SCHEMA)


def test_a_missing_manifest_reads_as_empty(tmp_path):
    result = read_manifest(tmp_path / "manifest.jsonl")

    assert_frame_equal(result, pl.DataFrame(schema=SCHEMA))


def test_entries_survive_a_round_trip_with_nulls_and_accumulate(tmp_path):
    path = tmp_path / "state" / "manifest.jsonl"
    first = entry("h1", "a.csv", "scored", "out/a-ranked.xlsx", "t1")
    second = entry("h2", "b.csv", "failed", None, "t2")

    append_entries(path, [first])
    append_entries(path, [second])

    assert_frame_equal(read_manifest(path), manifest_of(first, second))
    assert [p.name for p in path.parent.iterdir()] == ["manifest.jsonl"]


def test_plan_marks_duplicates_of_earlier_runs_and_of_the_same_batch():
    manifest = manifest_of(
        entry("h1", "first.csv", "scored", "o/d/first-ranked.xlsx", "t1"),
        entry("h1", "again.csv", "duplicate", None, "t2"),
        entry("h5", "broken.csv", "failed", None, "t3"),
    )
    batch = pl.DataFrame(
        {
            "file": ["a.csv", "b.csv", "c.csv", "d.csv"],
            "sha256": ["h1", "h2", "h2", "h5"],
            "workbook": ["o/d/a-ranked.xlsx", "o/d/b-ranked.xlsx", "o/d/c-ranked.xlsx", None],
        }
    )

    result = plan_jobs(batch, manifest)

    expected = batch.with_columns(
        duplicate_of=pl.Series(["first.csv", None, "b.csv", None]),
        clash=pl.Series([False, False, False, False]),
    )
    assert_frame_equal(result, expected)


def test_plan_gives_clashing_output_names_a_folder_of_their_own():
    manifest = manifest_of(entry("h9", "a.csv", "scored", "o/d/a-ranked.xlsx", "t1"))
    batch = pl.DataFrame(
        {
            "file": ["a.csv", "b.csv", "b.xlsx"],
            "sha256": ["h1", "h2", "h3"],
            "workbook": ["o/d/a-ranked.xlsx", "o/d/b-ranked.xlsx", "o/d/b-ranked.xlsx"],
        }
    )

    result = plan_jobs(batch, manifest).get_column("clash").to_list()

    assert result == [True, False, True]


def test_scoring_the_same_content_again_replaces_its_scored_entry_only(tmp_path):
    path = tmp_path / "manifest.jsonl"
    append_entries(path, [entry("aa", "a.csv", "scored", "a-ranked.xlsx", "t1")])
    append_entries(path, [entry("aa", "b.csv", "duplicate", None, "t2")])
    append_entries(path, [entry("bb", "c.csv", "failed", None, "t3")])

    append_entries(path, [entry("aa", "a.csv", "scored", "a-ranked.xlsx", "t4")])

    result = read_manifest(path).select("sha256", "file", "status", "processed_at")
    expected = pl.DataFrame(
        {
            "sha256": ["aa", "bb", "aa"],
            "file": ["b.csv", "c.csv", "a.csv"],
            "status": ["duplicate", "failed", "scored"],
            "processed_at": ["t2", "t3", "t4"],
        }
    )
    assert_frame_equal(result, expected)
