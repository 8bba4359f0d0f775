"""Committed sample exports: reproducible, and holding every documented messy case."""

import csv
import io
from pathlib import Path

import openpyxl
import pytest

from pipelines.synthetic.samples import CsvSample, SampleCase, load_samples_spec, write_samples
from pipelines.synthetic.xlsx_export import excel_text

REPO = Path(__file__).resolve().parents[2]
SAMPLES = REPO / "data" / "samples"
README = REPO / "data" / "README.md"
SPEC = load_samples_spec()


@pytest.fixture(scope="module")
def regenerated(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("samples")
    write_samples(out)
    return out


def _sheet(path: Path):
    return openpyxl.load_workbook(path).active


def _records(path: Path, sample: CsvSample) -> dict[int, list[str]]:
    """CSV records keyed by the line each starts on."""
    text = path.read_bytes().decode(sample.encoding)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sample.delimiter)
    records = {}
    start = 1
    for record in reader:
        records[start] = record
        start = reader.line_num + 1
    return records


def test_csv_samples_regenerate_byte_for_byte(regenerated):
    for sample in (SPEC.lever, SPEC.bullhorn):
        result = (regenerated / sample.file).read_bytes()
        expected = (SAMPLES / sample.file).read_bytes()
        assert result == expected, sample.file


def test_xlsx_sample_regenerates_same_cells(regenerated):
    result = [[c.value for c in row] for row in _sheet(regenerated / SPEC.greenhouse.file).rows]
    expected = [[c.value for c in row] for row in _sheet(SAMPLES / SPEC.greenhouse.file).rows]
    assert result == expected


def test_xlsx_writer_is_byte_reproducible(regenerated, tmp_path):
    write_samples(tmp_path)
    name = SPEC.greenhouse.file
    assert (tmp_path / name).read_bytes() == (regenerated / name).read_bytes()


def test_greenhouse_frame_banners_header_and_totals():
    sheet = _sheet(SAMPLES / SPEC.greenhouse.file)
    rows = list(sheet.iter_rows(values_only=True))
    assert [row[0] for row in rows[:2]] == SPEC.greenhouse.banners
    header = list(rows[2])
    assert header[:10] == [
        "Candidate ID",
        "First Name",
        "Last Name",
        "Email",
        "Phone",
        "Job",
        "Applied On",
        "Source",
        "Current Company",
        "Title",
    ]
    assert {"Years of Experience", "Gender", "Race", "Veteran Status", "Disability Status"} <= set(
        header
    )
    data = rows[3:-1]
    assert len(data) == SPEC.greenhouse.rows
    filled = sum(1 for row in data if any(value is not None for value in row))
    assert rows[-1][0] == f"Total candidates: {filled}"
    assert filled == 40


def _check_xlsx_case(sheet, header: list[str], case: SampleCase) -> None:
    values = {name: sheet.cell(row=case.row, column=i + 1) for i, name in enumerate(header)}
    if case.blank:
        assert all(cell.value is None for cell in values.values()), case.row
    for name, value in case.set.items():
        cell = values[name]
        if value == "":
            assert cell.value is None, (case.row, name)
        elif isinstance(value, str):
            assert cell.value == excel_text(value), (case.row, name)
            assert cell.data_type == "s", (case.row, name)
        else:
            assert cell.value == value, (case.row, name)
            assert type(cell.value) is type(value), (case.row, name)


def test_greenhouse_holds_every_case():
    sheet = _sheet(SAMPLES / SPEC.greenhouse.file)
    header = [cell.value for cell in sheet[len(SPEC.greenhouse.banners) + 1]]
    for case in SPEC.greenhouse.cases:
        _check_xlsx_case(sheet, header, case)


def test_greenhouse_specific_cells():
    sheet = _sheet(SAMPLES / SPEC.greenhouse.file)
    assert sheet["K4"].value == 3 and sheet["K5"].value == 3.5
    assert sheet["M19"].value == 0.96
    assert "_x000B_" in sheet["P38"].value
    assert sheet["A15"].value == sheet["A39"].value
    assert sheet["D40"].value.lower() == sheet["D33"].value.lower()
    assert sheet["G40"].value > sheet["G33"].value
    assert sheet["I34"].value == '=HYPERLINK("http://evil.example","click")'
    assert sheet["I34"].data_type == "s"
    answers = [sheet.cell(row=r, column=17).value for r in range(4, 45)]
    assert "Decline to self-identify" in answers
    assert answers.count(None) >= 2


@pytest.mark.parametrize("sample", [SPEC.lever, SPEC.bullhorn], ids=lambda s: s.file)
def test_csv_holds_every_case(sample):
    records = _records(SAMPLES / sample.file, sample)
    header = records.pop(1)
    assert len(records) == sample.rows
    for case in sample.cases:
        record = dict(zip(header, records[case.row], strict=True))
        if case.blank:
            assert set(record.values()) == {""}, case.row
        for name, value in case.set.items():
            assert record[name] == value, (case.row, name)


def test_csv_encodings_and_delimiters():
    lever = (SAMPLES / SPEC.lever.file).read_bytes()
    with pytest.raises(UnicodeDecodeError):
        lever.decode("utf-8")
    assert "José Núñez".encode("cp1252") in lever
    assert lever.split(b"\r\n", 1)[0].count(b";") == 12
    bullhorn = (SAMPLES / SPEC.bullhorn.file).read_bytes()
    assert bullhorn.startswith(b"\xef\xbb\xbffirstName,lastName,email,mobile")
    assert "Zoë".encode() in bullhorn


def test_lever_multiline_record_spans_three_lines():
    records = _records(SAMPLES / SPEC.lever.file, SPEC.lever)
    assert records[25][6].count("\n") == 2
    assert 26 not in records and 27 not in records
    assert records[28][12] == "50+"


def test_at_least_sixty_candidates():
    total = SPEC.greenhouse.rows + SPEC.lever.rows + SPEC.bullhorn.rows
    assert total >= 60


def test_readme_documents_every_case():
    text = README.read_text(encoding="utf-8")
    for sample in (SPEC.greenhouse, SPEC.lever, SPEC.bullhorn):
        section = text.split(f"\n## `{sample.file}`", 1)[1].split("\n## ", 1)[0]
        for case in sample.cases:
            assert f"\n| {case.row} |" in section, (sample.file, case.row)
