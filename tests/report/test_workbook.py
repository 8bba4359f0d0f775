"""Tests for pipelines.report.write_workbook: open the written file, check what recruiters get."""

from __future__ import annotations

import zipfile
from datetime import date, datetime
from pathlib import Path

import polars as pl
import pytest
from openpyxl import load_workbook
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet
from pydantic import BaseModel

from pipelines.report import SHEET_WRITERS, ReportContext, write_workbook
from pipelines.settings.report import ReportConfig
from schemas.names import Level, Recommendation
from tests.report.frames import (
    ReportOnlySettings,
    report_config,
    scored_frame,
    screening_result,
)

PAYLOADS = ['=HYPERLINK("http://x","y")', "+1+1", "-2+3", "@SUM(A1)", "\t=1", "#N/A"]


class ScoringStandIn(BaseModel):
    """A scoring settings model of any shape: the About sheet renders it generically."""

    weights: dict[str, float] = {"credential": 20.0, "accuracy": 15.5}
    advance_at: int = 70
    code_sets: list[str] = ["ICD-10-CM", "CPT"]


def _scored() -> pl.DataFrame:
    """Thirty candidates; the first rows carry formula payloads and hostile text."""
    frame = scored_frame(30)
    names = frame["full_name"].to_list()
    names[: len(PAYLOADS)] = PAYLOADS
    names[len(PAYLOADS)] = "Bad\x00Name\x1f"
    explanations = frame["explanation"].to_list()
    explanations[1] = "z" * 40_000
    emails = frame["email"].to_list()
    emails[2] = "not an email"
    return frame.with_columns(
        pl.Series("full_name", names),
        pl.Series("explanation", explanations),
        pl.Series("email", emails),
        pl.Series("Referral Code", ["=1+2"] + [None] * 29, dtype=pl.String),
    )


def _write(
    tmp_path: Path,
    config: ReportConfig | None = None,
    scoring: object = None,
    scored: pl.DataFrame | None = None,
) -> Workbook:
    """Write a workbook for `scored` and open it again."""
    settings = ReportOnlySettings(report=config or report_config(), scoring=scoring)
    path = write_workbook(
        tmp_path / "out.xlsx", screening_result(_scored() if scored is None else scored), settings
    )
    assert path == tmp_path / "out.xlsx"
    return load_workbook(path)


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory) -> Workbook:
    return _write(tmp_path_factory.mktemp("book"), scoring=ScoringStandIn())


def _headers(ws: Worksheet, row: int = 1) -> dict[str, str]:
    """Header text -> column letter."""
    return {c.value: c.column_letter for c in ws[row] if c.value is not None}


def test_sheets_in_order(book: Workbook) -> None:
    names = report_config().sheets
    assert book.sheetnames == [
        names.ranked,
        names.summary,
        names.guide,
        names.rejected,
        names.duplicates,
        names.about,
    ]


def test_ranked_is_a_banded_filterable_table_with_frozen_header_and_name(book: Workbook) -> None:
    ws = book["Ranked"]
    assert list(ws.tables) == ["Ranked"]
    table = ws.tables["Ranked"]
    assert table.ref == f"A1:{ws.cell(1, ws.max_column).column_letter}31"
    assert table.autoFilter.ref == table.ref
    assert table.tableStyleInfo.showRowStripes
    assert [c.name for c in table.tableColumns] == [c.value for c in ws[1]]
    assert ws.freeze_panes == "C2"
    assert [ws["A1"].value, ws["B1"].value, ws["C1"].value] == [
        "Rank",
        "Candidate",
        "Recommendation",
    ]
    assert ws.column_dimensions["B"].width == 22
    assert "Resume (start)" in _headers(ws) and "resume_text" not in _headers(ws)


def test_numbers_and_dates_are_typed_with_formats(book: Workbook) -> None:
    ws = book["Ranked"]
    col = _headers(ws)
    score = ws[f"{col['Score']}2"]
    assert score.data_type == "n" and score.value == 100.0 and score.number_format == "0.0"
    accuracy = ws[f"{col['Accuracy']}2"]
    assert accuracy.number_format == '0.0"%"' and accuracy.data_type == "n"
    applied = ws[f"{col['Applied']}2"]
    assert isinstance(applied.value, datetime) and applied.number_format == "yyyy-mm-dd"
    assert ws[f"{col['Rank']}2"].value == 1
    assert ws[f"{col['Why this score']}3"].alignment.wrap_text


def test_conditional_formats_cover_score_level_recommendation_and_flags(book: Workbook) -> None:
    ws = book["Ranked"]
    col = _headers(ws)
    rules = {str(cf.sqref): [r.type for r in cf.rules] for cf in ws.conditional_formatting}
    assert rules[f"{col['Score']}2:{col['Score']}31"] == ["dataBar"]
    assert rules[f"{col['Level']}2:{col['Level']}31"] == ["cellIs"] * 4
    assert rules[f"{col['Recommendation']}2:{col['Recommendation']}31"] == ["cellIs"] * 3
    assert rules[f"{col['Red flags']}2:{col['Red flags']}31"] == ["expression"]
    for header in ("No cert", "Low accuracy"):  # "Ask: ..." (not stated) first, then raised
        assert rules[f"{col[header]}2:{col[header]}31"] == ["expression", "expression"]
        ask, raised = next(
            cf.rules for cf in ws.conditional_formatting if str(cf.sqref).startswith(col[header])
        )
        assert ask.stopIfTrue and '"Ask:"' in ask.formula[0] and ask.dxf.font.i
        assert raised.formula == [f"LEN({col[header]}2)>0"]


def test_decision_dropdown_and_empty_recruiter_columns(book: Workbook) -> None:
    ws = book["Ranked"]
    col = _headers(ws)
    (validation,) = ws.data_validations.dataValidation
    assert validation.type == "list"
    assert validation.formula1 == '"Advance,Phone screen,Reject,On hold"'
    assert str(validation.sqref) == f"{col['Decision']}2:{col['Decision']}31"
    for header in ("Decision", "Notes", "Interviewer"):
        assert all(ws[f"{col[header]}{r}"].value is None for r in range(2, 32))


def test_email_is_a_mailto_link_only_when_it_looks_like_one(book: Workbook) -> None:
    ws = book["Ranked"]
    col = _headers(ws)["Email"]
    good = ws[f"{col}2"]
    assert good.hyperlink.target == f"mailto:{good.value}"
    bad = ws[f"{col}4"]
    assert bad.value == "not an email" and bad.hyperlink is None


def test_no_cell_built_from_candidate_data_is_a_formula(book: Workbook) -> None:
    for ws in book.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (ws.title, cell.coordinate)
    ws = book["Ranked"]
    names = [ws[f"B{r}"] for r in range(2, 2 + len(PAYLOADS))]
    assert [c.value for c in names] == PAYLOADS
    assert all(c.data_type == "s" and c.quotePrefix for c in names)
    assert not ws["B9"].quotePrefix  # ordinary names get no prefix
    carried = ws[f"{_headers(ws)['Referral Code']}2"]
    assert carried.value == "=1+2" and carried.data_type == "s"
    rejected = book["Rejected rows"]
    assert "=1+1" in [c.value for c in rejected[4]]


def test_control_characters_are_stripped_and_long_text_cut(book: Workbook) -> None:
    ws = book["Ranked"]
    config = report_config()
    assert ws[f"B{2 + len(PAYLOADS)}"].value == "BadName"
    long = ws[f"{_headers(ws)['Why this score']}3"].value
    assert len(long) == config.limits.max_cell_chars
    assert long.endswith(config.text.truncation_marker)


def test_print_setup_on_every_sheet(book: Workbook) -> None:
    for ws in book.worksheets:
        assert ws.page_setup.orientation == "landscape", ws.title
        assert ws.page_setup.fitToWidth == 1 and ws.page_setup.fitToHeight == 0
        assert ws.sheet_properties.pageSetUpPr.fitToPage
        assert ws.print_title_rows is not None
        assert "&P" in ws.oddFooter.center.text
    assert book["Ranked"].print_title_rows == "$1:$1"
    assert book["Interview guide"].print_title_rows == "$4:$4"


def test_summary_counts_accounting_top_and_charts(book: Workbook, tmp_path: Path) -> None:
    ws = book["Summary"]
    values = {r[0]: r[1] for r in ws.iter_rows(values_only=True) if r[0] is not None}
    assert values["Rows read"] == 30 + 3 + 2 + 2
    assert values["Accounted for"] == values["Rows read"]
    assert [values[k] for k in ("Ranked", "Rejected", "Duplicates", "Blank rows")] == [30, 3, 2, 2]
    assert values[Level.SENIOR] == 5 and values[Level.UNKNOWN] == 5
    assert (
        values[Recommendation.ADVANCE] + values[Recommendation.REVIEW] + values[Recommendation.HOLD]
        == 30
    )
    assert values["90-100"] == _scored().filter(pl.col("score") >= 90).height
    rows = list(ws.iter_rows(values_only=True))
    top = next(i for i, r in enumerate(rows) if r[0] == "Candidate")
    assert [r[1] for r in rows[top + 1 : top + 11]] == list(range(1, 11))


def test_summary_has_two_charts(tmp_path: Path) -> None:
    _write(tmp_path)
    with zipfile.ZipFile(tmp_path / "out.xlsx") as archive:
        names = archive.namelist()
    assert len([n for n in names if n.startswith("xl/charts/chart")]) == 2
    assert not [n for n in names if "vbaProject" in n or "externalLink" in n]


def test_interview_guide_holds_the_seed_questions(book: Workbook) -> None:
    ws = book["Interview guide"]
    config = report_config()
    rows = list(ws.iter_rows(values_only=True))
    questions = [r[2] for r in rows[4:10]]
    assert questions == [q.question for q in config.guide.questions]
    assert ws.tables["InterviewGuide"].ref == "A4:D10"
    probes = [r[3] for r in rows if r[2] in {f.label for f in config.flags.values()}]
    assert probes == list(config.guide.probes.values())


def test_rejected_and_duplicates_are_tables_sorted_by_row(book: Workbook) -> None:
    rejected = book["Rejected rows"]
    assert [c.value for c in rejected[1]][:3] == ["Row in export", "Why rejected", "Input file"]
    assert [rejected[f"A{r}"].value for r in (2, 3, 4)] == [12, 40, None]
    duplicates = book["Duplicates"]
    assert [c.value for c in duplicates[1]][:3] == ["Row in export", "Kept row", "Matched on"]
    assert duplicates.tables["Duplicates"].ref.startswith("A1:")


def test_about_renders_scoring_settings_glossary_and_run_facts(book: Workbook) -> None:
    rows = {r[0]: r[1] for r in book["About"].iter_rows(values_only=True) if r[0]}
    assert rows["weights.credential"] == 20 and rows["weights.accuracy"] == 15.5
    assert rows["code_sets"] == "ICD-10-CM, CPT"
    assert rows["Input file SHA-256"] == "ab" * 32
    assert rows["scoring.toml"] == "ef" * 32
    assert rows["Candidate"] == "Candidate's name as given in the export."
    assert rows["Rows read"] == 37


def test_about_says_when_scoring_settings_are_missing(tmp_path: Path) -> None:
    book = _write(tmp_path, scoring=None)
    texts = [r[0] for r in book["About"].iter_rows(values_only=True)]
    assert report_config().about.config_missing in texts


def test_row_cap_writes_the_top_rows_and_a_note(tmp_path: Path) -> None:
    config = report_config(max_rows_per_sheet=10)
    book = _write(tmp_path, config=config)
    ws = book["Ranked"]
    assert ws.max_row == 10
    assert ws.tables["Ranked"].ref.endswith("8")
    assert [ws[f"A{r}"].value for r in range(2, 9)] == list(range(1, 8))
    assert ws["A9"].value is None
    assert ws["A10"].value.startswith("23 lower-ranked rows are not shown")
    assert "Parquet" in ws["A10"].value
    summary = [r[0] for r in book["Summary"].iter_rows(values_only=True)]
    assert ws["A10"].value in summary
    assert all(
        sheet.max_row <= 10
        for sheet in book.worksheets
        if sheet.title in ("Ranked", "Rejected rows", "Duplicates")
    )


def test_empty_result_still_writes_every_sheet(tmp_path: Path) -> None:
    book = _write(tmp_path, scored=scored_frame(0))
    ws = book["Ranked"]
    assert ws.tables["Ranked"].ref.endswith("2")
    assert ws["A2"].value is None


def test_failed_write_leaves_no_file_and_keeps_the_old_one(tmp_path: Path) -> None:
    target = tmp_path / "out.xlsx"
    target.write_bytes(b"previous workbook")

    def broken(wb: Workbook, ctx: ReportContext) -> None:
        raise RuntimeError("disk full")

    settings = ReportOnlySettings(report=report_config())
    with pytest.raises(RuntimeError, match="disk full"):
        write_workbook(
            target, screening_result(_scored()), settings, writers=(*SHEET_WRITERS[:2], broken)
        )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.xlsx"]
    assert target.read_bytes() == b"previous workbook"


def test_failed_first_write_leaves_nothing(tmp_path: Path) -> None:
    def broken(wb: Workbook, ctx: ReportContext) -> None:
        wb.create_sheet("half")
        raise KeyboardInterrupt  # even an interrupt mid-write leaves no partial file

    settings = ReportOnlySettings(report=report_config())
    with pytest.raises(KeyboardInterrupt):
        write_workbook(
            tmp_path / "out.xlsx",
            screening_result(_scored()),
            settings,
            writers=(SHEET_WRITERS[0], broken),
        )
    assert list(tmp_path.iterdir()) == []


def test_text_dates_and_booleans_round_trip(tmp_path: Path) -> None:
    scored = scored_frame(4).with_columns(
        pl.Series("email", ["=evil@example.com", None, "a@b.co", "x" * 250 + "@example.com"]),
        pl.Series(
            "Comment",
            ['a & <b> "q"', "  lead and trail  ", "cr\rin\tmiddle\nline", "emoji \U0001f600 ü"],
        ),
        pl.Series("Start date", [date(2024, 1, 2), None, date(1900, 3, 1), date(2024, 2, 29)]),
        pl.Series("Remote", [True, False, None, True]),
        pl.Series("Seen at", [datetime(2024, 3, 1, 18, 30), None, None, datetime(2001, 1, 1)]),
    )
    ws = _write(tmp_path, scored=scored)["Ranked"]
    col = _headers(ws)
    comments = [ws[f"{col['Comment']}{r}"] for r in range(2, 6)]
    assert [c.value for c in comments] == scored["Comment"].to_list()
    assert all(c.data_type == "s" and not c.quotePrefix for c in comments)
    starts = [ws[f"{col['Start date']}{r}"].value for r in range(2, 6)]
    assert starts == [datetime(2024, 1, 2), None, datetime(1900, 3, 1), datetime(2024, 2, 29)]
    assert ws[f"{col['Start date']}2"].number_format == "yyyy-mm-dd"
    seen = ws[f"{col['Seen at']}2"]
    assert seen.value == datetime(2024, 3, 1, 18, 30) and seen.number_format == "yyyy-mm-dd hh:mm"
    remote = [ws[f"{col['Remote']}{r}"].value for r in range(2, 6)]
    assert remote == ["Yes", None, None, "Yes"]
    emails = [ws[f"{col['Email']}{r}"] for r in range(2, 6)]
    assert emails[0].value == "=evil@example.com" and emails[0].quotePrefix
    assert emails[0].data_type == "s" and emails[0].hyperlink.target == "mailto:=evil@example.com"
    assert emails[1].value is None and emails[1].hyperlink is None
    assert emails[2].hyperlink.target == "mailto:a@b.co" and not emails[2].quotePrefix
    assert emails[3].hyperlink is None  # over Excel's link length: plain text
    assert emails[3].font.u is None and emails[2].font.u == "single"


def test_about_shows_how_often_each_rule_fired(book: Workbook) -> None:
    scored = _scored()
    pairs = {
        row[0]: row[1]
        for row in book["About"].iter_rows(values_only=True)
        if row and isinstance(row[0], str) and row[0].startswith(("ind_", "flag_"))
    }

    result = {name: pairs[name] for name in ("ind_code_sets", "flag_no_hipaa")}

    expected = {
        "ind_code_sets": int(scored["ind_code_sets"].sum()),
        "flag_no_hipaa": int(scored["flag_no_hipaa"].sum()),
    }
    assert result == expected
