"""One identity-key module: the dedupe keys, the job key and their digests."""

from __future__ import annotations

import hashlib
import importlib

import polars as pl
from polars.testing import assert_frame_equal, assert_series_equal

from pipelines import identity
from pipelines.ops import history

dedupe = importlib.import_module("pipelines.validate.dedupe")


def people() -> pl.DataFrame:
    return pl.DataFrame(
        {
            "candidate_id": [" C-1 ", "", None, None],
            "email": [None, "  Ana@X.org ", None, None],
            "full_name": ["Bo", "Ana", "Cy  Dee", "Cy"],
            "phone": [None, None, "(555) 010-2000", None],
            "job": [" Coder  II ", None, "", None],
        }
    )


def test_each_key_is_normalised_and_null_when_missing():
    result = people().select(
        identity.key_expr("candidate_id").alias("candidate_id"),
        identity.key_expr("email").alias("email"),
        identity.key_expr("name_phone").alias("name_phone"),
    )

    expected = pl.DataFrame(
        {
            "candidate_id": ["C-1", None, None, None],
            "email": [None, "ana@x.org", None, None],
            "name_phone": [None, None, "cy dee|5550102000", None],
        }
    )
    assert_frame_equal(result, expected)


def test_identity_takes_the_first_key_present_in_the_given_order():
    result = people().select(
        identity.identity(["candidate_id", "email", "name_phone"]).alias("key")
    )

    expected = pl.Series(
        "key",
        ["candidate_id:C-1", "email:ana@x.org", "name_phone:cy dee|5550102000", None],
    )
    assert_series_equal(result.to_series(), expected)


def test_job_key_folds_the_job_else_takes_the_stem_literal_or_per_row():
    frame = people().with_columns(stem=pl.Series(["a", "b", "c", "d"]))

    result = frame.select(
        identity.job_key("export").alias("literal"), identity.job_key(pl.col("stem")).alias("rows")
    )

    expected = pl.DataFrame(
        {"literal": ["coder ii", "export", "export", "export"], "rows": ["coder ii", "b", "c", "d"]}
    )
    assert_frame_equal(result, expected)


def test_digests_are_sha256_hex_with_nulls_kept():
    result = identity.sha256_hex(pl.Series("k", ["email:a@x.org", None]))

    expected = pl.Series("k", [hashlib.sha256(b"email:a@x.org").hexdigest(), None])
    assert_series_equal(result, expected)


def test_dedupe_and_history_use_this_module():
    assert dedupe.KEY_PARTS is identity.KEY_PARTS
    assert dedupe.joined_parts is identity.joined_parts
    assert history.identity is identity.identity
    assert history.job_key is identity.job_key
    assert history.sha256_hex is identity.sha256_hex
