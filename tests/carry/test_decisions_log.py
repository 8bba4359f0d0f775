"""The decisions log: every decision seen, once, by candidate digest and job; no notes."""

from __future__ import annotations

import hashlib

import openpyxl
import polars as pl
from polars.testing import assert_frame_equal

from pipelines.carry.decisions_log import (
    SCHEMA,
    append_decisions,
    decision_rows,
    export_decisions,
    latest_decisions,
    read_log,
)
from pipelines.carry.previous import empty_previous, read_previous
from tests.carry.recruiter import ENTRIES, edit_as_recruiter

KEYS = ["email", "candidate_id", "name_phone"]
SEEN = "2026-12-01T07:00:00+00:00"


def digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def rows(entries: list[tuple], sha: str, run_date: str, settings) -> pl.DataFrame:
    """Earlier-workbook rows: (email, decision, interviewer, notes)."""
    frame = pl.DataFrame(
        entries, schema=["email", "decision", "interviewer", "notes"], orient="row"
    ).with_columns(
        source_sha256=pl.lit(sha),
        run_date=pl.lit(run_date),
        export_file=pl.lit("lever.csv"),
        source_workbook=pl.lit(f"/out/{run_date}/lever-ranked.xlsx"),
    )
    return pl.concat([empty_previous(settings.carry), frame], how="diagonal_relaxed")


def test_the_log_holds_digests_job_decision_and_no_notes_or_names(edited, settings):
    previous = read_previous(edited, settings)

    result = decision_rows(previous.rows, KEYS, settings.carry, SEEN)

    decided = {n: v for n, v in ENTRIES.items() if v[0]}
    assert result.columns == list(SCHEMA)
    assert result.height == len(decided)
    emails = previous.rows.filter(pl.col("decision").is_not_null()).select(
        "email", "decision", "interviewer"
    )
    expected = emails.select(
        pl.col("email")
        .map_elements(lambda e: digest(f"email:{e.strip().lower()}"), return_dtype=pl.String)
        .alias("candidate_key"),
        pl.lit("lever_candidates").alias("job_key"),
        "decision",
        "interviewer",
        pl.lit(SEEN).alias("first_seen"),
        pl.lit(previous.sha256).alias("source_sha256"),
        pl.lit(previous.run_date).alias("source_run_date"),
    )
    assert_frame_equal(result.sort("candidate_key"), expected.sort("candidate_key"))
    text = result.write_csv()
    assert "@" not in text and "Maria" not in text and "Not local" not in text


def test_appending_twice_or_a_carried_decision_adds_nothing(tmp_path, settings):
    log = tmp_path / "state" / "decisions.parquet"
    night_1 = rows(
        [("a@x.org", "Advance", "Dana", "n"), ("b@x.org", None, "Lee", None)],
        "sha-1",
        "2026-11-29",
        settings,
    )
    night_2 = rows([("a@x.org", "Advance", "Dana", "carried")], "sha-2", "2026-11-30", settings)

    first = append_decisions(log, decision_rows(night_1, KEYS, settings.carry, SEEN))
    again = append_decisions(log, decision_rows(night_1, KEYS, settings.carry, SEEN))
    carried = append_decisions(log, decision_rows(night_2, KEYS, settings.carry, SEEN))

    assert (first, again, carried) == (1, 0, 0)
    assert read_log(log).select("candidate_key", "decision", "source_sha256").rows() == [
        (digest("email:a@x.org"), "Advance", "sha-1")
    ]


def test_a_changed_decision_is_appended_and_becomes_the_latest(tmp_path, settings):
    log = tmp_path / "decisions.parquet"
    night_1 = rows([("a@x.org", "Phone screen", None, None)], "sha-1", "2026-11-29", settings)
    night_2 = rows([("a@x.org", "Advance", "Dana", None)], "sha-2", "2026-11-30", settings)
    back = rows([("a@x.org", "Phone screen", None, None)], "sha-3", "2026-12-01", settings)
    for night in (night_1, night_2, back, night_1):
        append_decisions(log, decision_rows(night, KEYS, settings.carry, SEEN))

    result = read_log(log)

    assert result.select("decision", "source_sha256").rows() == [
        ("Phone screen", "sha-1"),
        ("Advance", "sha-2"),
        ("Phone screen", "sha-3"),
    ]
    assert latest_decisions(result).select("decision", "source_run_date").rows() == [
        ("Phone screen", "2026-12-01")
    ]


def test_two_workbooks_in_one_call_log_in_run_date_order(tmp_path, settings):
    log = tmp_path / "decisions.parquet"
    both = pl.concat(
        [
            rows([("a@x.org", "Reject", None, None)], "sha-2", "2026-11-30", settings),
            rows([("a@x.org", "Advance", None, None)], "sha-1", "2026-11-29", settings),
        ]
    )

    added = append_decisions(log, decision_rows(both, KEYS, settings.carry, SEEN))

    assert added == 2
    assert latest_decisions(read_log(log)).get_column("decision").to_list() == ["Reject"]


def test_export_as_csv_and_xlsx_keeps_formula_text_as_text(tmp_path, settings):
    log = tmp_path / "decisions.parquet"
    night = rows(
        [("a@x.org", "Advance", "=cmd|' /C calc'!A0", None)], "sha-1", "2026-11-29", settings
    )
    append_decisions(log, decision_rows(night, KEYS, settings.carry, SEEN))

    csv = export_decisions(log, tmp_path / "decisions.csv", settings.report)
    xlsx = export_decisions(log, tmp_path / "decisions.xlsx", settings.report)

    assert_frame_equal(pl.read_csv(csv, infer_schema=False), read_log(log))
    cell = openpyxl.load_workbook(xlsx)["Decisions"]["D2"]
    assert (cell.value, cell.data_type) == ("=cmd|' /C calc'!A0", "s")


def test_a_workbook_without_export_name_uses_its_own_name_as_job(edited, settings):
    rows_ = read_previous(edited, settings).rows.with_columns(
        pl.lit(None, dtype=pl.String).alias("export_file")
    )

    result = decision_rows(rows_, KEYS, settings.carry, SEEN)

    assert set(result.get_column("job_key")) == {"lever_candidates"}


def test_reading_an_absent_log_gives_an_empty_table(tmp_path):
    assert read_log(tmp_path / "none.parquet").schema == pl.Schema(SCHEMA)


def test_an_unchanged_decision_from_an_edited_workbook(tmp_path, workbook, settings):
    first = edit_as_recruiter(workbook, tmp_path / "a.xlsx", settings)
    log = tmp_path / "decisions.parquet"
    append_decisions(
        log, decision_rows(read_previous(first, settings).rows, KEYS, settings.carry, SEEN)
    )
    second = edit_as_recruiter(
        workbook, tmp_path / "b.xlsx", settings, entries={"Maria Adeyemi": ("Reject", None, None)}
    )

    added = append_decisions(
        log, decision_rows(read_previous(second, settings).rows, KEYS, settings.carry, SEEN)
    )

    assert added == 1
    assert read_log(log).height == len(ENTRIES) + 1  # only Maria's new Reject is added
