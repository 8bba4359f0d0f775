"""A recruiter edits a produced workbook; the next export is scored with `--previous` (ad hoc)."""

from __future__ import annotations

import shutil
from pathlib import Path

import openpyxl
import polars as pl
import pytest
from polars.testing import assert_frame_equal

from pipelines.carry.decisions_log import read_log
from pipelines.carry.previous import read_previous
from pipelines.screening.score_one import score_one
from tests.carry.exports import NEWCOMERS, next_export
from tests.carry.recruiter import (
    DELETED,
    ENTRIES,
    SAMPLE,
    WORKBOOK_NAME,
    edit_as_recruiter,
    libreoffice_round_trip,
)
from tests.carry.workbooks import (
    carried_values,
    expected_values,
    highlight_rules,
    note_cells,
    sheet_table,
)

GONE = "Rosa Patel"
CHANGED = "Maria Adeyemi"


@pytest.fixture(scope="module")
def first_run(tmp_path_factory, settings) -> Path:
    """The project's workbook of the sample, scored ad hoc."""
    folder = tmp_path_factory.mktemp("first")
    export = shutil.copy(SAMPLE, folder / SAMPLE.name)
    outcome = score_one(export, folder, settings)
    assert outcome.status == "scored"
    return folder / WORKBOOK_NAME


@pytest.fixture(scope="module", params=["openpyxl", "libreoffice"])
def recruiters_copy(request, tmp_path_factory, first_run, settings) -> Path:
    """The workbook after the recruiter's edits, saved by openpyxl or by LibreOffice."""
    folder = tmp_path_factory.mktemp(f"edited-{request.param}")
    edited = edit_as_recruiter(first_run, folder / WORKBOOK_NAME, settings)
    if request.param == "openpyxl":
        return edited
    return libreoffice_round_trip(edited, folder / "saved")


@pytest.fixture(scope="module")
def second_run(tmp_path_factory, recruiters_copy, settings) -> tuple[Path, Path]:
    """The next export scored with `--previous` the recruiter's copy: (workbook, state dir)."""
    folder = tmp_path_factory.mktemp("second")
    export = next_export(folder / SAMPLE.name)
    state = folder / "state"
    outcome = score_one(export, folder, settings, previous=[recruiters_copy], state_dir=state)
    assert outcome.status == "scored", outcome.reason
    return folder / WORKBOOK_NAME, state


def test_every_carried_value_and_every_blank(second_run, recruiters_copy, settings):
    workbook, _ = second_run
    names = carried_values(workbook, settings).get_column("full_name").to_list()
    label = f"from {read_previous(recruiters_copy, settings).run_date}"

    result = carried_values(workbook, settings)

    kept = {k: v for k, v in ENTRIES.items() if k != GONE}
    assert_frame_equal(result, expected_values(names, label, kept))
    assert {n for n, _, _ in NEWCOMERS} <= set(names) and GONE not in names
    assert result.filter(pl.col("full_name") == DELETED).row(0)[1:] == (None,) * 4


def test_a_note_starting_with_equals_stays_text(second_run, settings):
    workbook, _ = second_run

    notes = note_cells(workbook, settings)

    assert notes[CHANGED] == ("=1+2", "s", True)
    assert notes["Hannah Clark"] == ('=HYPERLINK("x")', "s", True)


def test_the_changes_sheet(second_run, settings):
    workbook, _ = second_run
    labels = settings.carry.changes

    table = sheet_table(workbook, labels.sheet)

    by_change = table.group_by("Change").agg(pl.col("Candidate").sort())
    assert dict(by_change.iter_rows()) == {
        labels.new: sorted([*(n for n, _, _ in NEWCOMERS), DELETED]),
        labels.returning: sorted(
            set(table.get_column("Candidate")) - {GONE, DELETED, *(n for n, _, _ in NEWCOMERS)}
        ),
        labels.gone: [GONE],
    }
    gone = table.filter(pl.col("Change") == labels.gone)
    assert gone.select("Decision", "Score").row(0) == ("Reject", None)
    maria = table.filter(pl.col("Candidate") == CHANGED).row(0, named=True)
    assert maria["Decision"] == "Advance"
    assert maria["Decision contradicted"] == "Advance, but now: Below accuracy standard"
    assert float(maria["Score change"]) < 0
    assert "new red flag: Below accuracy standard" in maria["Why the score changed"]
    others = table.filter((pl.col("Change") == labels.returning) & (pl.col("Candidate") != CHANGED))
    assert others.get_column("Score change").cast(pl.Float64).to_list() == [0.0] * others.height
    assert others.get_column("Decision contradicted").null_count() == others.height


def test_the_contradicted_decision_is_highlighted(second_run, settings):
    workbook, _ = second_run
    title = settings.carry.changes.sheet
    ws = openpyxl.load_workbook(workbook)[title]
    header = {cell.value: cell.column_letter for cell in ws[1]}

    rules = highlight_rules(workbook, title)

    assert rules == [
        (
            f"A2:{ws.cell(1, ws.max_column).column_letter}{ws.max_row}",
            [f"LEN(${header['Decision contradicted']}2)>0"],
        )
    ]
    table = sheet_table(workbook, title)
    returning = table.filter(pl.col("Change") == settings.carry.changes.returning)
    assert returning.get_column("Candidate")[0] == CHANGED  # highlighted rows lead the returning


def test_the_decisions_log_holds_every_decision_and_no_notes(second_run, settings):
    _, state = second_run

    log = read_log(state / settings.carry.decisions.log_file)

    assert sorted(log.get_column("decision")) == sorted(v[0] for v in ENTRIES.values())
    assert "notes" not in log.columns
    assert log.get_column("candidate_key").str.len_chars().to_list() == [64] * 5


def test_the_parquet_holds_no_recruiter_columns(second_run):
    workbook, _ = second_run
    parquet = workbook.with_name(workbook.name.replace("-ranked.xlsx", "-scored.parquet"))

    columns = pl.read_parquet_schema(parquet)

    assert not {"decision", "interviewer", "notes", "carried_from"} & set(columns)


def test_a_workbook_this_project_did_not_write_is_refused_in_one_line(tmp_path, settings):
    foreign = tmp_path / "shortlist.xlsx"
    wb = openpyxl.Workbook()
    wb.active.append(["Candidate", "Email", "Decision", "Interviewer", "Notes"])
    wb.save(foreign)
    export = shutil.copy(SAMPLE, tmp_path / SAMPLE.name)

    outcome = score_one(export, tmp_path, settings, previous=[foreign])

    assert (outcome.status, outcome.reason) == (
        "refused",
        "previous workbook shortlist.xlsx: not a coder-screen workbook",
    )
    assert not (tmp_path / WORKBOOK_NAME).exists()


def test_an_excel_lock_file_beside_the_workbook_is_skipped(tmp_path, first_run, settings):
    lock = first_run.with_name("~$" + first_run.name)
    lock.write_bytes(b"\x00owner")
    export = shutil.copy(SAMPLE, tmp_path / SAMPLE.name)

    outcome = score_one(export, tmp_path, settings, previous=[lock, first_run])

    assert outcome.status == "scored"
    about = sheet_table(tmp_path / WORKBOOK_NAME, settings.report.sheets.ranked)
    assert about.height == outcome.ranked
    lock.unlink()


def test_two_previous_workbooks_disagree_the_newest_wins_and_says_so(tmp_path, first_run, settings):
    older = edit_as_recruiter(
        first_run, tmp_path / "older.xlsx", settings, run_started="2026-11-29T07:00:00+00:00"
    )
    changed = {**ENTRIES, CHANGED: ("Reject", "Dana Ruiz", "=1+2")}
    newer = edit_as_recruiter(
        first_run,
        tmp_path / "newer.xlsx",
        settings,
        entries=changed,
        run_started="2026-11-30T07:00:00+00:00",
    )
    export = next_export(tmp_path / "next" / SAMPLE.name)

    outcome = score_one(export, export.parent, settings, previous=[newer, older])

    assert outcome.status == "scored"
    workbook = export.parent / WORKBOOK_NAME
    maria = carried_values(workbook, settings).filter(pl.col("full_name") == CHANGED)
    assert maria.row(0) == (CHANGED, "Reject", "Dana Ruiz", "=1+2", "from 2026-11-30")
    changes = sheet_table(workbook, settings.carry.changes.sheet)
    said = changes.filter(pl.col("Candidate") == CHANGED).get_column("Earlier workbooks disagree")
    assert said.to_list() == [
        "Decision was 'Advance' in older.xlsx (2026-11-29) and 'Reject' in newer.xlsx "
        "(2026-11-30): kept the newest"
    ]


def test_hostile_workbooks_as_previous_are_refused_in_one_line(tmp_path, shared_dir, settings):
    hostile = sorted((shared_dir / "corpus" / "hostile").glob("*.xlsx"))
    assert hostile, "the hostile corpus is missing"
    export = shutil.copy(SAMPLE, tmp_path / SAMPLE.name)

    outcomes = {p.name: score_one(export, tmp_path, settings, previous=[p]) for p in hostile}

    for name, outcome in outcomes.items():
        assert outcome.status == "refused", name
        assert outcome.reason.startswith(f"previous workbook {name}: "), outcome.reason
        assert "\n" not in outcome.reason
    assert not (tmp_path / WORKBOOK_NAME).exists()
