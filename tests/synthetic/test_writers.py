"""Benchmark writers and the bulk CLI: headers, row counts, text kept as text."""

import openpyxl
import polars as pl
from polars.testing import assert_frame_equal

from pipelines.synthetic.__main__ import main
from pipelines.synthetic.csv_export import write_csv
from pipelines.synthetic.generator import generate_candidates
from pipelines.synthetic.layouts import plain
from pipelines.synthetic.xlsx_export import excel_text, write_xlsx

HEADERS = [
    "Candidate ID",
    "Name",
    "Email Address",
    "Phone Number",
    "Current Title",
    "Current Company",
    "Applied On",
    "Source",
    "Years of Experience",
    "Certifications",
    "Coding Accuracy",
    "Charts per Day",
    "HIPAA Training",
    "Specialties",
    "Skills",
    "Education",
    "Resume Text",
]


def test_write_csv_round_trips(tmp_path):
    candidates = generate_candidates(40, seed=3)
    path = write_csv(candidates, tmp_path / "bulk.csv")
    result = pl.read_csv(path, infer_schema=False)
    expected = plain(candidates)
    assert result.columns == HEADERS
    assert_frame_equal(result, expected)


def test_write_xlsx_keeps_formula_like_text_as_text(tmp_path):
    candidates = generate_candidates(5, seed=3).with_columns(
        pl.when(pl.int_range(pl.len()) == 0)
        .then(pl.lit('=HYPERLINK("http://evil.example","x")'))
        .otherwise(pl.col("current_company"))
        .alias("current_company"),
        pl.when(pl.int_range(pl.len()) == 1)
        .then(pl.lit("a\x0bb"))
        .otherwise(pl.col("resume_text"))
        .alias("resume_text"),
    )
    path = write_xlsx(candidates, tmp_path / "bulk.xlsx")
    sheet = openpyxl.load_workbook(path).active
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == HEADERS
    assert len(rows) == 6
    company = sheet.cell(row=2, column=HEADERS.index("Current Company") + 1)
    assert company.data_type == "s"
    assert company.value.startswith("=HYPERLINK")
    assert rows[2][HEADERS.index("Resume Text")] == "a_x000B_b"
    nulls = candidates["certifications"].is_null().to_list()
    certs = [row[HEADERS.index("Certifications")] is None for row in rows[1:]]
    assert certs == nulls


def test_excel_text_escapes_control_characters_only():
    assert excel_text("a\x0bb\x01") == "a_x000B_b_x0001_"
    assert excel_text("tab\tand\nnewline") == "tab\tand\nnewline"


def test_bulk_cli_writes_requested_rows(tmp_path, capsys):
    out = tmp_path / "nested" / "bulk.csv"
    assert main(["bulk", "--rows", "120", "--format", "csv", "--out", str(out), "--seed", "9"]) == 0
    result = pl.read_csv(out, infer_schema=False)
    assert result.height == 120
    assert result["Name"].null_count() == 0
    assert "@" not in capsys.readouterr().out


def test_bulk_cli_xlsx(tmp_path):
    out = tmp_path / "bulk.xlsx"
    assert main(["bulk", "--rows", "30", "--format", "xlsx", "--out", str(out)]) == 0
    sheet = openpyxl.load_workbook(out, read_only=True).active
    assert sum(1 for _ in sheet.iter_rows()) == 31
