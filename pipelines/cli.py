"""`coder-screen`: score ATS exports of medical-coding applicants into ranked workbooks."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from pipelines.environment import apply_prefect_defaults
from pipelines.settings import ConfigError, Settings, load_settings

EXIT_OK = 0
EXIT_INTERNAL = 1
EXIT_INPUT = 2

app = typer.Typer(
    name="coder-screen",
    help=(
        "Screen applicants for medical-coding jobs: read an applicant-tracking-system export "
        "(CSV or Excel), score every candidate and write a ranked Excel workbook."
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

ConfigOption = Annotated[
    Path | None,
    typer.Option(
        "--config",
        help="Config directory holding scoring.toml, vocabulary.toml, columns.toml, ... "
        "[default: $CODER_SCREEN_CONFIG, else the repository's config/]",
        file_okay=False,
    ),
]


def _settings(config: Path | None) -> Settings:
    """Load config or exit 2 with the config error on one line."""
    try:
        return load_settings(config)
    except ConfigError as err:
        typer.echo(f"config error: {err}", err=True)
        raise typer.Exit(EXIT_INPUT) from None


@app.callback()
def main() -> None:
    """Screen applicants for medical-coding jobs."""


@app.command()
def score(
    inputs: Annotated[
        list[Path],
        typer.Argument(
            help="One or more exports: .csv .tsv .txt .xlsx .xlsm .xls .ods", show_default=False
        ),
    ],
    out_dir: Annotated[
        Path | None,
        typer.Option(
            "--out-dir",
            help="Where to write <stem>-ranked.xlsx and <stem>-scored.parquet "
            "[default: the folder of each input]",
            file_okay=False,
        ),
    ] = None,
    config: ConfigOption = None,
    sheet: Annotated[
        str | None,
        typer.Option(
            "--sheet",
            help="Sheet to read in Excel/ODS files [default: the first sheet with a candidate header]",
        ),
    ] = None,
) -> None:
    """Score each export with the Prefect flow `score-export` and write its ranked workbook.

    Exit status: 0 when every input was scored, 2 when an input could not be read (the
    others are still processed), 1 on an internal error.
    """
    settings = _settings(config)
    apply_prefect_defaults(settings)
    from pipelines.flows.score_export import score_export  # after the Prefect defaults are set

    from pipelines.summary import FileSummary, render_text

    status = EXIT_OK
    for path in inputs:
        target = out_dir if out_dir is not None else path.resolve().parent
        try:
            outcome = score_export(
                input_path=str(path.resolve()),
                out_dir=str(target.resolve()),
                config_dir=str(settings.config_dir),
                sheet=sheet,
            )
        except Exception as err:  # a bug, not bad input: one line, no traceback
            typer.echo(f"{path.name}: internal error ({type(err).__name__}: {err})", err=True)
            status = max(status, EXIT_INTERNAL) if status != EXIT_INPUT else status
            continue
        summary = FileSummary(**outcome)
        if summary.status == "scored":
            typer.echo(render_text(summary))
        else:
            typer.echo(render_text(summary), err=True)
            status = EXIT_INPUT
    raise typer.Exit(status)


def run() -> None:
    """Console-script entry point."""
    sys.exit(app())
