"""Run a directory of exports through `score_one` in one process and tabulate the outcomes.

Usage: `python -m pipelines.devtools.corpus CORPUS_DIR [--write TABLE.csv]` prints one line per file
(outcome, reason category, seconds) and the slowest file; `--write` saves the outcome table.
"""

from __future__ import annotations

import argparse
import re
import resource
import signal
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from pipelines.screening.score_one import score_one
from pipelines.settings import Settings, load_settings

# Documentation that ships with a corpus, not inputs.
# A refusal's category: its leading words, before any detail in brackets or after a colon.
CATEGORY = re.compile(r"^[^(:]+")
TABLE_SCHEMA = {"file": pl.String, "outcome": pl.String, "category": pl.String}
_KIB = 1024


class FileTimeout(Exception):
    """One file took longer than its time limit."""


@dataclass(frozen=True)
class Outcome:
    """What became of one corpus file."""

    file: str
    outcome: str
    category: str
    reason: str
    seconds: float
    ranked: int
    rows_read: int


def category(reason: str) -> str:
    """`"damaged file (not valid UTF-16 text)"` -> `"damaged file"`."""
    found = CATEGORY.match(reason)
    return found.group(0).strip() if found else reason


def corpus_files(root: Path) -> list[Path]:
    """Every file below `root`, sorted (its README/SOURCES too: any file may be given)."""
    return sorted(path for path in root.rglob("*") if path.is_file())


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise FileTimeout in this (main) thread when the block runs longer than `seconds`."""

    def expire(signum: int, frame: object) -> None:
        raise FileTimeout(f"over {seconds:g} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def run_file(path: Path, root: Path, out_dir: Path, settings: Settings, seconds: float) -> Outcome:
    """Score one file under a time limit, its outputs in `out_dir/<relative path>/`."""
    relative = path.relative_to(root).as_posix()
    target = out_dir / relative
    target.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    with time_limit(seconds):
        summary = score_one(path, target, settings)
    elapsed = round(time.perf_counter() - started, 3)
    return Outcome(
        file=relative,
        outcome=summary.status.value,
        category=category(summary.reason) if summary.reason else "",
        reason=summary.reason,
        seconds=elapsed,
        ranked=summary.ranked,
        rows_read=summary.rows_read,
    )


def run_corpus(root: Path, out_dir: Path, settings: Settings, seconds: float) -> list[Outcome]:
    """Every input below `root`, one after another, in this process."""
    return [run_file(path, root, out_dir, settings, seconds) for path in corpus_files(root)]


def outcome_table(outcomes: list[Outcome]) -> pl.DataFrame:
    """The committed-table shape: `file`, `outcome`, `category` (empty when scored)."""
    return pl.DataFrame(
        [(o.file, o.outcome, o.category) for o in outcomes], schema=TABLE_SCHEMA, orient="row"
    )


def peak_memory_mb() -> float:
    """Largest resident set size of this process so far, in MB (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / _KIB


def main(argv: list[str] | None = None) -> int:
    """Run a corpus directory and print (optionally write) its outcome table."""
    parser = argparse.ArgumentParser(prog="python -m pipelines.devtools.corpus")
    parser.add_argument("root", type=Path)
    parser.add_argument("--write", type=Path, help="save the outcome table as CSV")
    parser.add_argument("--config", type=Path, default=None)
    parser.add_argument("--seconds", type=float, required=True, help="time limit per file")
    args = parser.parse_args(argv)
    settings = load_settings(args.config)
    with tempfile.TemporaryDirectory() as out:
        outcomes = run_corpus(args.root, Path(out), settings, args.seconds)
    for o in outcomes:
        print(f"{o.outcome:8} {o.seconds:7.2f}s {o.file}  {o.reason or o.ranked}")
    slowest = max(outcomes, key=lambda o: o.seconds)
    print(f"slowest: {slowest.file} {slowest.seconds:.2f}s; peak memory {peak_memory_mb():.0f} MB")
    if args.write:
        outcome_table(outcomes).write_csv(args.write)
    return 0


if __name__ == "__main__":
    sys.exit(main())
