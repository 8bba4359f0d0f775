"""Smoke test of the benchmark harness on a tiny export: every stage gets a row (no timings)."""

from __future__ import annotations

from bench.run import main
from bench.stages import PIPELINE_STAGES, STAGE_LABELS


def test_bench_prints_a_row_for_every_stage(tmp_path, capsys):
    result = main(
        ["--sizes", "60", "--repeat", "1", "--no-baseline", "--inline", "--out", str(tmp_path)]
    )
    printed = capsys.readouterr().out
    rows = [line for line in printed.splitlines() if line.startswith("| 60 xlsx |")]
    stages = [line.split(" | ")[1] for line in rows]
    expected = [STAGE_LABELS[name] for name in (*PIPELINE_STAGES, "end_to_end")]
    assert result == 0
    assert stages == expected
    assert (tmp_path / "work-60-xlsx" / "outputs" / "ranked.xlsx").is_file()
