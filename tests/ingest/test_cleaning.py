"""Tests for pipelines.ingest.cleaning: control characters, line breaks, blanks to null."""

from __future__ import annotations

import polars as pl
from polars.testing import assert_frame_equal

from pipelines.ingest.cleaning import clean_grid, clean_input_text, value_columns


def _grid() -> pl.DataFrame:
    """Cell columns with control characters only, `\\r` only, both, neither, and no values."""
    return pl.DataFrame(
        {
            "_row": [1, 2, 3],
            "c0": ["Ann\x00 Lee\x1b", "\x0bBob", None],
            "c1": ["one\r\ntwo", "a\r\rb\r\n", None],
            "c2": ["x\x07\r\ny\x7f", "  ", "tab\there"],
            "c3": ["  plain  ", "", None],
            "c4": [None, None, None],
        },
        schema_overrides={"c4": pl.String},
    )


def test_clean_grid_cleans_every_kind_of_column():
    result = clean_grid(_grid())
    expected = pl.DataFrame(
        {
            "_row": [1, 2, 3],
            "c0": ["Ann Lee", "Bob", None],
            "c1": ["one\ntwo", "a\n\nb", None],
            "c2": ["x\ny", None, "tab\there"],
            "c3": ["plain", None, None],
            "c4": [None, None, None],
        },
        schema_overrides={"c4": pl.String},
    )
    assert_frame_equal(result, expected)


def test_clean_grid_matches_every_step_on_every_column():
    grid = _grid()
    result = clean_grid(grid)
    cells = value_columns(grid)
    expected = grid.with_columns(clean_input_text(pl.col(name)).alias(name) for name in cells)
    assert_frame_equal(result, expected)


def test_clean_grid_keeps_a_grid_without_rows_or_cells():
    empty = _grid().clear()
    no_cells = pl.DataFrame({"_row": [1, 2]})
    assert_frame_equal(clean_grid(empty), empty)
    assert_frame_equal(clean_grid(no_cells), no_cells)


def test_clean_input_text_can_skip_steps_the_caller_knows_are_no_ops():
    frame = pl.DataFrame({"text": [" a\r\nb\x01 ", None, " "]})
    result = frame.select(
        full=clean_input_text(pl.col("text")),
        strip_only=clean_input_text(pl.col("text"), controls=False, line_breaks=False),
    )
    expected = pl.DataFrame(
        {"full": ["a\nb", None, None], "strip_only": ["a\r\nb\x01", None, None]}
    )
    assert_frame_equal(result, expected)
