"""Properties of the full path (score_one: screen + write) on generated hostile exports, CSV and
xlsx, with random header spellings, messy values and injection payloads."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import openpyxl
import polars as pl
from hypothesis import HealthCheck, Phase, given
from hypothesis import settings as hyp_settings
from hypothesis import strategies as st
from polars.testing import assert_frame_equal

from pipelines.screening.score_one import score_one
from pipelines.screening.stages import screen_file
from pipelines.settings import load_settings
from tests.conftest import REPO
from tests.corpus.hostile import PAYLOADS, unsafe_parts, workbook_parts

SETTINGS = load_settings(REPO / "config")
ALIASES = SETTINGS.columns.aliases
# Columns every generated export carries (a header needs two known names), then optional ones.
REQUIRED = ["full_name", "email"]
OPTIONAL = ["candidate_id", "phone", "years_experience", "certifications", "accuracy", "job"]
MESSY = [
    "",
    " ",
    "N/A",
    "#N/A",
    "#REF!",
    "Total: 4",
    "007",
    "12345678901234567890",
    "3.5",
    "7+ years",
    "98%",
    "CPC, CCS",
    "2026-01-05",
    "ann@example.com",
    "ANN@example.com",
    "not-an-email",
    "José Núñez",
    "a\x00b\x07c",
    "line\nbreak",
    "x" * 300,
    *PAYLOADS,
]
# Free text without control characters: a file dense with them is refused as binary data
# (`max_control_ratio`, tested in tests/ingest); MESSY carries the sparse ones real exports have.
FREE_TEXT = st.text(alphabet=st.characters(exclude_categories=("Cc", "Cs")), max_size=20)
CELL = st.one_of(st.sampled_from(MESSY), FREE_TEXT)
WORDS = re.compile(r"[A-Za-z0-9]+")
NEWLINES = re.compile(r"\r\n|\r|\n")
RUN_TIME_LABELS = {"Run started", "Run finished", "Seconds"}  # differ between two runs


def _camel(words: list[str]) -> str:
    return words[0].lower() + "".join(word.capitalize() for word in words[1:])


SPELLINGS = [
    str.lower,
    str.upper,
    lambda alias: "_".join(WORDS.findall(alias)),
    lambda alias: "  " + " ".join(WORDS.findall(alias)).title() + " ",
    lambda alias: _camel(WORDS.findall(alias)),
    lambda alias: "-".join(WORDS.findall(alias)).lower(),
]


@st.composite
def exports(draw) -> tuple[list[str], list[list[str]], set[int]]:
    """Headers (random alias spellings), rows of messy values, and which rows are blank."""
    optional = draw(st.lists(st.sampled_from(OPTIONAL), unique=True, max_size=4))
    headers = []
    for canonical in REQUIRED + optional:
        alias = draw(st.sampled_from([canonical, *ALIASES[canonical]]))
        headers.append(draw(st.sampled_from(SPELLINGS))(alias))
    width = len(headers)
    rows = draw(st.lists(st.lists(CELL, min_size=width, max_size=width), min_size=1, max_size=15))
    blanks = set(draw(st.lists(st.integers(0, len(rows) - 1), unique=True, max_size=3)))
    rows = [[""] * width if index in blanks else row for index, row in enumerate(rows)]
    return headers, rows, blanks


def _csv(path: Path, headers: list[str], rows: list[list[str]]) -> Path:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(headers)
    writer.writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return path


def _stored_rows(kind: str, rows: list[list[str]]) -> int:
    """Data rows the file holds: a workbook has no trailing rows without a cell value."""
    if kind == "csv":
        return len(rows)
    filled = [
        index
        for index, row in enumerate(rows)
        if any(openpyxl.cell.cell.ILLEGAL_CHARACTERS_RE.sub("", value) for value in row)
    ]
    return filled[-1] + 1 if filled else 0


def _first_lines(kind: str, rows: list[list[str]]) -> list[int]:
    """The row number a person sees for each data row (CSV: the record's first line)."""
    if kind != "csv":
        return [index + 2 for index in range(len(rows))]
    lines, line = [], 2
    for row in rows:
        lines.append(line)
        line += 1 + sum(len(NEWLINES.findall(value)) for value in row)
    return lines


def _xlsx(path: Path, headers: list[str], rows: list[list[str]]) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(headers)
    for row in rows:
        for column, value in enumerate(row, start=1):
            cell = sheet.cell(row=sheet.max_row + (column == 1), column=column)
            cell.value = openpyxl.cell.cell.ILLEGAL_CHARACTERS_RE.sub("", value) or None
            cell.data_type = "s"  # payloads stay text in the input too (no live formulas)
    book.save(path)
    return path


WRITERS = {"csv": _csv, "xlsx": _xlsx}


def _outputs(summary) -> tuple[pl.DataFrame, dict[str, list[tuple]]]:
    """The scored Parquet and every sheet but About, without the run-time row, of one run."""
    book = openpyxl.load_workbook(summary.outputs["workbook"])
    sheets = {
        sheet.title: [
            row for row in sheet.iter_rows(values_only=True) if row[0] not in RUN_TIME_LABELS
        ]
        for sheet in book.worksheets
        if sheet.title != "About"
    }
    return pl.read_parquet(summary.outputs["parquet"]), sheets


# Shrinking is left out so that a failure reports quickly within the CI budget.
BUDGET = {"deadline": None, "phases": [Phase.explicit, Phase.reuse, Phase.generate]}
SETTINGS_FOR = {"suppress_health_check": [HealthCheck.function_scoped_fixture], **BUDGET}


def _written(export, kind: str, tmp_path_factory, folder_name: str) -> tuple[Path, Path]:
    """Write a generated export as `kind` in a fresh folder; return (folder, file)."""
    headers, rows, _ = export
    folder = tmp_path_factory.mktemp(folder_name)
    return folder, WRITERS[kind](folder / f"export.{kind}", headers, rows)


@hyp_settings(max_examples=30, **SETTINGS_FOR)
@given(export=exports(), kind=st.sampled_from(sorted(WRITERS)))
def test_hostile_exports_are_accounted_safe_and_repeatable(export, kind, tmp_path_factory):
    _, rows, blanks = export
    folder, source = _written(export, kind, tmp_path_factory, "hostile")

    first = score_one(source, folder / "one", SETTINGS)
    second = score_one(source, folder / "two", SETTINGS)

    assert first.status == "scored", first.reason
    stored = _stored_rows(kind, rows)
    assert first.rows_read == stored
    assert first.rows_read == first.ranked + first.rejected + first.duplicates + first.blank_rows
    assert first.blank_rows >= len({index for index in blanks if index < stored})
    assert unsafe_parts(workbook_parts(Path(first.outputs["workbook"]))) == []
    (result_scored, result_sheets), (expected_scored, expected_sheets) = (
        _outputs(second),
        _outputs(first),
    )
    assert_frame_equal(result_scored, expected_scored)
    assert result_sheets == expected_sheets


@hyp_settings(max_examples=40, **SETTINGS_FOR)
@given(export=exports(), kind=st.sampled_from(sorted(WRITERS)))
def test_every_rejected_row_has_a_reason_and_its_source_row(export, kind, tmp_path_factory):
    _, rows, blanks = export
    _, source = _written(export, kind, tmp_path_factory, "rejects")
    result = screen_file(source, SETTINGS)

    lines = _first_lines(kind, rows)
    data_rows, blank_rows = set(lines), {lines[index] for index in blanks}
    rejected = result.rejected.select("source_row", "reason")
    assert rejected.null_count().row(0) == (0, 0)
    placed = pl.concat(
        [frame.select("source_row") for frame in (result.scored, rejected, result.duplicates)]
    )["source_row"]
    assert placed.is_unique().all()
    assert set(placed.to_list()) <= data_rows - blank_rows
    assert len(placed) + result.meta.blank_rows == _stored_rows(kind, rows)
