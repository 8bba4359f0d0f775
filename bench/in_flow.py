"""The scoring core alone and inside a Prefect task, cold and warm, in fresh processes.

`python -m bench.in_flow [--size 100k] [--repeat 3]` starts a local Prefect server (free port,
temporary home), then runs, each in its own interpreter, `screen_file` on the export twice
directly and twice inside a task of a flow against that server, and prints the seconds of the
first (cold) and second (warm) call of each. It answers whether a Prefect run slows the stages
down or whether a run pays for being the first call in its process.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from bench.commands import OUT_DIR, config_copy
from bench.inputs import ensure_input, parse_size
from pipelines import prefect_server
from pipelines.devtools.processes import free_port
from pipelines.settings import load_settings

_CHILD = """
import json, sys, time
from pathlib import Path
from pipelines.screening.stages import screen_file
from pipelines.settings import load_settings
settings = load_settings(Path(sys.argv[2]))
source = Path(sys.argv[1])

def timed():
    started = time.perf_counter()
    screen_file(source, settings)
    return time.perf_counter() - started

if sys.argv[3] == "direct":
    print(json.dumps([timed(), timed()]))
else:
    from prefect import flow, task
    from prefect.cache_policies import NO_CACHE

    @task(cache_policy=NO_CACHE)
    def core():
        return timed()

    @flow
    def twice():
        return [core(), core()]

    print(json.dumps(twice()))
"""
MODES = ("direct", "in a Prefect task")


def _run(source: Path, config: Path, mode: str, env: dict[str, str]) -> list[float]:
    """[cold, warm] seconds of one fresh process."""
    command = [sys.executable, "-c", _CHILD, str(source), str(config), mode.split()[0]]
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"{mode} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    """Measure and print a Markdown table."""
    parser = argparse.ArgumentParser(prog="python -m bench.in_flow", description=__doc__)
    parser.add_argument("--size", default="100k")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--out", type=Path, default=OUT_DIR)
    args = parser.parse_args(argv)
    source = ensure_input(parse_size(args.size), args.out)
    with tempfile.TemporaryDirectory() as scratch:
        work = Path(scratch)
        config = config_copy(work / "served", free_port(), work / "server-home")
        server = load_settings(config).runtime.server
        state = prefect_server.start(server)
        if not state.running:
            raise RuntimeError(state.message)
        env = dict(os.environ) | {
            "PREFECT_API_URL": server.api_url,
            "PREFECT_HOME": str(work / "client-home"),
        }
        try:
            runs = {
                mode: [_run(source, config, mode, env) for _ in range(args.repeat)]
                for mode in MODES
            }
        finally:
            prefect_server.stop(server)
    print(f"| {source.name} | cold (1st call) median s | warm (2nd call) median s | n |")
    print("|---|---:|---:|---:|")
    for mode, pairs in runs.items():
        cold = statistics.median(p[0] for p in pairs)
        warm = statistics.median(p[1] for p in pairs)
        print(f"| {mode} | {cold:.2f} | {warm:.2f} | {len(pairs)} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
