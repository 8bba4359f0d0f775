"""`coder-screen`: score ATS exports of medical-coding applicants into ranked workbooks."""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer

from pipelines.environment import apply_prefect_defaults
from pipelines.settings import ConfigError, Settings, load_settings

EXIT_OK = 0
EXIT_INTERNAL = 1
EXIT_INPUT = 2
STDERR_FD = 2
PASSED_THROUGH = (KeyboardInterrupt, SystemExit, GeneratorExit)

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


def _use_prefect(settings: Settings) -> None:
    """Prefect defaults, then the API this run talks to; one line when that is worth saying."""
    apply_prefect_defaults(settings)
    from pipelines.prefect_server import choose_api

    choice = choose_api(settings.runtime.server)
    if choice.message:
        typer.echo(choice.message, err=True)


def _settings(config: Path | None) -> Settings:
    """Load config or exit 2 with the config error on one line."""
    try:
        return load_settings(config)
    except ConfigError as err:
        typer.echo(f"config error: {err}", err=True)
        raise typer.Exit(EXIT_INPUT) from None


@contextmanager
def _stderr_held_back() -> Iterator[None]:
    """Hold back what reaches stderr (fd 2, where Rust prints panics and backtraces); pass it on
    only when the block succeeds, so a failed file leaves just the line the caller prints."""
    sys.stderr.flush()
    saved = os.dup(STDERR_FD)
    with tempfile.TemporaryFile() as held:
        os.dup2(held.fileno(), STDERR_FD)
        try:
            yield
        finally:
            sys.stderr.flush()
            os.dup2(saved, STDERR_FD)
            os.close(saved)
        held.seek(0)
        os.write(STDERR_FD, held.read())


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
            help="Sheet to read in Excel/ODS files "
            "[default: the first sheet with a candidate header]",
        ),
    ] = None,
    quiet: Annotated[
        bool,
        typer.Option("--quiet", "-q", help="No stage progress on the terminal"),
    ] = False,
    resumes: Annotated[
        Path | None,
        typer.Option(
            "--resumes",
            help="Resume documents (PDF, DOCX, TXT, RTF, MD) for ONE export: a folder or a .zip "
            "[default: <stem>-resumes.zip or <stem>-resumes/ beside the export, if there]",
            exists=True,
        ),
    ] = None,
    answers: Annotated[
        Path | None,
        typer.Option(
            "--answers",
            help="Long answers file for ONE export: one row per application and question "
            "(application id, question, answer), read like question columns",
            exists=True,
            dir_okay=False,
        ),
    ] = None,
    profile: Annotated[
        str | None,
        typer.Option(
            "--profile",
            help="Job profile of config/profiles.toml to rank every job under (a job pinned "
            "there keeps its own) [default: from the job title]",
        ),
    ] = None,
    previous: Annotated[
        list[Path] | None,
        typer.Option(
            "--previous",
            help="An earlier ranked workbook (repeat for several): its Decision, Interviewer "
            "and Notes are carried to the same candidates; the newest wins a conflict",
            dir_okay=False,
        ),
    ] = None,
) -> None:
    """Score each export with the Prefect flow `score-export` and write its ranked workbook.

    Exit status: 0 when every input was scored, 2 when an input could not be read, 1 when an
    input hit an internal error (a bug, a polars panic included); the others are still
    processed either way, and each failed input gets one line on stderr.
    """
    settings = _settings(config)
    _check_profile(settings, profile)
    if (resumes or answers) and len(inputs) > 1:
        typer.echo("--resumes and --answers belong to one export: give one input", err=True)
        raise typer.Exit(EXIT_INPUT)
    _use_prefect(settings)
    statuses = {EXIT_OK}
    extra = {"resumes": resumes, "answers": answers, "profile": profile, "previous": previous}
    for path in inputs:
        statuses.add(_score_input(path, out_dir, settings, sheet, quiet, **extra))
    # An internal error outweighs an unreadable input: it is a bug to report.
    raise typer.Exit(EXIT_INTERNAL if EXIT_INTERNAL in statuses else max(statuses))


def _check_profile(settings: Settings, profile: str | None) -> None:
    """Exit 2 with one line naming the known profiles when `profile` is not one of them."""
    if profile is None:
        return
    try:
        settings.profiles.profile(profile)
    except ValueError as err:
        typer.echo(f"--profile: {err}", err=True)
        raise typer.Exit(EXIT_INPUT) from None


@contextmanager
def _terminal_progress(settings: Settings, quiet: bool, at_once: bool = False) -> Iterator[None]:
    """Stage progress on the terminal for the block, unless quiet or stderr is not a terminal.

    The spinner writes to its own copy of the terminal's stderr, so the per-file hold-back of
    fd 2 (`_stderr_held_back`) does not swallow it.
    """
    from pipelines import progress

    if quiet or not sys.stderr.isatty():
        yield
        return
    limits = settings.runtime.progress
    with os.fdopen(os.dup(STDERR_FD), "w", buffering=1) as terminal:
        reporter = progress.TerminalProgress(
            terminal, limits.after_seconds, limits.many_rows, at_once
        )
        progress.set_reporter(reporter)
        try:
            yield
        finally:
            progress.set_reporter(None)
            reporter.close()


@contextmanager
def _heartbeats(settings: Settings) -> Iterator[None]:
    """Prefect's flow-run heartbeats off for a foreground run unless runtime.toml keeps them."""
    if settings.runtime.server.ad_hoc_heartbeats:
        yield
        return
    from prefect.settings import PREFECT_FLOWS_HEARTBEAT_FREQUENCY, temporary_settings

    with temporary_settings(updates={PREFECT_FLOWS_HEARTBEAT_FREQUENCY: None}):
        yield


def _score_input(
    path: Path,
    out_dir: Path | None,
    settings: Settings,
    sheet: str | None,
    quiet: bool,
    resumes: Path | None = None,
    answers: Path | None = None,
    profile: str | None = None,
    previous: list[Path] | None = None,
) -> int:
    """Score one input through the flow (progress shown while it runs, at once when resumes
    are read) and print its lines; its exit status."""
    from pipelines.documents.attach import bundle_for
    from pipelines.flows.score_export import score_export  # after the Prefect defaults are set
    from pipelines.flows.tasks import UnexpectedFailure
    from pipelines.screening.outcome import FileOutcome, render_text

    target = out_dir if out_dir is not None else path.resolve().parent
    documents = resumes or bundle_for(path, settings.documents)
    try:
        with (
            _terminal_progress(settings, quiet, documents is not None),
            _stderr_held_back(),
            _heartbeats(settings),
        ):
            outcome = score_export(
                input_path=str(path.resolve()),
                out_dir=str(target.resolve()),
                config_dir=str(settings.config_dir),
                sheet=sheet,
                resumes=str(resumes.resolve()) if resumes else None,
                answers=str(answers.resolve()) if answers else None,
                profile=profile,
                **({"previous": [str(p.resolve()) for p in previous]} if previous else {}),
            )
    except PASSED_THROUGH:
        raise
    except BaseException as err:  # a bug (a polars panic too), not bad input: one line
        wrapped = isinstance(err, UnexpectedFailure)  # its text names the panic already
        failure = str(err) if wrapped else f"{type(err).__name__}: {err}"
        typer.echo(f"{path.name}: internal error ({failure})", err=True)
        return EXIT_INTERNAL
    summary = FileOutcome.from_dict(outcome)
    if summary.status == "scored":
        typer.echo(render_text(summary))
        return EXIT_OK
    typer.echo(render_text(summary), err=True)
    return EXIT_INPUT


@app.command()
def audit(
    out_dirs: Annotated[
        list[Path],
        typer.Argument(
            help="Output folders of past runs; every *-run.json below them is read",
            show_default=False,
            exists=True,
            file_okay=False,
        ),
    ],
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            help="Workbook to write (default: audit_workbook of config/fairness.toml, "
            "bias-audit.xlsx, in the current folder)",
            dir_okay=False,
        ),
    ] = None,
    config: ConfigOption = None,
) -> None:
    """Pool the run records and fairness audits of many runs into one bias-audit workbook.

    Counts are summed per group across runs and impact ratios recomputed on the pooled counts;
    a Runs sheet lists every run found. Exit status: 0 when written, 2 when no run was found.
    """
    settings = _settings(config)
    from pipelines.fairness.pooled import write_pooled_workbook

    target = out if out is not None else Path(settings.fairness.audit_workbook)
    pooled = write_pooled_workbook(list(out_dirs), target, settings)
    for problem in pooled.problems:
        typer.echo(problem, err=True)
    if not pooled.runs:
        typer.echo("no run records (*-run.json) found", err=True)
        raise typer.Exit(EXIT_INPUT)
    typer.echo(f"{len(pooled.runs)} runs pooled into {pooled.workbook}")


@app.command()
def columns(
    export: Annotated[
        Path,
        typer.Argument(help="An export (.csv .xlsx ...)", exists=True, dir_okay=False),
    ],
    config: ConfigOption = None,
    sheet: Annotated[str | None, typer.Option("--sheet", help="Sheet to read")] = None,
) -> None:
    """Print how each column of EXPORT would be read (nothing is scored), with the lines to
    paste into config/columns.toml to change it.

    Exit status: 0 when read, 2 when the export cannot be read.
    """
    from pipelines.ingest.errors import IngestError
    from pipelines.ingest.questions import mapping_frame, mapping_report
    from pipelines.screening.stages import ingest

    settings = _settings(config)
    try:
        ingested = ingest(export, settings, sheet)
    except IngestError as err:
        typer.echo(str(err), err=True)
        raise typer.Exit(EXIT_INPUT) from None
    mapping = mapping_frame(ingested.header_mapping)
    typer.echo("\n".join(mapping_report(mapping, settings.columns)))


@app.command()
def decisions(
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            help="File to write: .csv, else a workbook (default: export_file of "
            "config/carry.toml, decisions.xlsx, in the current folder)",
            dir_okay=False,
        ),
    ] = None,
    state: Annotated[
        Path | None,
        typer.Option("--state", help="State directory holding the log", file_okay=False),
    ] = None,
    env: Annotated[
        str | None, typer.Option("--env", help="Environment whose state directory to use")
    ] = None,
    config: ConfigOption = None,
) -> None:
    """Export the decisions log: every recruiter decision seen in a workbook (no notes, no
    names: candidates by key digest). Exit status: 0 when written."""
    settings = _settings(config)
    from pipelines import environment as environments
    from pipelines.carry.decisions_log import export_decisions, read_log

    try:
        folder = state or environments.resolve(environments.environment(settings, env).state_dir)
    except ValueError as err:
        typer.echo(f"decisions: {err}", err=True)
        raise typer.Exit(EXIT_INPUT) from None
    log = folder / settings.carry.decisions.log_file
    target = out if out is not None else Path(settings.carry.decisions.export_file)
    export_decisions(log, target, settings.report)
    typer.echo(f"{read_log(log).height} decisions written to {target}")


EnvOption = Annotated[
    str | None,
    typer.Option(
        "--env",
        help="Environment of config/runtime.toml whose directories to use "
        "(default: $CODER_SCREEN_ENV, else the nightly environment)",
    ),
]


def _dir_option(flag: str, text: str) -> typer.models.OptionInfo:
    """A directory option overriding one folder of the environment."""
    return typer.Option(flag, help=f"{text} (default: from config/runtime.toml)", file_okay=False)


@app.command()
def nightly(
    inbox: Annotated[Path | None, _dir_option("--inbox", "Where exports land")] = None,
    outbox: Annotated[Path | None, _dir_option("--outbox", "Outputs go to OUTBOX/<date>/")] = None,
    archive: Annotated[
        Path | None, _dir_option("--archive", "Done inputs go to ARCHIVE/<date>/")
    ] = None,
    failed: Annotated[
        Path | None, _dir_option("--failed", "Unreadable inputs go to FAILED/<date>/")
    ] = None,
    state: Annotated[Path | None, _dir_option("--state", "Manifest, history, run lock")] = None,
    env: EnvOption = None,
    config: ConfigOption = None,
) -> None:
    """Run the nightly flow once now: score every new export in the inbox.

    Exit status: 0 when every new export was scored (or there was none), 2 when an export could
    not be read (moved to the failed folder), 1 when another run holds the lock or an export hit
    an I/O error (it stays in the inbox for the next run).
    """
    settings = _settings(config)
    _use_prefect(settings)
    from pipelines.flows.nightly import SKIPPED, NightlyIncomplete
    from pipelines.flows.nightly import nightly as nightly_flow
    from pipelines.ops.report import text

    folders = {"inbox": inbox, "outbox": outbox, "archive": archive}
    folders |= {"failed": failed, "state": state}
    try:
        summary = nightly_flow(
            **{name: str(path.resolve()) if path else None for name, path in folders.items()},
            config_dir=str(settings.config_dir),
            environment_name=env,
        )
    except NightlyIncomplete as err:
        typer.echo(text(err.summary), err=True)
        raise typer.Exit(EXIT_INTERNAL) from None
    except Exception as err:  # a bug or a bad option, not bad input: one line, no traceback
        typer.echo(f"nightly: internal error ({type(err).__name__}: {err})", err=True)
        raise typer.Exit(EXIT_INTERNAL) from None
    if summary["status"] == SKIPPED:
        typer.echo(text(summary), err=True)
        raise typer.Exit(EXIT_INTERNAL)
    typer.echo(text(summary))
    raise typer.Exit(EXIT_INPUT if summary["counts"]["failed"] else EXIT_OK)


@app.command()
def serve(env: EnvOption = None, config: ConfigOption = None) -> None:
    """Serve the `nightly` deployment on its cron schedule (config/runtime.toml) until Ctrl-C."""
    settings = _settings(config)
    _use_prefect(settings)
    from pipelines.flows.nightly import serve_nightly

    serve_nightly(settings, env)


server_app = typer.Typer(
    help="The local Prefect server that makes runs fast (start it once, it keeps running).",
    no_args_is_help=True,
)
app.add_typer(server_app, name="server")


def _server_command(action: str, config: Path | None) -> None:
    """Run one server action and exit 0 when the server ends up as asked, else 1."""
    from pipelines import prefect_server

    settings = _settings(config)
    apply_prefect_defaults(settings)
    state = getattr(prefect_server, action)(settings.runtime.server)
    typer.echo(state.message)
    wanted = action != "stop"
    raise typer.Exit(EXIT_OK if state.running == wanted or action == "status" else EXIT_INTERNAL)


@server_app.command("start")
def server_start(config: ConfigOption = None) -> None:
    """Start the local Prefect server in the background (config/runtime.toml [server])."""
    _server_command("start", config)


@server_app.command("stop")
def server_stop(config: ConfigOption = None) -> None:
    """Stop the local Prefect server started by `coder-screen server start`."""
    _server_command("stop", config)


@server_app.command("status")
def server_status(config: ConfigOption = None) -> None:
    """Say whether the local Prefect server answers, and where its UI is."""
    _server_command("status", config)


def run() -> None:
    """Console-script entry point."""
    sys.exit(app())


if __name__ == "__main__":
    run()
