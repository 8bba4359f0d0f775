"""The changes sheet's table: new, returning with score change and why, gone, contradictions."""

from __future__ import annotations

import openpyxl
import polars as pl
import pytest

from pipelines.carry.changes import changes
from pipelines.carry.merge import carry
from pipelines.carry.previous import read_previous
from pipelines.report.ranked import flag_label
from tests.carry.recruiter import RENAMED, headers, next_export


def table_for(path, result, settings) -> pl.DataFrame:
    """The changes table of the next export against the workbook at `path`."""
    scored = next_export(result.scored)
    previous = read_previous(path, settings).rows
    carried = carry(
        scored, previous, settings.validation.dedupe.order, settings.carry, settings.report
    )
    return changes(scored, carried, settings)


def row_of(table: pl.DataFrame, name: str) -> dict:
    return table.filter(pl.col("full_name") == name).row(0, named=True)


def test_new_returning_and_gone_candidates(edited, result, settings):
    table = table_for(edited, result, settings)

    kinds = table.group_by("change").agg(pl.col("full_name").sort()).sort("change").rows()
    returning = sorted(
        n for n in result.scored.get_column("full_name") if n not in ("Rosa Patel", "Wei Brown")
    )
    assert kinds == [
        ("New", ["Noor Haddad", "Tomas Berg", "Wei Brown"]),  # Wei Brown's row was deleted
        ("No longer in the export", ["Rosa Patel"]),
        ("Returning", returning),
    ]
    assert table.get_column("change").to_list()[:4] == ["New"] * 3 + ["Returning"]
    assert table.get_column("change").to_list()[-1] == "No longer in the export"


def test_a_new_red_flag_contradicting_advance_is_highlighted_with_why(edited, result, settings):
    table = table_for(edited, result, settings)
    flag = flag_label("flag_below_accuracy_standard", settings.report)

    maria = row_of(table, "Maria Adeyemi")

    assert maria == {
        "change": "Returning",
        "rank": 2,
        "full_name": "Maria Adeyemi",
        "score": 81.0,
        "previous_score": 91.0,
        "score_change": -10.0,
        "why": f"new red flag: {flag}; now: accuracy 88% (+0); no longer: accuracy 95.8% (+10)",
        "decision": "Advance",
        "contradiction": f"Advance, but now: {flag}",
        "highlight": True,
        "conflicts": None,
        "carried_from": f"from {result.meta.started_at[:10]}",
    }
    assert table.get_column("highlight").sum() == 1
    assert table.row(3, named=True)["full_name"] == "Maria Adeyemi"  # highlighted rows lead


def test_unchanged_and_gone_rows(edited, result, settings):
    table = table_for(edited, result, settings)

    jose = row_of(table, "Jose Nunez")
    rosa = row_of(table, "Rosa Patel")
    noor = row_of(table, "Noor Haddad")

    assert (jose["score_change"], jose["why"], jose["decision"], jose["highlight"]) == (
        0.0,
        None,
        "Advance",
        False,
    )
    assert (rosa["rank"], rosa["score"], rosa["previous_score"], rosa["decision"]) == (
        None,
        None,
        82.5,
        "Reject",
    )
    assert (noor["previous_score"], noor["decision"], noor["carried_from"]) == (None, None, None)


def test_without_the_red_flags_column_every_current_flag_counts_as_new(
    tmp_path, edited, result, settings
):
    wb = openpyxl.load_workbook(edited)
    ws = wb[RENAMED]
    ws.delete_cols(headers(ws)["Red flags"])
    target = tmp_path / "no-flags.xlsx"
    wb.save(target)
    jose_flags = result.scored.filter(pl.col("full_name") == "Jose Nunez").get_column(
        "red_flag_count"
    )
    if jose_flags.item() == 0:
        pytest.fail("the sample changed: Jose Nunez was expected to have red flags")

    table = table_for(target, result, settings)

    highlighted = table.filter("highlight").get_column("full_name").sort().to_list()
    assert highlighted == ["Jose Nunez", "Maria Adeyemi"]
