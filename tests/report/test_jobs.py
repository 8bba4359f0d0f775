"""Exports holding several jobs: a Ranked sheet per job, All jobs, Summary and About per job."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import polars as pl
import pytest
from openpyxl import Workbook, load_workbook
from polars.testing import assert_frame_equal

from pipelines.report import write_workbook
from pipelines.report.jobs import JobMode, job_layout
from pipelines.report.sheet_names import MAX_TITLE_CHARS
from pipelines.scoring.jobs import JOB_PROFILE_COLUMNS
from tests.report.frames import ReportOnlySettings, report_config, scored_frame, screening_result

JOBS = ["Inpatient Coder II", "Professional Fee Coder", "Risk Adjustment Coder"]
PROFILES = ["inpatient_facility", "professional_fee", "risk_adjustment"]
FIXED = ["Summary", "Interview guide", "Rejected rows", "Duplicates", "About"]
KNOCKOUT = "must-have missing: CCS, CIC, RHIT or RHIA (review)"


def _jobs_frame(jobs: list[str | None], per_job: int, profiles: list[str] | None = None):
    """`per_job` candidates for each job, interleaved (best first overall), ranked within their
    job; every third row has a knockout."""
    n = len(jobs) * per_job
    which = [i % len(jobs) for i in range(n)]
    frame = scored_frame(n).with_columns(
        pl.Series("job", [jobs[w] for w in which], dtype=pl.String),
        pl.Series("job_profile", [(profiles or PROFILES)[w % 3] for w in which]),
        pl.Series("knockouts", [KNOCKOUT if i % 3 == 0 else None for i in range(n)]),
        pl.Series("title_relevant", [i % 2 == 0 for i in range(n)]),
        pl.Series("credential_lapsed", [None if i % 4 else True for i in range(n)], pl.Boolean),
        pl.Series("claim_checks", [None] * n, dtype=pl.String),
        pl.Series("ats_status_rejected", [i % 5 == 0 for i in range(n)]),
        pl.Series("cross_job_applications", [None] * n, dtype=pl.String),
    )
    group = pl.col("job").fill_null("").str.to_lowercase()
    return frame.with_columns(rank=(pl.int_range(pl.len()).over(group) + 1).cast(pl.Int64))


def _jobs_table(frame: pl.DataFrame) -> pl.DataFrame:
    """What `job_profiles` returns for `frame` (one row per job)."""
    return (
        frame.group_by("job", maintain_order=True)
        .agg(pl.col("job_profile").first(), pl.len().cast(pl.Int64).alias("applications"))
        .with_columns(
            profile_label=pl.col("job_profile").str.replace_all("_", " "),
            profile_reason=pl.format("title '{}' matched a pattern", pl.col("job")),
            questions=pl.lit("S1, M2"),
        )
        .select(*JOB_PROFILE_COLUMNS)
    )


def _write(tmp_path: Path, scored: pl.DataFrame, with_jobs: bool = True, **jobs) -> Workbook:
    """The workbook of `scored`, opened again; `jobs` replaces settings of [jobs]."""
    config = report_config()
    if jobs:
        config = config.model_copy(update={"jobs": config.jobs.model_copy(update=jobs)})
    result = screening_result(scored)
    if with_jobs:
        result = replace(result, meta=replace(result.meta, jobs=_jobs_table(scored)))
    path = write_workbook(tmp_path / "out.xlsx", result, ReportOnlySettings(report=config))
    return load_workbook(path)


def _table(ws) -> pl.DataFrame:
    """A written table sheet as text (header row 1)."""
    rows = list(ws.iter_rows(values_only=True))
    header = [str(h) for h in rows[0]]
    return pl.DataFrame(
        [[None if v is None else str(v) for v in row] for row in rows[1:]],
        schema=header,
        orient="row",
    )


@pytest.fixture(scope="module")
def three(tmp_path_factory: pytest.TempPathFactory) -> tuple[pl.DataFrame, Workbook]:
    scored = _jobs_frame(JOBS, 5)
    return scored, _write(tmp_path_factory.mktemp("three"), scored)


def test_three_jobs_get_a_sheet_each_then_all_jobs(three) -> None:
    _, book = three

    assert book.sheetnames == [*JOBS, "All jobs", *FIXED]
    assert [t for ws in book.worksheets[:4] for t in ws.tables] == [
        "Ranked1",
        "Ranked2",
        "Ranked3",
        "AllJobs",
    ]


def test_a_job_sheet_holds_that_jobs_rows_with_ranks_from_one(three) -> None:
    scored, book = three

    for job in JOBS:
        table = _table(book[job])
        expected = (
            scored.filter(pl.col("job") == job)
            .sort("rank")
            .select(Rank=pl.col("rank").cast(pl.String), Candidate="full_name")
        )
        assert_frame_equal(table.select("Rank", "Candidate"), expected)
        assert table.get_column("Rank").to_list() == [str(r) for r in range(1, 6)]
        assert table.get_column("Job applied for").unique().to_list() == [job]


def test_all_jobs_leads_with_job_and_profile_sorted_by_job_then_rank(three) -> None:
    scored, book = three

    table = _table(book["All jobs"])

    assert table.columns[:4] == ["Job applied for", "Profile", "Rank", "Candidate"]
    expected = (
        scored.with_columns(order=pl.col("job").replace_strict(JOBS, list(range(3))))
        .sort("order", "rank")
        .select(
            pl.col("job").alias("Job applied for"),
            pl.col("job_profile").alias("Profile"),
            pl.col("rank").cast(pl.String).alias("Rank"),
        )
    )
    assert_frame_equal(table.select("Job applied for", "Profile", "Rank"), expected)


def test_the_new_columns_have_readable_headers(three) -> None:
    _, book = three

    header = _table(book[JOBS[0]]).columns

    for shown in (
        "Knockouts (review)",
        "Claims to check",
        "Profile",
        "Relevant title",
        "Credential lapsed",
        "ATS rejected",
        "Also applied to",
    ):
        assert shown in header
    for key in ("knockouts", "title_relevant", "job_profile", "ats_status_rejected"):
        assert key not in header


def test_knockout_rows_are_marked_on_rank_and_name(three) -> None:
    _, book = three
    ws = book[JOBS[0]]
    letters = {c.value: c.column_letter for c in ws[1]}
    knock = letters["Knockouts (review)"]

    marks = {
        str(rng.sqref): rule.formula
        for rng in ws.conditional_formatting
        for rule in rng.rules
        if rule.formula and knock in rule.formula[0] and "$" in rule.formula[0]
    }

    assert marks == {
        f"{letters['Rank']}2:{letters['Rank']}6": [f"LEN(${knock}2)>0"],
        f"{letters['Candidate']}2:{letters['Candidate']}6": [f"LEN(${knock}2)>0"],
    }
    assert ws[f"{knock}2"].value == KNOCKOUT  # still ranked, with the note


def test_summary_counts_each_job_and_shows_its_top(three) -> None:
    scored, book = three
    ws = book["Summary"]
    rows = [[c for c in row] for row in ws.iter_rows(values_only=True)]
    header_at = next(i for i, row in enumerate(rows) if row[0] == "Job")

    by_job = rows[header_at + 1 : header_at + 4]

    assert [row[0] for row in by_job] == JOBS
    assert [row[1] for row in by_job] == [5, 5, 5]
    header = list(rows[header_at])
    knocked = scored.group_by("job", maintain_order=True).agg(pl.col("knockouts").count())
    assert [row[header.index("Knockouts")] for row in by_job] == knocked["knockouts"].to_list()
    assert [row[header.index("Profile")] for row in by_job] == PROFILES
    top_at = next(i for i, row in enumerate(rows) if row[0] == "Top 5 per job")
    names = [row[0] for row in rows[top_at + 2 : top_at + 2 + 6]]
    first = scored.filter(pl.col("job") == JOBS[0]).sort("rank")["full_name"].to_list()
    assert names == [JOBS[0], *first]


def test_about_says_which_profile_each_job_got_and_why(three) -> None:
    _, book = three
    rows = [row[:2] for row in book["About"].iter_rows(values_only=True)]
    at = rows.index(("Jobs and profiles", None))

    assert rows[at + 1] == ("Job", "Profile, why, applications")
    assert rows[at + 2] == (
        JOBS[0],
        "inpatient facility (inpatient_facility): title 'Inpatient Coder II' matched a pattern. "
        "5 applications.",
    )
    assert [r[0] for r in rows[at + 2 : at + 5]] == JOBS


def test_one_job_keeps_the_single_ranked_sheet(tmp_path: Path) -> None:
    scored = _jobs_frame(["Medical Coder II"], 6)

    book = _write(tmp_path, scored)

    assert book.sheetnames == ["Ranked", *FIXED]
    assert _table(book["Ranked"]).get_column("Rank").to_list() == [str(r) for r in range(1, 7)]
    summary = [row[0] for row in book["Summary"].iter_rows(values_only=True)]
    assert "Top candidates" in summary and "By job" not in summary


def test_more_jobs_than_the_limit_write_all_jobs_only_with_a_note(tmp_path: Path) -> None:
    jobs = [f"Coder req {n}" for n in range(21)]
    scored = _jobs_frame(jobs, 2)

    book = _write(tmp_path, scored)

    assert book.sheetnames == ["All jobs", *FIXED]
    ws = book["All jobs"]
    assert ws["A1"].value.startswith(
        "21 jobs in this export: a sheet per job is written for 2 to 20"
    )
    header = [c.value for c in ws[2]]
    assert header[:3] == ["Job applied for", "Profile", "Rank"]
    assert ws.max_row == 2 + 42


def test_the_limits_come_from_config(tmp_path: Path) -> None:
    scored = _jobs_frame(JOBS, 2)

    book = _write(tmp_path, scored, per_job_max=2)

    assert book.sheetnames == ["All jobs", *FIXED]


HOSTILE = [
    '=HYPERLINK("http://evil.invalid","x")',
    "Coding Specialist - Inpatient Acute Care Facility Nights (Req 4411)",
    "Coder I/II [Remote]: Pro*Fee? \\ team",
    "Outpatient CDI coder",
    "OUTPATIENT CDI CODER ",
    "Summary",
]


def test_hostile_job_names_make_valid_unique_sheet_names(tmp_path: Path) -> None:
    scored = _jobs_frame(HOSTILE, 2)

    book = _write(tmp_path, scored, with_jobs=False)

    names = book.sheetnames
    # The two spellings of one job are one job (trimmed, case-insensitive), as scoring says.
    assert len(names) == 5 + 1 + len(FIXED)
    assert names[:5] == [
        '=HYPERLINK("http evil.invalid",',
        "Coding Specialist - Inpatient A",
        "Coder I II Remote Pro Fee team",
        "Outpatient CDI coder",
        "Summary (2)",
    ]
    assert len({n.casefold() for n in names}) == len(names)
    for name in names:
        assert len(name) <= MAX_TITLE_CHARS and not re.search(r"[\[\]:*?/\\]", name)
    for ws in book.worksheets:
        assert all(c.data_type != "f" for row in ws.iter_rows() for c in row)


def test_job_layout_modes() -> None:
    config = report_config()

    assert job_layout(scored_frame(0), config).mode == JobMode.SINGLE
    assert job_layout(scored_frame(3).drop("job"), config).mode == JobMode.SINGLE
    assert job_layout(_jobs_frame(["A job", None], 2), config).mode == JobMode.PER_JOB
    sheets = job_layout(_jobs_frame(["A job", None], 2), config, ["Summary"]).sheets
    assert [s.title for s in sheets] == ["A job", "No job given"]
