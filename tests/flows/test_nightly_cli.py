"""`coder-screen nightly` runs the flow once, reports each input and exits with how it went."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from pipelines.cli import app
from tests.ops.exports import ANA, BO, drop, export_text

pytestmark = pytest.mark.flow


def test_nightly_command_reports_each_input_and_exits_2_on_a_refused_file(
    prefect_harness, tmp_path
):
    drop(tmp_path / "in", "good.csv", export_text(ANA, BO))
    drop(tmp_path / "in", "bad.xlsx", b"not a workbook")
    options = [
        f"--{name}={tmp_path / folder}"
        for name, folder in (
            ("inbox", "in"),
            ("outbox", "out"),
            ("archive", "arc"),
            ("failed", "bad"),
            ("state", "st"),
        )
    ]

    result = CliRunner().invoke(app, ["nightly", *options])

    assert result.exit_code == 2, result.output
    lines = result.output.splitlines()
    assert any(
        line.startswith("good.csv: scored: 2 candidates (2 new, 0 returning)") for line in lines
    )
    assert any(line.startswith("bad.xlsx: failed: ") for line in lines)
    assert len(list((tmp_path / "out").glob("*/good-ranked.xlsx"))) == 1
    assert len(list((tmp_path / "bad").glob("*/bad.xlsx.error.txt"))) == 1


def test_nightly_and_serve_explain_their_options():
    runner = CliRunner()

    nightly = runner.invoke(app, ["nightly", "--help"])
    serve = runner.invoke(app, ["serve", "--help"])

    for option in ("--inbox", "--outbox", "--archive", "--failed", "--state", "--env", "--config"):
        assert option in nightly.output
    assert serve.exit_code == 0 and "--env" in serve.output
