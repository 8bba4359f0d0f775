"""Tests for pipelines.report.ranked: the Ranked sheet's table."""

from __future__ import annotations

import polars as pl
from polars.testing import assert_frame_equal

from pipelines.report.ranked import ranked_frame
from tests.report.frames import FLAGS, INDICATORS, report_config, scored_frame


def _three() -> pl.DataFrame:
    """Three candidates with chosen levels, flags and evidence (nulls included)."""
    frame = scored_frame(3)
    return frame.with_columns(
        pl.Series("level", ["Senior", None, "Bogus"]),
        pl.Series("years_experience", [6.0, None, 2.26]),
        pl.Series("credentials", ["CPC, CCS", None, None]),
        pl.Series("coding_systems", ["ICD-10-CM, CPT", None, None]),
        pl.Series("specialties", [None, None, "Oncology"]),
        pl.Series("accuracy_pct", [96.5, None, float("inf")]),
        pl.Series("records_per_day", [None, None, 40.0]),
        pl.Series("team_size", [4, None, None], dtype=pl.Int64),
        pl.Series("flag_no_certification", [False, True, None]),
        pl.Series("flag_no_hipaa", [False, True, True]),
        *(
            pl.lit(False).alias(f)
            for f in FLAGS
            if f not in ("flag_no_certification", "flag_no_hipaa")
        ),
        pl.Series("resume_text", ["short\nresume", None, "w " * 300]),
        pl.Series("rank", [3, 1, 2], dtype=pl.Int64),
    )


def test_columns_follow_reading_order_and_drop_the_resume() -> None:
    config = report_config()
    _, columns = ranked_frame(_three(), config)
    keys = [c.key for c in columns]
    assert keys[:7] == [
        "rank",
        "full_name",
        "recommendation",
        "score",
        "level",
        "red_flags",
        "flag_no_certification",
    ]
    assert keys.index("explanation") < keys.index("key_evidence") < keys.index("email")
    assert keys.index("email") < keys.index("decision") < keys.index("years_experience")
    assert "resume_text" not in keys and "resume_snippet" in keys
    assert keys[-1] == "Referral Code"  # carried-through columns come last


def test_rows_are_sorted_by_rank() -> None:
    frame, _ = ranked_frame(_three(), report_config())
    assert frame["rank"].to_list() == [1, 2, 3]


def test_computed_columns() -> None:
    config = report_config()
    frame, _ = ranked_frame(_three(), config)
    result = frame.select("rank", "red_flags", "key_evidence", "ask", "probe", "decision")
    probes = {k: config.guide.probes[k] for k in FLAGS}
    expected = pl.DataFrame(
        {
            "rank": [1, 2, 3],
            "red_flags": [
                "No certification; No HIPAA understanding",
                "No HIPAA understanding",
                None,
            ],
            "key_evidence": [
                None,
                "2.3 years; Oncology; 40 records/day",
                "6 years; CPC, CCS; ICD-10-CM, CPT; 96.5% accuracy; led a team of 4",
            ],
            "ask": [
                "J1 Main coding systems and their uses; J2 How they ensure accuracy; "
                "M1 Staying current with guidelines and regulations",
            ]
            * 2
            + [
                "S1 Training new coders and department quality; "
                "S2 Implementing or updating coding software; "
                "M2 Complex cases that need multiple codes",
            ],
            "probe": [
                f"{probes['flag_no_certification']}; {probes['flag_no_hipaa']}",
                probes["flag_no_hipaa"],
                None,
            ],
            "decision": [None, None, None],
        },
        schema_overrides={"rank": pl.Int64, "decision": pl.String},
    )
    assert_frame_equal(result, expected)


def test_flags_show_yes_raised_ask_not_stated_and_blank_otherwise() -> None:
    config = report_config()
    frame, _ = ranked_frame(_three(), config)  # by rank: rows 2, 3, 1 of `_three`
    result = frame.select("flag_no_certification", "flag_no_hipaa")
    ask = config.flags["flag_no_certification"].ask
    expected = pl.DataFrame(
        {
            "flag_no_certification": [config.text.yes, ask, None],
            "flag_no_hipaa": [config.text.yes, config.text.yes, None],
        }
    )
    assert_frame_equal(result, expected)


def test_resume_snippet_is_one_line_and_trimmed() -> None:
    config = report_config()
    frame, _ = ranked_frame(_three(), config)
    size = config.limits.snippet_chars
    marker = config.text.snippet_marker
    result = frame["resume_snippet"].to_list()
    assert result[0] is None
    assert result[1] == ("w " * 300).strip()[:size] + marker
    assert result[2] == "short resume"


def test_missing_optional_columns_are_skipped() -> None:
    scored = scored_frame(2).drop("resume_text", "level", *FLAGS)
    frame, columns = ranked_frame(scored, report_config())
    keys = [c.key for c in columns]
    assert "resume_snippet" not in keys and "level" not in keys
    assert frame["red_flags"].to_list() == [None, None]


def test_indicators_fold_into_one_column_grouped_by_level() -> None:
    config = report_config()
    found = {
        "ind_team_leadership": [True, None, False],
        "ind_audit_compliance": [True, False, False],
        "ind_code_sets": [True, True, None],
        "ind_new_thing": [None, True, False],
    }
    off = [pl.lit(False).alias(name) for name in INDICATORS if name not in found]
    scored = scored_frame(3).with_columns(
        *off, *(pl.Series(name, values, dtype=pl.Boolean) for name, values in found.items())
    )
    frame, columns = ranked_frame(scored, config)
    keys = [c.key for c in columns]
    assert not [k for k in keys if k.startswith("ind_")]
    assert keys.index("level_evidence") + 1 == keys.index("indicators")
    result = frame.select("indicators")
    expected = pl.DataFrame(
        {
            "indicators": [
                "Senior: team leadership, audit and compliance; Junior: code sets",
                "Junior: code sets; New thing",
                None,
            ]
        }
    )
    assert_frame_equal(result, expected)
