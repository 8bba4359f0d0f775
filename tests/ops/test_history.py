"""Across nights: new candidates, returning ones and their score change, per job."""

from __future__ import annotations

import hashlib

import polars as pl
from polars.testing import assert_frame_equal

from pipelines.ops import history
from pipelines.ops.run import RunInfo

KEYS = ["email", "candidate_id", "name_phone"]
NIGHT_1 = RunInfo("run-1", "2026-01-01", "2026-01-01T07:00:00+00:00")
NIGHT_2 = RunInfo("run-2", "2026-01-02", "2026-01-02T07:00:00+00:00")
NIGHT_3 = RunInfo("run-3", "2026-01-03", "2026-01-03T07:00:00+00:00")


def scored(rows: list[tuple]) -> pl.DataFrame:
    """Scored rows: (email, candidate_id, full_name, phone, job, score, rank)."""
    columns = ["email", "candidate_id", "full_name", "phone", "job", "score", "rank"]
    types = [pl.String] * 5 + [pl.Float64, pl.Int64]
    frame = pl.DataFrame(rows, schema=dict(zip(columns, types, strict=True)), orient="row")
    return frame.with_columns(source_file=pl.lit("export.csv"))


def keyed(rows: list[tuple]) -> pl.DataFrame:
    return history.with_keys(scored(rows), KEYS, "export")


def test_the_candidate_key_is_a_digest_of_the_dedupe_identity():
    result = keyed(
        [
            ("Ana@Example.com ", None, "Ana", None, "Coder", 50.0, 1),
            (None, "C-7", None, None, "Coder", 40.0, 2),
            (None, None, "Bo  Li", "(555) 010-2000", None, 30.0, 3),
            (None, None, "Cy", None, None, 20.0, 4),
        ]
    )

    expected = pl.Series(
        history.CANDIDATE_KEY,
        [
            hashlib.sha256(k.encode()).hexdigest()
            for k in ("email:ana@example.com", "candidate_id:C-7", "name_phone:bo li|5550102000")
        ]
        + [None],
    )
    assert_frame_equal(result.select(expected.name), expected.to_frame())
    assert result.get_column(history.JOB_KEY).to_list() == ["coder", "coder", "export", "export"]


def test_first_night_everyone_is_new_then_returning_candidates_show_their_change():
    night_1 = keyed(
        [
            ("ana@x.org", None, "Ana", None, "Coder", 50.0, 1),
            ("bo@x.org", None, "Bo", None, "Coder", 40.0, 2),
        ]
    )
    past = history.history_rows(night_1, NIGHT_1, "sha-1")
    night_2 = keyed(
        [
            ("ana@x.org", None, "Ana", None, "Coder", 57.5, 1),
            ("cy@x.org", None, "Cy", None, "Coder", 45.0, 2),
            ("bo@x.org", None, "Bo", None, "Biller", 40.0, 3),
        ]
    )

    first = history.mark(night_1, pl.DataFrame(schema=history.SCHEMA), NIGHT_1, 1)
    result = history.mark(night_2, past, NIGHT_2, 1)

    assert first.get_column(history.STATUS).to_list() == ["new", "new"]
    expected = pl.DataFrame(
        {
            history.STATUS: ["returning", "new", "new"],
            history.PREVIOUS: [50.0, None, None],
            history.CHANGE: [7.5, None, None],
        }
    )
    assert_frame_equal(result.select(expected.columns), expected)
    assert history.counts(result) == {"new": 2, "returning": 1}


def test_only_the_latest_earlier_run_of_the_same_job_counts():
    old = keyed([("ana@x.org", None, "Ana", None, "Coder", 30.0, 1)])
    recent = keyed([("bo@x.org", None, "Bo", None, "Coder", 40.0, 1)])
    past = pl.concat(
        [
            history.history_rows(old, NIGHT_1, "sha-1"),
            history.history_rows(recent, NIGHT_2, "sha-2"),
        ]
    )
    tonight = keyed(
        [
            ("ana@x.org", None, "Ana", None, "Coder", 35.0, 1),
            ("bo@x.org", None, "Bo", None, "Coder", 41.0, 2),
        ]
    )

    result = history.mark(tonight, past, NIGHT_3, 1)

    assert result.get_column(history.STATUS).to_list() == ["new", "returning"]
    assert result.get_column(history.CHANGE).to_list() == [None, 1.0]


def test_rows_of_this_run_and_later_runs_are_not_the_previous_run():
    rows = keyed([("ana@x.org", None, "Ana", None, "Coder", 30.0, 1)])
    past = pl.concat(
        [history.history_rows(rows, NIGHT_2, "sha-a"), history.history_rows(rows, NIGHT_3, "sha-b")]
    )

    result = history.mark(rows, past, NIGHT_2, 1)

    assert result.get_column(history.STATUS).to_list() == ["new"]


def test_append_replaces_the_rows_of_a_rescored_input(tmp_path):
    path = tmp_path / "history.parquet"
    rows = keyed(
        [
            ("ana@x.org", None, "Ana", None, "Coder", 30.0, 1),
            (None, None, None, None, None, 10.0, 2),
        ]
    )
    other = keyed([("bo@x.org", None, "Bo", None, "Coder", 20.0, 1)])

    history.append_history(path, history.history_rows(rows, NIGHT_1, "sha-a"), "sha-a")
    history.append_history(path, history.history_rows(other, NIGHT_1, "sha-b"), "sha-b")
    history.append_history(path, history.history_rows(rows, NIGHT_2, "sha-a"), "sha-a")

    result = history.read_history(path).sort("sha256")
    assert result.get_column("sha256").to_list() == ["sha-a", "sha-b"]
    assert result.get_column("run_id").to_list() == ["run-2", "run-1"]
    assert result.null_count().sum_horizontal().item() == 0
