"""Counter-based random numbers: range, determinism, weighted picks."""

import polars as pl
from polars.testing import assert_series_equal

from pipelines.synthetic.prng import between, pick, pick_index, uniform

ROWS = pl.DataFrame({"row": pl.int_range(0, 20_000, eager=True)})


def test_uniform_is_in_unit_interval_and_repeatable():
    result = ROWS.select(uniform(pl.col("row"), seed=7, stream=1).alias("u")).get_column("u")
    again = ROWS.select(uniform(pl.col("row"), seed=7, stream=1).alias("u")).get_column("u")
    assert_series_equal(result, again)
    assert result.min() >= 0.0
    assert result.max() < 1.0
    assert abs(result.mean() - 0.5) < 0.02


def test_streams_and_seeds_differ():
    a = ROWS.select(uniform(pl.col("row"), seed=7, stream=1)).to_series()
    b = ROWS.select(uniform(pl.col("row"), seed=7, stream=2)).to_series()
    c = ROWS.select(uniform(pl.col("row"), seed=8, stream=1)).to_series()
    assert (a != b).mean() > 0.99
    assert (a != c).mean() > 0.99
    assert abs(pl.DataFrame({"a": a, "b": b}).select(pl.corr("a", "b")).item()) < 0.05


def test_pick_index_follows_band_edges():
    frame = pl.DataFrame({"u": [0.0, 0.2499, 0.25, 0.9999, None]})
    result = frame.select(pick_index(pl.col("u"), [1.0, 3.0]).alias("i")).get_column("i")
    expected = pl.Series("i", [0, 0, 1, 1, None], dtype=pl.Int64)
    assert_series_equal(result, expected)


def test_pick_maps_empty_string_to_null():
    frame = pl.DataFrame({"u": [0.1, 0.6, None]})
    result = frame.select(pick(pl.col("u"), ["a", ""]).alias("v")).get_column("v")
    expected = pl.Series("v", ["a", None, None], dtype=pl.String)
    assert_series_equal(result, expected)


def test_between_scales():
    frame = pl.DataFrame({"u": [0.0, 0.5, None]})
    result = frame.select(between(pl.col("u"), 2.0, 4.0).alias("x")).get_column("x")
    assert_series_equal(result, pl.Series("x", [2.0, 3.0, None]))
