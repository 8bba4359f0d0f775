"""Stage progress: drawn on a terminal when a run is worth watching, silent everywhere else."""

from __future__ import annotations

import io
import time

from pipelines import progress
from pipelines.cli import _terminal_progress


def _drawn(stream: io.StringIO) -> str:
    return stream.getvalue()


def test_big_file_shows_progress_at_once_and_clears_it() -> None:
    stream = io.StringIO()
    reporter = progress.TerminalProgress(stream, after_seconds=60, many_rows=1_000)
    progress.set_reporter(reporter)
    try:
        progress.stage("big.csv", "reading")
        assert _drawn(stream) == ""  # not yet worth it: no rows known, no time passed
        progress.stage("big.csv", "scoring", 5_000)
        time.sleep(0.3)  # the spinner refreshes on its own thread
        assert "big.csv: 5,000 rows scoring" in _drawn(stream)
    finally:
        progress.set_reporter(None)
        reporter.close()


def test_small_file_shows_progress_only_after_the_delay() -> None:
    stream = io.StringIO()
    reporter = progress.TerminalProgress(stream, after_seconds=0.2, many_rows=1_000)
    progress.set_reporter(reporter)
    try:
        progress.stage("small.csv", "validating", 10)
        assert _drawn(stream) == ""
        time.sleep(0.6)
        assert "small.csv: 10 rows validating" in _drawn(stream)
    finally:
        progress.set_reporter(None)
        reporter.close()


def test_without_a_reporter_nothing_is_written(capsys) -> None:
    progress.set_reporter(None)
    progress.stage("nightly.csv", "scoring", 50_000)
    assert capsys.readouterr() == ("", "")


def test_quiet_or_no_terminal_sets_no_reporter(settings) -> None:
    for quiet in (True, False):  # under pytest stderr is not a terminal either
        with _terminal_progress(settings, quiet):
            assert progress.current() is None
