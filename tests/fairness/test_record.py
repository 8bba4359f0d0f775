"""The run record: what went in, what came out, written atomically and reproducibly."""

from __future__ import annotations

import json
from dataclasses import replace

import polars as pl

from pipelines.fairness.record import run_record, run_record_path, write_run_record
from pipelines.scoring import job_profiles
from schemas.names import Level, Recommendation
from tests.fairness.conftest import publish_run_files, screening_result


def _scored() -> pl.DataFrame:
    return pl.DataFrame(
        {
            "rank": [1, 2, 3, 4],
            "score": [88.0, 71.5, 40.0, 12.0],
            "recommendation": [
                Recommendation.ADVANCE.value,
                Recommendation.REVIEW.value,
                Recommendation.HOLD.value,
                Recommendation.HOLD.value,
            ],
            "level": [Level.SENIOR.value, Level.MID.value, None, Level.JUNIOR.value],
            "red_flag_count": [0, 0, 1, 2],
            "ind_code_sets": [True, True, None, False],
            "ind_team_leadership": [True, False, False, None],
            "flag_no_hipaa": [False, False, True, True],
            "flag_no_certification": [False, None, False, True],
            "email": ["a@x.org", "b@x.org", None, "d@x.org"],
            "source_row": [2, 3, 4, 5],
        }
    )


def _protected() -> pl.DataFrame:
    return pl.DataFrame({"source_row": [2, 3, 4, 5], "gender": ["Female", None, "Male", "Decline"]})


def test_record_counts_rows_rule_hits_levels_and_recommendations():
    result = screening_result(_scored(), _protected())

    record = run_record(result, audit_file="export-audit.parquet")

    assert record["input_sha256"] == "ab" * 32
    assert record["config_sha256"] == {"columns.toml": "ef" * 32, "scoring.toml": "cd" * 32}
    assert record["code"]["version"] == "0.1.0" and len(record["code"]["source_sha256"]) == 64
    assert record["rows"] == {
        "read": 6,
        "blank": 1,
        "ranked": 4,
        "rejected": 1,
        "duplicates": 0,
        "accounted": 6,
    }
    assert record["rule_hits"] == {
        "indicators": {"ind_code_sets": 2, "ind_team_leadership": 1},
        "flags": {"flag_no_certification": 1, "flag_no_hipaa": 2},
    }
    assert record["levels"] == {
        "(blank)": 1,
        Level.JUNIOR.value: 1,
        Level.MID.value: 1,
        Level.SENIOR.value: 1,
    }
    assert record["recommendations"] == {
        Recommendation.ADVANCE.value: 1,
        Recommendation.HOLD.value: 2,
        Recommendation.REVIEW.value: 1,
    }
    assert record["protected_columns"] == ["gender"]
    assert record["audit_file"] == "export-audit.parquet"
    assert record["started_at"] == "2025-03-01T02:00:00+00:00"


def test_record_holds_no_personal_data():
    result = screening_result(_scored(), _protected())

    text = json.dumps(run_record(result))

    for value in ("a@x.org", "Female", "Decline"):
        assert value not in text


def test_same_run_gives_the_same_record_apart_from_the_time_and_changes_with_scores(tmp_path):
    first = write_run_record(screening_result(_scored(), _protected()), tmp_path / "a-run.json")
    again = write_run_record(screening_result(_scored(), _protected()), tmp_path / "b-run.json")
    rescored = _scored().with_columns(pl.col("score").reverse())
    changed = run_record(screening_result(rescored, _protected()))

    one, two = (json.loads(p.read_text(encoding="utf-8")) for p in (first, again))
    one.pop("recorded_at")
    two.pop("recorded_at")
    assert one == two
    assert changed["outcome_sha256"] != one["outcome_sha256"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a-run.json", "b-run.json"]


def test_outputs_write_the_record_and_audit_counts_beside_the_workbook(settings, tmp_path):
    result = screening_result(_scored(), _protected(), source_file="nightly 01.csv")

    written = publish_run_files(result, tmp_path, settings)

    assert written["run_record"] == run_record_path(tmp_path, "nightly 01.csv")
    assert written["run_record"].name == "nightly 01-run.json"
    audit = pl.read_parquet(written["audit"])
    assert (
        audit["candidates"].sum()
        == audit.filter(pl.col("dimension") == "gender")["candidates"].sum()
        == 4
    )
    record = json.loads(written["run_record"].read_text(encoding="utf-8"))
    assert record["audit_file"] == "nightly 01-audit.parquet"
    assert (record["status"], record["outputs"]) == (
        "scored",
        ["nightly 01-audit.parquet", "nightly 01-run.json"],
    )


def test_outputs_without_protected_columns_write_only_the_record(settings, tmp_path):
    result = screening_result(_scored(), _protected().select("source_row"))

    written = publish_run_files(result, tmp_path, settings)

    assert set(written) == {"run_record"}
    assert json.loads(written["run_record"].read_text(encoding="utf-8"))["audit_file"] is None


def test_record_lists_each_job_with_its_profile_why_and_applications(settings):
    candidates = pl.DataFrame(
        {"job": ["Inpatient Coder II", "Risk Adjustment Coder", "Inpatient Coder II", "Clerk"]}
    )
    result = screening_result(_scored(), _protected())
    meta = replace(result.meta, jobs=job_profiles(candidates, settings.profiles))

    record = run_record(replace(result, meta=meta))

    assert record["record_version"] == 3
    assert record["jobs"] == [
        {
            "job": "Inpatient Coder II",
            "profile": "inpatient_facility",
            "reason": "title 'Inpatient Coder II' matched pattern 'inpatient'",
            "applications": 2,
        },
        {
            "job": "Risk Adjustment Coder",
            "profile": "risk_adjustment",
            "reason": "title 'Risk Adjustment Coder' matched pattern 'risk adjustment'",
            "applications": 1,
        },
        {
            "job": "Clerk",
            "profile": "general",
            "reason": "no pattern matched: general",
            "applications": 1,
        },
    ]
    assert json.loads(json.dumps(record))["jobs"] == record["jobs"]


def test_a_record_without_a_job_table_has_an_empty_jobs_list():
    record = run_record(screening_result(_scored(), _protected()))

    assert record["jobs"] == []
    assert {"rows", "rule_hits", "levels", "outcome_sha256", "outputs"} <= set(record)
