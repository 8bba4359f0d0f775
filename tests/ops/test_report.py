"""The per-run summary: a row per input, counts per outcome, notes on what was not scored."""

from __future__ import annotations

from pipelines.ops.report import ad_hoc_markdown, nightly_markdown, table_rows, tally, text
from pipelines.ops.run import RunInfo
from pipelines.screening.outcome import FileOutcome
from schemas.outcomes import AD_HOC_STATUSES, OutcomeStatus

RUN = RunInfo("run-1", "2026-01-01", "2026-01-01T07:00:00+00:00")
SCORED = FileOutcome(
    file="a.csv",
    sha256="a" * 64,
    status=OutcomeStatus.SCORED,
    ranked=3,
    by_level={"Junior": 1, "Mid": 0, "Senior": 2, "Unknown": 0},
    flags={"flag_no_hipaa": 3, "flag_no_certification": 1},
    rejected=1,
    duplicates=0,
    new=2,
    returning=1,
    outputs={"parquet": "out/a-scored.parquet", "workbook": "out/a-ranked.xlsx"},
    moved_to="archive/a.csv",
    seconds=1.5,
)
FAILED = FileOutcome(
    file="b.xlsx", sha256="b" * 64, status=OutcomeStatus.FAILED, reason="not a workbook"
)
WAITING = FileOutcome(file="c.csv", status=OutcomeStatus.WAITING, reason="still being written")
AD_HOC = FileOutcome(
    file="d.csv",
    sha256="d" * 64,
    status=OutcomeStatus.SCORED,
    ranked=2,
    flags={"flag_no_hipaa": 1},
    outputs={"workbook": "out/d-ranked.xlsx"},
)
REFUSED = FileOutcome(file="e.pdf", status=OutcomeStatus.REFUSED, reason="not a spreadsheet")


def test_one_row_per_input_with_levels_and_outputs():
    result = table_rows([SCORED, FAILED], hash_chars=8)

    assert result[0] == {
        "file": "a.csv",
        "sha256": "aaaaaaaa",
        "outcome": "scored",
        "candidates": 3,
        "junior": 1,
        "mid": 0,
        "senior": 2,
        "unknown": 0,
        "red_flags": 4,
        "rejected": 1,
        "duplicates": 0,
        "new": 2,
        "returning": 1,
        "outputs": "out/a-scored.parquet out/a-ranked.xlsx",
        "moved_to": "archive/a.csv",
        "seconds": 1.5,
        "note": "",
    }
    assert (result[1]["outcome"], result[1]["junior"], result[1]["note"]) == (
        "failed",
        0,
        "not a workbook",
    )


def test_tally_names_every_outcome():
    assert tally([SCORED, FAILED, WAITING]) == {
        "scored": 1,
        "duplicate": 0,
        "failed": 1,
        "waiting": 1,
        "error": 0,
    }


def test_markdown_lists_what_was_not_scored():
    result = nightly_markdown([SCORED, FAILED, WAITING], RUN, "out/2026-01-01", hash_chars=8)

    assert "| failed | 1 |" in result
    assert (
        "Candidates ranked: 3 (new since the previous run of their job: 2, returning: 1)" in result
    )
    assert "- `b.xlsx` (bbbbbbbb): failed, not a workbook" in result
    assert "a.csv" not in result.split("## Not scored")[1]


def test_an_empty_inbox_says_so():
    assert "nothing to do" in nightly_markdown([], RUN, "out", hash_chars=8)


def test_an_ad_hoc_summary_counts_its_own_statuses_and_keeps_no_history():
    result = ad_hoc_markdown([AD_HOC, REFUSED], "out", hash_chars=8)

    assert result.startswith("# Scored `d.csv`, `e.pdf`\n")
    assert "| scored | 1 |\n| refused | 1 |\n" in result
    assert "| waiting |" not in result
    assert "Candidates ranked: 2; red flags raised: 1." in result
    assert "- `e.pdf` (): refused, not a spreadsheet" in result
    assert tally([AD_HOC, REFUSED], AD_HOC_STATUSES) == {"scored": 1, "refused": 1}


def test_an_ad_hoc_row_leaves_the_history_columns_empty():
    (result,) = table_rows([AD_HOC], hash_chars=8)

    assert (result["new"], result["returning"], result["red_flags"]) == (None, None, 1)


def test_cli_text_has_a_line_per_input_and_totals():
    summary = {
        "status": "done",
        "run_date": "2026-01-01",
        "files": [SCORED.as_dict(), FAILED.as_dict()],
        "counts": tally([SCORED, FAILED]),
    }

    result = text(summary).splitlines()

    assert result[0] == "a.csv: scored: 3 candidates (2 new, 1 returning) -> out/a-ranked.xlsx"
    assert result[1] == "b.xlsx: failed: not a workbook"
    assert result[2].startswith("nightly run 2026-01-01: scored 1, duplicate 0, failed 1")
