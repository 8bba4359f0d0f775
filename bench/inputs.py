"""Benchmark inputs: synthetic exports written once with the committed generator, then cached."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from pipelines.synthetic.csv_export import write_csv
from pipelines.synthetic.generator import DEFAULT_SEED, generate_candidates
from pipelines.synthetic.xlsx_export import write_xlsx

# Sizes at or above this are written as CSV: Excel holds 1,048,576 rows per sheet and the
# generator needs minutes for a million-row .xlsx.
CSV_FROM_ROWS = 1_000_000
_SIZE = re.compile(r"^(\d+(?:\.\d+)?)([km]?)(?::(xlsx|csv))?$", re.IGNORECASE)
_MULTIPLIERS = {"": 1, "k": 1_000, "m": 1_000_000}


@dataclass(frozen=True)
class BenchInput:
    """One benchmark size: its label (`10k`), row count and file format."""

    label: str
    rows: int
    fmt: str

    def path(self, out_dir: Path) -> Path:
        """Where the cached export of this size lives."""
        return Path(out_dir) / f"bulk-{self.label}-s{DEFAULT_SEED}.{self.fmt}"


def parse_size(token: str) -> BenchInput:
    """`10k`, `1m`, `200`, `10k:csv` -> BenchInput (CSV from a million rows unless told)."""
    match = _SIZE.match(token.strip())
    if not match:
        raise ValueError(f"not a size: {token!r} (use e.g. 200, 10k, 1m, 10k:csv)")
    number, unit, fmt = match.groups()
    rows = int(float(number) * _MULTIPLIERS[unit.lower()])
    label = token.strip().split(":")[0].lower()
    return BenchInput(label, rows, (fmt or ("csv" if rows >= CSV_FROM_ROWS else "xlsx")).lower())


def ensure_input(spec: BenchInput, out_dir: Path) -> Path:
    """The export for `spec`, generated (deterministically) when not cached yet."""
    path = spec.path(out_dir)
    if path.exists():
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    candidates = generate_candidates(spec.rows, seed=DEFAULT_SEED)
    temp = path.with_name(f".partial-{path.name}")
    (write_xlsx if spec.fmt == "xlsx" else write_csv)(candidates, temp)
    temp.replace(path)
    return path
