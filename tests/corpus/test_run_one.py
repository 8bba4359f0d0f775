"""`score_one` (the flow's and the corpus runner's entry point) and the safety of what it writes."""

from __future__ import annotations

import time

import pytest

from pipelines.devtools.corpus import FileTimeout, category, corpus_files, time_limit
from pipelines.screening.score_one import score_one
from tests.corpus.hostile import PAYLOADS, hostile_xlsm, text_cells, unsafe_parts, workbook_parts


@pytest.fixture(scope="module")
def hostile_run(tmp_path_factory, settings):
    """A hostile .xlsm scored end to end; its summary and workbook path."""
    folder = tmp_path_factory.mktemp("hostile")
    source = hostile_xlsm(folder / "export.xlsm")
    summary = score_one(source, folder / "out", settings)
    return summary, folder / "out" / "export-ranked.xlsx"


def test_hostile_xlsm_is_scored_to_an_xlsx(hostile_run):
    summary, workbook = hostile_run
    assert summary.status == "scored"
    assert summary.rows_read == len(PAYLOADS) + 1
    assert summary.rows_read == (
        summary.ranked + summary.rejected + summary.duplicates + summary.blank_rows
    )
    assert summary.outputs["workbook"] == str(workbook)
    assert workbook.suffix == ".xlsx"


def test_output_has_no_macro_link_or_formula(hostile_run):
    _, workbook = hostile_run
    parts = workbook_parts(workbook)
    assert "xl/workbook.xml" in parts
    assert unsafe_parts(parts) == []


def test_formula_like_text_is_written_as_text(hostile_run):
    _, workbook = hostile_run
    cells = text_cells(workbook)
    risky = [c for c in cells if isinstance(c[2], str) and c[2].startswith(("=", "+", "-", "@"))]
    assert any(value == "=1+2" for _, _, value in risky)
    assert {data_type for _, data_type, _ in risky} == {"s"}


def test_unreadable_file_becomes_a_refusal(tmp_path, settings):
    path = tmp_path / "cv.xlsx"
    path.write_bytes(b"%PDF-1.7 not a workbook")
    result = score_one(path, tmp_path / "out", settings)
    assert (result.status, result.file) == ("refused", "cv.xlsx")
    assert result.reason.startswith("not a spreadsheet")
    assert not (tmp_path / "out").exists()


def test_error_value_rows_are_rejected_with_a_reason(tmp_path, settings):
    path = tmp_path / "errors.csv"
    path.write_text("Name,Email,Phone\nAnn Lee,ann@x.org,555 0101\n#N/A,#REF!,#N/A\n")
    result = score_one(path, tmp_path / "out", settings)
    assert (result.rows_read, result.ranked, result.rejected) == (2, 1, 1)


def test_category_is_the_leading_words():
    result = [
        category("damaged file (not valid UTF-16 text)"),
        category("password-protected: remove the password"),
        category("empty file"),
    ]
    assert result == ["damaged file", "password-protected", "empty file"]


def test_corpus_files_lists_every_file_sorted(tmp_path):
    for name in ("a.csv", "README.md", "sub/b.xlsx", "sub/SOURCES.md"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x")
    result = [path.relative_to(tmp_path).as_posix() for path in corpus_files(tmp_path)]
    assert result == ["README.md", "a.csv", "sub/SOURCES.md", "sub/b.xlsx"]


def test_time_limit_turns_a_hang_into_an_error():
    with pytest.raises(FileTimeout), time_limit(0.05):
        time.sleep(5)
