"""`python -m bench.run`: time every stage and the whole run, each in a fresh process."""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

from bench.baseline_libs import BASELINE_LIBS, baseline_available, baseline_env
from bench.inputs import BenchInput, ensure_input, parse_size
from bench.stages import PIPELINE_STAGES, STAGE_LABELS

DEFAULT_SIZES = "10k,100k,1m"
QUICK_SIZES = "10k"
DEFAULT_REPEAT = 3
OUT_DIR = Path(__file__).resolve().parent / "out"
# Sizes written as CSV stop at the Parquet: their workbook is not part of the targets.
CSV_STAGES = ("read", "validate", "score", "parquet", "core")


@dataclass
class Row:
    """Measurements of one stage on one size."""

    size: str
    stage: str
    seconds: list[float] = field(default_factory=list)
    peak_mib: list[float] = field(default_factory=list)
    phases: list[dict[str, float]] = field(default_factory=list)

    @property
    def median_s(self) -> float:
        """Median wall seconds."""
        return statistics.median(self.seconds)


def _child(stage: str, source: Path, work_dir: Path, config_dir: Path | None) -> dict:
    """Run one measurement in a fresh interpreter (its own peak RSS) and read its JSON line."""
    command = [sys.executable, "-m", "bench.measure", stage, str(source), str(work_dir)]
    if config_dir is not None:
        command += ["--config-dir", str(config_dir)]
    env = baseline_env() if stage == "baseline" else None
    done = subprocess.run(command, capture_output=True, text=True, check=False, env=env)
    if done.returncode != 0:
        raise RuntimeError(f"bench stage {stage} failed:\n{done.stderr[-4000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def _inline(stage: str, source: Path, work_dir: Path, config_dir: Path | None) -> dict:
    """Run one measurement in this process (for the smoke test: memory figures are rough)."""
    from bench.measure import measure

    return measure(stage, source, work_dir, config_dir)


def stages_for(spec: BenchInput, baseline: bool) -> list[str]:
    """The stages measured on one size, in table order."""
    if spec.fmt == "csv":
        return [*CSV_STAGES, "end_to_end_parquet"]
    return [*PIPELINE_STAGES, "end_to_end", *(["baseline"] if baseline else [])]


def run_size(
    spec: BenchInput,
    out_dir: Path,
    repeat: int,
    baseline: bool,
    inline: bool,
    config_dir: Path | None,
) -> list[Row]:
    """Generate (or reuse) the export of one size, prepare stage inputs, measure every stage."""
    source = ensure_input(spec, out_dir)
    work_dir = out_dir / f"work-{spec.label}-{spec.fmt}"
    run = _inline if inline else _child
    run("prepare", source, work_dir, config_dir)
    rows = []
    for stage in stages_for(spec, baseline):
        row = Row(size=f"{spec.label} {spec.fmt}", stage=stage)
        for _ in range(repeat):
            found = run(stage, source, work_dir, config_dir)
            row.seconds.append(found["seconds"])
            row.peak_mib.append(found["peak_mib"])
            row.phases.append(found.get("phases") or {})
        rows.append(row)
        print(f"  {row.size:>10}  {STAGE_LABELS[stage]:<42} {row.median_s:8.2f} s", file=sys.stderr)
    return rows


def _baseline_phase(rows: list[Row], size: str, phase: str) -> float | None:
    """Median seconds of one phase of the baseline run on `size`, if it ran."""
    for row in rows:
        if row.size == size and row.stage == "baseline":
            values = [p[phase] for p in row.phases if phase in p]
            return statistics.median(values) if values else None
    return None


# Pipeline stage -> the baseline phase doing the same work.
BASELINE_PHASE = {
    "read": "read",
    "validate": "validate",
    "score": "evidence_score",
    "workbook": "workbook",
    "parquet": "parquet",
    "core": "core",
    "end_to_end": "total",
}


def table(rows: list[Row], repeat: int) -> str:
    """A Markdown table: median s, min s, peak RSS MiB, the baseline's median and the ratio."""
    lines = [
        f"| size | stage | median s (n={repeat}) | min s | peak RSS MiB | baseline s | speed-up |",
        "|---|---|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        base = _baseline_phase(rows, row.size, BASELINE_PHASE.get(row.stage, ""))
        ratio = f"{base / row.median_s:.1f}x" if base and row.median_s > 0 else ""
        base_text = f"{base:.2f}" if base is not None and row.stage != "baseline" else ""
        lines.append(
            f"| {row.size} | {STAGE_LABELS[row.stage]} | {row.median_s:.2f} | "
            f"{min(row.seconds):.2f} | {max(row.peak_mib):,.0f} | {base_text} | "
            f"{ratio if row.stage != 'baseline' else ''} |"
        )
    return "\n".join(lines)


def _parser() -> argparse.ArgumentParser:
    """Command-line options."""
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__)
    parser.add_argument("--sizes", default=None, help=f"comma-separated (default {DEFAULT_SIZES})")
    parser.add_argument(
        "--repeat", type=int, default=None, help=f"runs per stage ({DEFAULT_REPEAT})"
    )
    parser.add_argument("--quick", action="store_true", help=f"{QUICK_SIZES}, one run each")
    parser.add_argument("--no-baseline", action="store_true", help="skip the pandas baseline")
    parser.add_argument("--out", type=Path, default=OUT_DIR, help="cache of inputs and outputs")
    parser.add_argument("--config-dir", type=Path, default=None)
    parser.add_argument(
        "--inline", action="store_true", help="measure in this process (rough memory; tests)"
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    """Measure every size and print the table (progress goes to stderr)."""
    args = _parser().parse_args(argv)
    sizes = args.sizes or (QUICK_SIZES if args.quick else DEFAULT_SIZES)
    repeat = args.repeat or (1 if args.quick else DEFAULT_REPEAT)
    baseline = not args.no_baseline and baseline_available()
    if not args.no_baseline and not baseline:
        print(
            f"no pandas in {BASELINE_LIBS}: `make bench` installs it; no baseline", file=sys.stderr
        )
    rows: list[Row] = []
    for token in sizes.split(","):
        rows.extend(
            run_size(parse_size(token), args.out, repeat, baseline, args.inline, args.config_dir)
        )
    print(table(rows, repeat))
    return 0


if __name__ == "__main__":
    sys.exit(main())
