"""Stage progress for a person at a terminal; silent unless the CLI switches it on."""

from __future__ import annotations

import threading
import time
from typing import Protocol, TextIO


class StageReporter(Protocol):
    """Told when a file enters a stage (and how many rows it has, once known)."""

    def stage(self, file: str, name: str, rows: int | None = None) -> None: ...


_reporter: StageReporter | None = None


def set_reporter(reporter: StageReporter | None) -> None:
    """Switch progress on (a reporter) or off (None) for this process."""
    global _reporter
    _reporter = reporter


def current() -> StageReporter | None:
    """The reporter progress goes to, if any."""
    return _reporter


def stage(file: str, name: str, rows: int | None = None) -> None:
    """Tell the reporter, if any, that `file` entered stage `name`; never logs anything."""
    if _reporter is not None:
        _reporter.stage(file, name, rows)


class TerminalProgress:
    """A one-line spinner on stderr, shown once a run is worth watching: after `after_seconds`,
    or at once for `many_rows` rows or more, or when resumes are read."""

    def __init__(
        self, stream: TextIO, after_seconds: float, many_rows: int, at_once: bool = False
    ) -> None:
        from rich.console import Console  # rich comes with Prefect

        self._console = Console(file=stream, force_terminal=True)
        self._status = self._console.status("", spinner="dots")
        self._many_rows = many_rows
        self._text = "starting"
        self._started = time.monotonic()
        self._lock = threading.Lock()
        self._shown = False
        self._timer = threading.Timer(after_seconds, self._show)
        self._timer.daemon = True
        self._timer.start()
        if at_once:
            self._show()

    def _show(self) -> None:
        """Start drawing the spinner (once)."""
        with self._lock:
            if not self._shown:
                self._shown = True
                self._status.update(self)
                self._status.start()

    def __rich__(self) -> str:
        """The spinner's text, worked out at every refresh: file, stage, elapsed seconds."""
        return f"{self._text}  ({time.monotonic() - self._started:.0f} s)"

    def stage(self, file: str, name: str, rows: int | None = None) -> None:
        """Show the new stage; a big file shows progress at once."""
        size = f" {rows:,} rows" if rows is not None else ""
        self._text = f"{file}:{size} {name}"
        if rows is not None and rows >= self._many_rows:
            self._show()

    def close(self) -> None:
        """Stop the timer and clear the spinner line."""
        self._timer.cancel()
        with self._lock:
            if self._shown:
                self._status.stop()
