"""The committed sample exports: generated candidates shaped per ATS, with hand-placed cases."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Literal

import polars as pl
from pydantic import Field

from pipelines.settings.base import StrictModel, load_model
from pipelines.synthetic import layouts
from pipelines.synthetic.csv_export import write_delimited
from pipelines.synthetic.generator import TRUTH_COLUMNS, generate_candidates

SAMPLES_PATH = Path(__file__).with_name("samples.toml")
CSV_FIRST_DATA_LINE = 2
CellValue = str | int | float | datetime


class SampleCase(StrictModel):
    """One hand-placed case: overwrite cells of a row (or blank it), and what it tests."""

    row: int = Field(ge=1)
    tests: str
    set: dict[str, CellValue] = Field(default_factory=dict)
    blank: bool = False
    truth: dict[Literal["years_experience", "accuracy", "certifications"], float | str] = Field(
        default_factory=dict
    )


class XlsxSample(StrictModel):
    """The Greenhouse-style workbook."""

    file: str
    seed: int
    rows: int = Field(gt=0)
    sheet: str
    job: str
    banners: list[str]
    footer: str
    cases: list[SampleCase]


class CsvSample(StrictModel):
    """A CSV export: encoding and delimiter as the ATS writes them."""

    file: str
    seed: int
    rows: int = Field(gt=0)
    encoding: str
    delimiter: str
    cases: list[SampleCase]


class SamplesSpec(StrictModel):
    """All committed samples."""

    greenhouse: XlsxSample
    lever: CsvSample
    bullhorn: CsvSample


def load_samples_spec(path: Path = SAMPLES_PATH) -> SamplesSpec:
    """Load and validate `samples.toml`."""
    return load_model(path, SamplesSpec)


def _apply(row: dict[str, object], case: SampleCase) -> dict[str, object]:
    """A row with one case's cells overwritten ("" means an empty cell)."""
    if case.blank:
        return dict.fromkeys(row)
    unknown = set(case.set) - set(row)
    if unknown:
        raise KeyError(f"sample case at row {case.row} sets unknown columns {sorted(unknown)}")
    return {**row, **{key: (None if value == "" else value) for key, value in case.set.items()}}


def _case_index(cases: list[SampleCase], rows: int, first_row: int) -> dict[int, SampleCase]:
    """Data-row index of each case, given the row number a person sees.

    A CSV record spans one line per newline inside it; generated text has none, so only the
    cases' own values can push later records down.
    """
    by_row = {case.row: case for case in cases}
    placed: dict[int, SampleCase] = {}
    number = first_row
    for index in range(rows):
        case = by_row.pop(number, None)
        newlines = 0
        if case is not None:
            placed[index] = case
            newlines = sum(str(value).count("\n") for value in case.set.values())
        number += 1 + newlines
    if by_row:
        raise ValueError(f"sample cases at rows {sorted(by_row)} do not start a record")
    return placed


def _truth(placed: dict[int, SampleCase], rows: int) -> pl.DataFrame:
    """Per-row pinned years/accuracy for the generator (null where not pinned)."""
    return pl.DataFrame(
        {
            name: pl.Series(
                [placed[i].truth.get(name) if i in placed else None for i in range(rows)],
                dtype=dtype,
            )
            for name, (_, dtype) in TRUTH_COLUMNS.items()
        }
    )


def _build(
    layout: Callable[[pl.DataFrame], pl.DataFrame],
    rows: int,
    seed: int,
    cases: list[SampleCase],
    first_row: int,
) -> tuple[list[str], list[dict[str, object]]]:
    """Generate, shape with `layout`, and apply the cases: header and row dicts."""
    placed = _case_index(cases, rows, first_row)
    frame = layout(generate_candidates(rows, seed=seed, truth=_truth(placed, rows)))
    return frame.columns, [
        _apply(row, placed[i]) if i in placed else row for i, row in enumerate(frame.to_dicts())
    ]


def _whole_numbers(value: object) -> object:
    """3.0 -> 3 so Excel cells hold the number a recruiter typed."""
    return int(value) if isinstance(value, float) and value.is_integer() else value


def greenhouse_rows(spec: XlsxSample) -> tuple[list[str], list[list[object]]]:
    """Header and cell values of the Greenhouse sample, cases applied."""

    def layout(candidates: pl.DataFrame) -> pl.DataFrame:
        return layouts.greenhouse(candidates).with_columns(pl.lit(spec.job).alias("Job"))

    first_row = len(spec.banners) + 2
    header, rows = _build(layout, spec.rows, spec.seed, spec.cases, first_row)
    return header, [[_whole_numbers(value) for value in row.values()] for row in rows]


def csv_rows(
    spec: CsvSample, layout: Callable[[pl.DataFrame], pl.DataFrame]
) -> tuple[list[str], list[list[str | None]]]:
    """Header and text values of a CSV sample, cases applied."""
    header, rows = _build(layout, spec.rows, spec.seed, spec.cases, CSV_FIRST_DATA_LINE)
    return header, [[None if v is None else str(v) for v in row.values()] for row in rows]


def write_samples(out_dir: Path, spec: SamplesSpec | None = None) -> list[Path]:
    """Write every sample export into `out_dir`; same spec, same bytes."""
    from pipelines.synthetic.xlsx_export import write_greenhouse_xlsx

    spec = spec if spec is not None else load_samples_spec()
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    gh = spec.greenhouse
    header, rows = greenhouse_rows(gh)
    count = sum(1 for row in rows if any(value is not None for value in row))
    written = [
        write_greenhouse_xlsx(
            out_dir / gh.file,
            header,
            rows,
            banners=gh.banners,
            footer=gh.footer.format(count=count),
            sheet_title=gh.sheet,
        )
    ]
    for sample, layout in ((spec.lever, layouts.lever), (spec.bullhorn, layouts.bullhorn)):
        header, text_rows = csv_rows(sample, layout)
        written.append(
            write_delimited(
                out_dir / sample.file, header, text_rows, sample.encoding, sample.delimiter
            )
        )
    return written
