"""`python -m bench.prefect_overhead`: one flow run on a sample, ephemeral vs local server.

Each run is a fresh process (as a cron job or the CLI would be); the table shows its wall time
and the time spent inside the flow call. A local server is started on 127.0.0.1 with a temp
PREFECT_HOME and stopped afterwards.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SAMPLE = REPO / "data" / "samples" / "greenhouse_medical_coder_ii.xlsx"
SERVER_START_TIMEOUT_S = 120.0
POLL_S = 0.5
_CHILD = """
import json, sys, time
started = time.perf_counter()
mode, source, out = sys.argv[1:4]
if mode == "plain":
    from pipelines.screening.publish import publish
    from pipelines.screening.stages import screen_file
    from pipelines.settings import load_settings
    settings = load_settings()
    called = time.perf_counter()
    publish(screen_file(source, settings), out, settings)
else:
    from pipelines.flows.score_export import score_export
    called = time.perf_counter()
    score_export(source, out)
done = time.perf_counter()
print(json.dumps({"call_s": done - called, "in_process_s": done - started}))
"""


def _free_port() -> int:
    """A free TCP port on 127.0.0.1."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _run(mode: str, env: dict[str, str], out: Path) -> dict[str, float]:
    """One fresh-process run; its wall time and the time inside the flow call."""
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, mode, str(SAMPLE), str(out)],
        env=env,
        capture_output=True,
        text=True,
        check=False,
        cwd=REPO,
    )
    wall = time.perf_counter() - started
    if done.returncode != 0:
        raise RuntimeError(f"{mode} run failed:\n{done.stderr[-3000:]}")
    found = json.loads(done.stdout.strip().splitlines()[-1])
    return {"wall_s": wall, **found}


def _wait_healthy(url: str) -> None:
    """Poll the server's health endpoint until it answers."""
    deadline = time.monotonic() + SERVER_START_TIMEOUT_S
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/health", timeout=2) as answer:
                if answer.status == 200:
                    return
        except OSError:
            time.sleep(POLL_S)
    raise RuntimeError("local Prefect server did not become healthy")


def measure(repeat: int) -> dict[str, list[dict[str, float]]]:
    """Plain (no Prefect), ephemeral and local-server runs, `repeat` times each."""
    results: dict[str, list[dict[str, float]]] = {}
    with tempfile.TemporaryDirectory() as home, tempfile.TemporaryDirectory() as out:
        env = {**os.environ, "PREFECT_HOME": home}
        env.pop("PREFECT_API_URL", None)
        results["plain (screen_file + publish, no Prefect)"] = [
            _run("plain", env, Path(out)) for _ in range(repeat)
        ]
        results["Prefect flow, ephemeral server"] = [
            _run("flow", env, Path(out)) for _ in range(repeat)
        ]
        port = _free_port()
        url = f"http://127.0.0.1:{port}/api"
        started = time.perf_counter()
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "prefect",
                "server",
                "start",
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
            ],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            _wait_healthy(url)
            startup = time.perf_counter() - started
            served = {**env, "PREFECT_API_URL": url}
            results["Prefect flow, local server (already running)"] = [
                _run("flow", served, Path(out)) for _ in range(repeat)
            ]
            results["  (local server start-up, once)"] = [{"wall_s": startup}]
        finally:
            server.terminate()
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
    return results


def table(results: dict[str, list[dict[str, float]]]) -> str:
    """Markdown: median process wall time and median time inside the call."""
    lines = ["| run | median wall s | median in-call s |", "|---|---:|---:|"]
    for name, runs in results.items():
        wall = statistics.median(r["wall_s"] for r in runs)
        calls = [r["call_s"] for r in runs if "call_s" in r]
        call = f"{statistics.median(calls):.2f}" if calls else ""
        lines.append(f"| {name} | {wall:.2f} | {call} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Measure and print the table."""
    parser = argparse.ArgumentParser(prog="python -m bench.prefect_overhead")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    print(table(measure(args.repeat)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
