"""Exports large enough to reach validation in several chunks, with mixed and dirty numbers.

polars 2.1.0 panics when `pl.format` meets a String column a filter left with an empty chunk
(docs/upstream/polars-binview-chunk-panic.py); the CSV fast path reads thousands of rows in
several chunks, so a few unreadable values spread thinly over them used to crash the run.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl
from hypothesis import HealthCheck, Phase, given
from hypothesis import settings as hyp_settings
from hypothesis import strategies as st
from openpyxl import Workbook

from pipelines.screening.stages import screen_file
from pipelines.settings import load_settings
from pipelines.synthetic.generator import generate_candidates
from pipelines.synthetic.layouts import number_text, plain
from tests.conftest import REPO

SETTINGS = load_settings(REPO / "config")
ACCURACY = "Coding Accuracy"
YEARS = "Years of Experience"
# How recruiters type a readable accuracy of 97 ("" = left blank).
ACCURACY_FORMATS = ["97%", "97 %", "97", "0.97", ""]
DIRTY = ["N/A", "n/a", "abc", "-3 years", "#N/A", "Total: 4", "140%", "x" * 40, "None"]
DIRTY_YEARS = ["abc", "-3 years", "7+ years", "N/A", "2-3 years", "18 months", ""]
# Share of rows holding a dirty value: rare ones leave chunks with nothing to report in them.
DIRTY_RATES = [0.0005, 0.002, 0.01, 0.05, 0.3]
BLANK_RATE = 0.01
BUDGET = {
    "deadline": None,
    "phases": [Phase.explicit, Phase.reuse, Phase.generate],
    "suppress_health_check": [HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
}


def _uniform(rows: int, seed: int) -> pl.Series:
    """A reproducible number in [0, 1) per row."""
    return pl.int_range(0, rows, eager=True).hash(seed) % 1_000_000 / 1_000_000


def _pick(values: list[str], u: pl.Series) -> pl.Series:
    """One of `values` per row, chosen by `u`."""
    return pl.Series(values, dtype=pl.String).gather((u * len(values)).cast(pl.Int64))


def _accuracy(candidates: pl.DataFrame, formats: list[str], u: pl.Series) -> pl.Series:
    """The generated accuracy as text in one of `formats` per row."""
    percent = number_text("accuracy")
    texts = {
        "97%": pl.format("{}%", percent),
        "97 %": pl.format("{} %", percent),
        "97": percent,
        "0.97": (pl.col("accuracy") / 100).round(4).cast(pl.String),
        "": pl.lit(None, dtype=pl.String),
    }
    choice = (pl.lit(u) * len(formats)).cast(pl.Int64)
    text = texts[formats[0]]
    for index, fmt in enumerate(formats[1:], start=1):
        text = pl.when(choice == index).then(texts[fmt]).otherwise(text)
    return candidates.with_columns(text.alias(ACCURACY)).get_column(ACCURACY)


@st.composite
def exports(draw) -> pl.DataFrame:
    """A plain-layout export of 2,000-6,000 rows, every value text, some dirty, a few blank."""
    rows = draw(st.integers(2_000, 6_000))
    seed = draw(st.integers(0, 2**16))
    formats = draw(st.lists(st.sampled_from(ACCURACY_FORMATS), min_size=1, max_size=4))
    dirty = draw(st.lists(st.sampled_from(DIRTY), min_size=1, max_size=4))
    dirty_years = draw(st.lists(st.sampled_from(DIRTY_YEARS), min_size=1, max_size=3))
    rate = draw(st.sampled_from(DIRTY_RATES))
    years_rate = draw(st.sampled_from(DIRTY_RATES))
    candidates = generate_candidates(rows, seed=seed)
    u = [_uniform(rows, seed + salt) for salt in range(5)]
    frame = plain(candidates).with_columns(_accuracy(candidates, formats, u[0]))
    frame = frame.with_columns(
        pl.when(pl.lit(u[1]) < rate)
        .then(pl.lit(_pick(dirty, u[2])))
        .otherwise(pl.col(ACCURACY))
        .alias(ACCURACY),
        pl.when(pl.lit(u[3]) < years_rate)
        .then(pl.lit(_pick(dirty_years, u[2])))
        .otherwise(pl.col(YEARS))
        .alias(YEARS),
    )
    # Blank rows, never the last one (a workbook stores no trailing empty rows).
    blank = (pl.lit(u[4]) < BLANK_RATE) & (pl.int_range(0, pl.len()) < rows - 1)
    return frame.select(pl.when(~blank).then(pl.col(name)).alias(name) for name in frame.columns)


def _csv(frame: pl.DataFrame, path: Path) -> Path:
    frame.write_csv(path)
    return path


def _xlsx(frame: pl.DataFrame, path: Path) -> Path:
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Candidates")
    sheet.append(frame.columns)
    for values in frame.iter_rows():
        sheet.append(values)
    book.save(path)
    return path


def _accounted(path: Path, rows: int) -> None:
    """Screening `path` raises nothing and places every one of its `rows` data rows once."""
    result = screen_file(path, SETTINGS)

    meta = result.meta
    placed = result.scored.height + result.rejected.height + result.duplicates.height
    assert meta.rows_read == rows
    assert meta.rows_read == placed + meta.blank_rows
    assert result.scored.height > 0


@hyp_settings(max_examples=12, **BUDGET)
@given(export=exports())
def test_large_csv_exports_are_accounted_for_exactly(export, tmp_path_factory):
    path = _csv(export, tmp_path_factory.mktemp("chunked") / "export.csv")

    _accounted(path, export.height)


@hyp_settings(max_examples=4, **BUDGET)
@given(export=exports())
def test_large_xlsx_exports_are_accounted_for_exactly(export, tmp_path_factory):
    path = _xlsx(export, tmp_path_factory.mktemp("chunked") / "export.xlsx")

    _accounted(path, export.height)


def test_the_csv_reader_hands_a_large_export_over_in_several_chunks(tmp_path):
    """The premise of the tests above: what polars reads arrives in more than one chunk."""
    path = _csv(plain(generate_candidates(5_000, seed=1)), tmp_path / "export.csv")

    result = pl.read_csv(path, infer_schema=False).get_column(ACCURACY).n_chunks()

    assert result > 1
