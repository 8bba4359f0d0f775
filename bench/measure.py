"""One measurement in a fresh process: `python -m bench.measure STAGE SOURCE WORK_DIR`.

Prints one JSON line: seconds, the RSS peak sampled while the stage ran, the process peak.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from bench.memory import PeakSampler, process_peak_mib
from bench.stages import prepare, stage_work
from pipelines.settings import load_settings

SAMPLE_INTERVAL_S = 0.005


def measure(stage: str, source: Path, work_dir: Path, config_dir: Path | None = None) -> dict:
    """Prepare the stage's input, then time and sample its run."""
    settings = load_settings(config_dir)
    if stage == "prepare":
        started = time.perf_counter()
        prepare(source, work_dir, settings)
        return {"stage": stage, "seconds": time.perf_counter() - started}
    work = stage_work(stage, source, work_dir, settings)
    with PeakSampler(SAMPLE_INTERVAL_S) as sampler:
        started = time.perf_counter()
        phases = work()
        seconds = time.perf_counter() - started
    return {
        "stage": stage,
        "seconds": seconds,
        "peak_mib": sampler.peak_mib,
        "process_peak_mib": process_peak_mib(),
        "phases": phases or {},
    }


def main(argv: list[str] | None = None) -> int:
    """Parse arguments, measure, print the JSON line."""
    parser = argparse.ArgumentParser(prog="python -m bench.measure")
    parser.add_argument("stage")
    parser.add_argument("source", type=Path)
    parser.add_argument("work_dir", type=Path)
    parser.add_argument("--config-dir", type=Path, default=None)
    args = parser.parse_args(argv)
    print(json.dumps(measure(args.stage, args.source, args.work_dir, args.config_dir)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
