"""Name completion expressions."""

from __future__ import annotations

import polars as pl
from polars.testing import assert_frame_equal

from pipelines.ingest.names import fill_names


def test_names_filled_both_ways():
    frame = pl.DataFrame(
        {
            "first_name": ["Ann", None, None, None, "Cher", None, None, "Li"],
            "last_name": ["Lee", None, None, None, None, None, None, None],
            "full_name": [
                None,
                "Smith, Jane",
                "Mary Ann Smith",
                "Jane Doe, CPC",
                None,
                "Madonna",
                None,
                "Li Wei",
            ],
        },
        schema={"first_name": pl.String, "last_name": pl.String, "full_name": pl.String},
    )
    result = fill_names(frame)
    expected = pl.DataFrame(
        {
            "first_name": ["Ann", "Jane", "Mary", "Jane", "Cher", "Madonna", None, "Li"],
            "last_name": ["Lee", "Smith", "Ann Smith", "Doe", None, None, None, None],
            "full_name": [
                "Ann Lee",
                "Smith, Jane",
                "Mary Ann Smith",
                "Jane Doe, CPC",
                "Cher",
                "Madonna",
                None,
                "Li Wei",
            ],
        },
        schema={"first_name": pl.String, "last_name": pl.String, "full_name": pl.String},
    )
    assert_frame_equal(result, expected)
