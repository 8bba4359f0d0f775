"""Score every sample in this process and compare its scored table with a baseline Parquet.

Usage: `python -m pipelines.devtools.compare_scored BASELINE_DIR [SAMPLES_DIR]` prints one line
per sample: IDENTICAL; "same on every baseline column; new columns: ..."; or the columns that
differ. Exit status 1 when any sample differs on a baseline column, else 0.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from pipelines.screening.stages import screen_file
from pipelines.settings import Settings, load_settings

BASELINE_SUFFIX = "-scored.parquet"
SAMPLES_DIR = Path(__file__).resolve().parents[2] / "data" / "samples"


@dataclass(frozen=True)
class Comparison:
    """How a scored table stands against its baseline."""

    identical: bool
    new: list[str]
    missing: list[str]
    differing: list[str]
    rows: tuple[int, int]  # (scored now, baseline)

    @property
    def same_on_baseline(self) -> bool:
        """Every baseline column is there with the same values and type."""
        return not self.missing and not self.differing


def compare(scored: pl.DataFrame, baseline: pl.DataFrame) -> Comparison:
    """Column by column: values and type of every baseline column, and the columns added."""
    shared = [c for c in baseline.columns if c in scored.columns]
    differing = [
        c
        for c in shared
        if not scored.get_column(c).equals(baseline.get_column(c), check_dtypes=True)
    ]
    missing = [c for c in baseline.columns if c not in scored.columns]
    new = [c for c in scored.columns if c not in baseline.columns]
    identical = not (differing or missing or new) and scored.columns == baseline.columns
    return Comparison(identical, new, missing, differing, (scored.height, baseline.height))


def describe(comparison: Comparison) -> str:
    """One line for the comparison."""
    if comparison.identical:
        return "IDENTICAL"
    if comparison.same_on_baseline:
        if comparison.new:
            return f"same on every baseline column; new columns: {', '.join(comparison.new)}"
        return "same on every baseline column; columns in another order"
    parts = []
    if comparison.differing:
        parts.append(f"columns that differ: {', '.join(comparison.differing)}")
    if comparison.missing:
        parts.append(f"baseline columns missing: {', '.join(comparison.missing)}")
    if comparison.rows[0] != comparison.rows[1]:
        parts.append(f"rows: {comparison.rows[0]} now, {comparison.rows[1]} in the baseline")
    if comparison.new:
        parts.append(f"new columns: {', '.join(comparison.new)}")
    return "; ".join(parts)


def sample_files(samples_dir: Path, settings: Settings) -> list[Path]:
    """The exports in `samples_dir` (the extensions ingest.toml reads), sorted."""
    extensions = {*settings.ingest.text_extensions, *settings.ingest.workbook_extensions}
    return sorted(
        path
        for path in samples_dir.iterdir()
        if path.is_file() and path.suffix.lower().lstrip(".") in extensions
    )


def main(argv: list[str] | None = None) -> int:
    """Compare every sample with its baseline and print one line per sample."""
    parser = argparse.ArgumentParser(prog="python -m pipelines.devtools.compare_scored")
    parser.add_argument("baseline", type=Path, help="directory of <stem>-scored.parquet files")
    parser.add_argument("samples", type=Path, nargs="?", default=SAMPLES_DIR)
    parser.add_argument("--config", type=Path, default=None)
    args = parser.parse_args(argv)
    settings = load_settings(args.config)
    differs = False
    for sample in sample_files(args.samples, settings):
        reference = args.baseline / f"{sample.stem}{BASELINE_SUFFIX}"
        if not reference.is_file():
            print(f"{sample.name}: no baseline")
            continue
        comparison = compare(screen_file(sample, settings).scored, pl.read_parquet(reference))
        differs = differs or not comparison.same_on_baseline
        print(f"{sample.name}: {describe(comparison)}")
    return 1 if differs else 0


if __name__ == "__main__":
    sys.exit(main())
