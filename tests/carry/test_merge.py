"""Earlier workbooks' recruiter columns matched to the next export by the dedupe keys."""

from __future__ import annotations

from pathlib import Path

import polars as pl
from polars.testing import assert_frame_equal

from pipelines.carry.merge import carry, match_rows
from pipelines.carry.previous import empty_previous, read_many, read_previous, stacked
from tests.carry.recruiter import ENTRIES, edit_as_recruiter, libreoffice_round_trip, next_export

FIELDS = ["decision", "interviewer", "notes", "carried_from"]


def carried_by_name(scored: pl.DataFrame, carried) -> pl.DataFrame:
    """The carried columns beside each new row's name, by name."""
    return pl.concat([scored.select("full_name"), carried.carried.select(FIELDS)], how="horizontal")


def expected_carry(scored: pl.DataFrame, entries: dict, label: str) -> pl.DataFrame:
    """Each new row's expected carried values: the recruiter's entries, else blanks."""
    rows = []
    for name in scored.get_column("full_name").to_list():
        values = entries.get(name)
        rows.append((name, *values, label) if values else (name, None, None, None, None))
    return pl.DataFrame(rows, schema=["full_name", *FIELDS], orient="row")


def test_next_export_gets_every_value_back_and_blanks_elsewhere(edited, result, settings):
    previous = read_previous(edited, settings)
    scored = next_export(result.scored)

    carried = carry(
        scored, previous.rows, settings.validation.dedupe.order, settings.carry, settings.report
    )

    kept = {k: v for k, v in ENTRIES.items() if k != "Rosa Patel"}
    expected = expected_carry(scored, kept, f"from {previous.run_date}")
    assert_frame_equal(carried_by_name(scored, carried), expected)
    assert carried.conflicts.height == 0
    assert carried.gone.select("full_name", "decision", "notes").rows() == [
        ("Rosa Patel", "Reject", "Not local")
    ]
    matched = carried.carried.get_column("matched_on")
    unmatched = scored.filter(matched.is_null()).get_column("full_name").sort().to_list()
    assert unmatched == ["Noor Haddad", "Tomas Berg", "Wei Brown"]  # new, and the deleted row
    assert set(matched.drop_nulls()) == {"email"}


def test_the_libreoffice_saved_workbook_carries_the_same(tmp_path, edited, result, settings):
    saved = libreoffice_round_trip(edited, tmp_path / "lo")
    scored = next_export(result.scored)
    keys = settings.validation.dedupe.order

    from_lo = carry(
        scored, read_previous(saved, settings).rows, keys, settings.carry, settings.report
    )
    from_openpyxl = carry(
        scored, read_previous(edited, settings).rows, keys, settings.carry, settings.report
    )

    assert_frame_equal(
        from_lo.carried.drop("carried_workbook"), from_openpyxl.carried.drop("carried_workbook")
    )
    assert from_lo.carried.filter(pl.col("notes").str.starts_with("=")).get_column(
        "notes"
    ).sort().to_list() == ["=1+2", '=HYPERLINK("x")']


def test_two_workbooks_disagree_the_newest_wins_and_says_so(tmp_path, workbook, result, settings):
    older_dir, newer_dir = tmp_path / "2026-11-29", tmp_path / "2026-11-30"
    older_dir.mkdir()
    newer_dir.mkdir()
    changed = {**ENTRIES, "Maria Adeyemi": ("Reject", "Dana Ruiz", "No longer available")}
    older = edit_as_recruiter(
        workbook, older_dir / workbook.name, settings, run_started="2026-11-29T07:00:00+00:00"
    )
    newer = edit_as_recruiter(
        workbook,
        newer_dir / workbook.name,
        settings,
        entries=changed,
        run_started="2026-11-30T07:00:00+00:00",
    )
    workbooks, _ = read_many([newer, older], settings)
    scored = next_export(result.scored)

    carried = carry(
        scored,
        stacked(workbooks, settings.carry),
        settings.validation.dedupe.order,
        settings.carry,
        settings.report,
    )

    kept = {k: v for k, v in changed.items() if k != "Rosa Patel"}
    expected = expected_carry(scored, kept, "from 2026-11-30")
    assert_frame_equal(carried_by_name(scored, carried), expected)
    name = workbook.name
    assert carried.conflict_messages() == [
        f"Decision was 'Advance' in {name} (2026-11-29) and 'Reject' in {name} (2026-11-30): "
        "kept the newest",
        f"Notes differ in {name} (2026-11-29) and {name} (2026-11-30): kept the newest",
    ]
    assert carried.gone.height == 1  # Rosa Patel once, though both workbooks list her


def previous_rows(rows: list[dict], settings) -> pl.DataFrame:
    """Earlier-workbook rows (unlisted columns null)."""
    empty = empty_previous(settings.carry)
    frame = pl.DataFrame(rows, schema={k: empty.schema[k] for k in rows[0]})
    return pl.concat([empty, frame], how="diagonal")


def test_keys_are_tried_in_the_dedupe_order(settings):
    scored = pl.DataFrame(
        {
            "candidate_id": ["C-1", None, None],
            "email": ["new@x.org", "bo@x.org", None],
            "full_name": ["Ann Lee", "Bo", "Cy Dee"],
            "phone": [None, None, "555 0100"],
        }
    )
    previous = previous_rows(
        [
            {"candidate_id": "C-1", "email": "old@x.org", "full_name": "Ann Lee", "phone": None},
            {"candidate_id": None, "email": "BO@x.org ", "full_name": "Bob", "phone": None},
            {
                "candidate_id": None,
                "email": "cy@old.org",
                "full_name": "cy  dee",
                "phone": "5550100",
            },
            {"candidate_id": None, "email": None, "full_name": "Dee", "phone": None},
        ],
        settings,
    )

    result = match_rows(scored, previous, settings.validation.dedupe.order).sort("_prev")

    expected = pl.DataFrame(
        {
            "_prev": [0, 1, 2],
            "_new": [0, 1, 2],
            "matched_on": ["candidate_id", "email", "name_phone"],
        },
        schema={"_prev": pl.UInt32, "_new": pl.UInt32, "matched_on": pl.String},
    )
    assert_frame_equal(result, expected)


def test_no_previous_workbook_carries_nothing(result, settings):
    scored = result.scored

    carried = carry(scored, None, settings.validation.dedupe.order, settings.carry, settings.report)

    assert carried.carried.height == scored.height
    assert carried.carried.select(pl.all().null_count()).row(0) == (scored.height,) * 6
    assert carried.gone.height == 0
    assert carried.conflicts.height == 0


def test_rows_sort_back_to_the_new_order(result, settings, edited: Path):
    scored = next_export(result.scored).reverse()

    carried = carry(
        scored,
        read_previous(edited, settings).rows,
        settings.validation.dedupe.order,
        settings.carry,
        settings.report,
    )

    names = scored.get_column("full_name")
    assert carried.carried.filter(names == "Maria Adeyemi").get_column("decision").item() == (
        "Advance"
    )
