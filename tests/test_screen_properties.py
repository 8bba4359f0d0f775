"""Properties of a whole screening run on generated messy exports: nothing is ever lost."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import polars as pl
from hypothesis import HealthCheck, given
from hypothesis import settings as hyp_settings
from hypothesis import strategies as st

from pipelines.screening.stages import screen_file

HEADERS = [
    "Candidate Name",
    "Email Address",
    "Phone Number",
    "Years of Experience",
    "Certifications",
    "Coding Accuracy",
    "HIPAA Training",
    "Resume Text",
    "Applied On",
    "Gender",
    "Favourite Colour",
]
PAYLOADS = ['=HYPERLINK("http://x","y")', "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"]
MESSY = st.sampled_from(
    [
        "",
        " ",
        "N/A",
        "None",
        "abc",
        "-3 years",
        "7+ years",
        "18 months",
        "2-3 years",
        "140%",
        "0.96",
        "98%",
        "#N/A",
        "Total: 4",
        "CPC",
        "CPC-A in progress",
        "HIPPA",
        "2026-01-05",
        "ana@example.com",
        "ANA@example.com",
        "not-an-email",
        "(555) 010-2000",
        "José Núñez",
        *PAYLOADS,
    ]
)
# No control characters in free text: a file dense with them is refused as binary data by design.
CELL = st.one_of(
    MESSY, st.text(alphabet=st.characters(exclude_categories=("Cc", "Cs")), max_size=30)
)
ROW = st.lists(CELL, min_size=len(HEADERS), max_size=len(HEADERS))


def _write(rows: list[list[str]], path: Path) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(HEADERS)
    writer.writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")


@hyp_settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(rows=st.lists(ROW, min_size=1, max_size=25))
def test_every_row_is_ranked_rejected_duplicate_or_blank(rows, tmp_path_factory, settings):
    path = tmp_path_factory.mktemp("prop") / "export.csv"
    _write(rows, path)

    result = screen_file(path, settings)

    assert result.accounted_rows == result.meta.rows_read
    placed = pl.concat(
        [
            result.scored.select("source_row"),
            result.rejected.select("source_row"),
            result.duplicates.select("source_row"),
        ]
    ).get_column("source_row")
    assert placed.is_unique().all()
    assert result.rejected.get_column("reason").null_count() == 0
    assert (
        result.duplicates.get_column("kept_source_row")
        .is_in(result.scored.get_column("source_row").implode())
        .all()
    )
    assert "gender" not in result.scored.columns
    assert screen_file(path, settings).scored.equals(result.scored)
