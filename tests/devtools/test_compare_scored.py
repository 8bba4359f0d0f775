"""Tests for pipelines.devtools.compare_scored: a scored table against its baseline."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from pipelines.devtools.compare_scored import compare, describe, main

BASELINE = pl.DataFrame({"rank": [1, 2], "score": [71.5, None], "level": ["Mid", None]})


def test_same_table_is_identical() -> None:
    result = describe(compare(BASELINE.clone(), BASELINE))
    assert result == "IDENTICAL"


def test_added_columns_are_named() -> None:
    scored = BASELINE.with_columns(pl.lit(None, dtype=pl.String).alias("knockouts"))
    result = describe(compare(scored, BASELINE))
    assert result == "same on every baseline column; new columns: knockouts"


def test_changed_value_type_and_missing_column_are_named() -> None:
    scored = BASELINE.with_columns(
        pl.Series("score", [71.5, 3.0]), pl.col("rank").cast(pl.Int32)
    ).drop("level")
    result = compare(scored, BASELINE)
    assert (result.differing, result.missing, result.same_on_baseline) == (
        ["rank", "score"],
        ["level"],
        False,
    )
    assert describe(result) == "columns that differ: rank, score; baseline columns missing: level"


@pytest.mark.skipif(
    not (
        Path(__file__).resolve().parents[2] / "data" / "samples" / "lever_candidates.csv"
    ).is_file(),
    reason="the repository's samples are not here",
)
def test_cli_scores_a_sample_against_its_own_output(tmp_path: Path, settings, capsys) -> None:
    from pipelines.screening.stages import screen_file

    samples = tmp_path / "samples"
    samples.mkdir()
    source = Path(__file__).resolve().parents[2] / "data" / "samples" / "lever_candidates.csv"
    (samples / source.name).write_bytes(source.read_bytes())
    (samples / "notes.md").write_text("not an export", encoding="utf-8")
    baseline = tmp_path / "baseline"
    baseline.mkdir()
    screen_file(samples / source.name, settings).scored.drop("explanation").write_parquet(
        baseline / "lever_candidates-scored.parquet"
    )
    code = main([str(baseline), str(samples)])
    result = capsys.readouterr().out
    assert (code, result) == (
        0,
        "lever_candidates.csv: same on every baseline column; new columns: explanation\n",
    )
