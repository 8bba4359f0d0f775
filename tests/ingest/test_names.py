"""Name completion expressions."""

from __future__ import annotations

import polars as pl
from hypothesis import example, given, settings
from hypothesis import strategies as st
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


def _one_pattern_each(frame: pl.DataFrame) -> pl.DataFrame:
    """fill_names as first written (a pattern per name part): what the faster one must equal."""
    first, last, full = pl.col("first_name"), pl.col("last_name"), pl.col("full_name")

    def strip_null(expr: pl.Expr) -> pl.Expr:
        text = expr.str.strip_chars()
        return pl.when(text.str.len_chars() > 0).then(text)

    last_first_pattern = r"^([^\s,]+)\s*,\s*(.+)$"
    joined = strip_null(pl.concat_str([first, last], separator=" ", ignore_nulls=True))
    last_first = full.str.contains(last_first_pattern)
    plain = full.str.extract(r"^([^,]+)").str.strip_chars()
    split_first = (
        pl.when(last_first)
        .then(full.str.extract(last_first_pattern, 2))
        .otherwise(plain.str.extract(r"^(\S+)"))
    )
    split_last = (
        pl.when(last_first)
        .then(full.str.extract(last_first_pattern, 1))
        .otherwise(plain.str.extract(r"^\S+\s+(.+)$"))
    )
    both_blank = first.is_null() & last.is_null()
    return frame.with_columns(
        full_name=pl.coalesce(full, joined),
        first_name=pl.when(both_blank).then(strip_null(split_first)).otherwise(first),
        last_name=pl.when(both_blank).then(strip_null(split_last)).otherwise(last),
    )


# Full names from letters, spaces, commas and line breaks; first and last names mostly blank
# (only then is the full name split).
_NAME_TEXT = st.text(alphabet=st.sampled_from(list("ab ,\n\t\u00a0.-")), max_size=8)
_PART = st.sampled_from([None, None, None, "Ann", " Lee "])


@settings(max_examples=300)
@given(st.lists(st.tuples(_PART, _PART, st.none() | _NAME_TEXT), min_size=1, max_size=12))
@example([(None, None, name) for name in ("a b\nc", "a,\nb", "a , b\n", "a, ", ",a b", "a\n b")])
def test_names_split_as_with_a_pattern_per_part(rows):
    frame = pl.DataFrame(
        rows,
        schema={"first_name": pl.String, "last_name": pl.String, "full_name": pl.String},
        orient="row",
    )
    assert_frame_equal(fill_names(frame), _one_pattern_each(frame))
