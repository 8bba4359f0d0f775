"""`python -m bench.commands`: what a user waits for: `coder-screen score` wall time, fresh process.

Each size is scored by the real command in a new process, once with a local Prefect server
already running (started here on a free port with a temporary home, stopped afterwards) and once
with Prefect's temporary server (no server answering), beside the pandas + openpyxl baseline run
on the same file in the same invocation (also a fresh process).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from bench.baseline_libs import (
    BASELINE_LIBS,
    baseline_available,
    baseline_env,
    pandas_in_project_env,
)
from bench.inputs import ensure_input, parse_size
from pipelines import prefect_server
from pipelines.devtools.processes import free_port
from pipelines.settings import default_config_dir, load_settings

DEFAULT_SIZES = "100:csv,1k:csv,10k:csv,100k:xlsx,1m:csv"
# The temporary server costs the same at every size; measuring it on the small ones is enough.
DEFAULT_TEMPORARY_SIZES = "100:csv,1k:csv"
DEFAULT_BASELINE_SIZES = "1k:csv,10k:csv,100k:xlsx"
DEFAULT_REPEAT = 3
DEFAULT_DOCUMENTS = 200
OUT_DIR = Path(__file__).resolve().parent / "out"
LOCAL, TEMPORARY, BASELINE = "local server", "temporary server", "baseline (pandas + openpyxl)"
_BASELINE_CHILD = """
import json, sys, time
from pathlib import Path
started = time.perf_counter()
from bench.baseline import run_baseline
from pipelines.settings import load_settings
phases = run_baseline(Path(sys.argv[1]), Path(sys.argv[2]), load_settings())
print(json.dumps({"in_process_s": time.perf_counter() - started, **phases}))
"""


@dataclass
class Timing:
    """Wall seconds of one command on one input, over the repeats."""

    size: str
    mode: str
    seconds: list[float] = field(default_factory=list)

    @property
    def median_s(self) -> float:
        """Median wall seconds."""
        return statistics.median(self.seconds)


def config_copy(target: Path, port: int, home: Path) -> Path:
    """The repository's config with the local server moved to `port` and `home`."""
    target.mkdir(parents=True, exist_ok=True)
    for source in default_config_dir().iterdir():
        if source.is_file():
            text = source.read_text()
            if source.name == "runtime.toml":
                text = text.replace("port = 4200", f"port = {port}")
                text = text.replace('home = "data/prefect"', f'home = "{home}"')
            (target / source.name).write_text(text)
    return target


def _timed(command: list[str], env: dict[str, str]) -> float:
    """Wall seconds of one fresh-process command; fails loudly when the command fails."""
    started = time.perf_counter()
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} exited {done.returncode}:\n{done.stderr[-3000:]}")
    return seconds


def _score_command(
    source: Path, config: Path, resumes: Path | None = None
) -> tuple[list[str], list[str]]:
    """The user's command around its output folder: `coder-screen score FILE --out-dir OUT`."""
    cli = Path(sys.executable).with_name("coder-screen")
    tail = ["--config", str(config), *(["--resumes", str(resumes)] if resumes else [])]
    return [str(cli), "score", str(source), "--quiet", "--out-dir"], tail


def resume_bundle(documents: int, out_dir: Path) -> tuple[Path, Path]:
    """An export of `documents` candidates and a zip of their resumes (cached; the sample
    generator's styles, needs the dev extra's fpdf2)."""
    from pipelines.synthetic.csv_export import write_csv
    from pipelines.synthetic.generator import DEFAULT_SEED, generate_candidates
    from pipelines.synthetic.resume_documents import write_resume_zip

    export = out_dir / f"resumes-{documents}-s{DEFAULT_SEED}.csv"
    bundle = out_dir / f"resumes-{documents}-s{DEFAULT_SEED}-documents.zip"
    if not (export.exists() and bundle.exists()):
        out_dir.mkdir(parents=True, exist_ok=True)
        candidates = generate_candidates(documents, seed=DEFAULT_SEED)
        write_csv(candidates, export)
        write_resume_zip(candidates, bundle, truth=out_dir / f"{bundle.stem}-truth.csv")
    return export, bundle


def _repeated(
    label: str,
    mode: str,
    command: tuple[list[str], list[str]],
    env: dict[str, str],
    runs: int,
    work: Path,
) -> Timing:
    """`runs` fresh-process runs of `head + [a new output folder] + tail`."""
    head, tail = command
    timing = Timing(label, mode)
    for _ in range(runs):
        out = tempfile.mkdtemp(dir=work)
        timing.seconds.append(_timed([*head, out, *tail], env))
    print(f"  {label:>10}  {mode:<30} {timing.median_s:8.2f} s", file=sys.stderr)
    return timing


def measure(
    sizes: list[str],
    temporary: set[str],
    baseline: set[str],
    repeat: int,
    out_dir: Path,
    documents: int = 0,
) -> list[Timing]:
    """Every size with the local server; the chosen ones also with the temporary server and the
    baseline."""
    timings: list[Timing] = []
    with tempfile.TemporaryDirectory() as scratch:
        work = Path(scratch)
        env = {key: value for key, value in os.environ.items() if key != "PREFECT_API_URL"}
        env["PREFECT_HOME"] = str(work / "client-home")
        served = config_copy(work / "served", free_port(), work / "server-home")
        unserved = config_copy(work / "unserved", free_port(), work / "unused-home")
        server = load_settings(served).runtime.server
        started = time.perf_counter()
        state = prefect_server.start(server)
        if not state.running:
            raise RuntimeError(state.message)
        print(f"local server up in {time.perf_counter() - started:.1f} s", file=sys.stderr)
        try:
            for token in sizes:
                spec = parse_size(token)
                source = ensure_input(spec, out_dir)
                label = f"{spec.label} {spec.fmt}"
                modes = [(LOCAL, served)] + ([(TEMPORARY, unserved)] if token in temporary else [])
                for mode, config in modes:
                    command = _score_command(source, config)
                    timings.append(_repeated(label, mode, command, env, repeat, work))
                if token in baseline:
                    command = ([sys.executable, "-c", _BASELINE_CHILD, str(source)], [])
                    timings.append(
                        _repeated(label, BASELINE, command, baseline_env(env), repeat, work)
                    )
            if documents:
                export, bundle = resume_bundle(documents, out_dir)
                label = f"{documents} rows + {documents} resumes"
                command = _score_command(export, served, bundle)
                timings.append(_repeated(label, LOCAL, command, env, repeat, work))
        finally:
            prefect_server.stop(server)
    return timings


def table(timings: list[Timing], repeat: int) -> str:
    """Markdown: median and min wall seconds per size and mode, and the speed-up over baseline."""
    base = {t.size: t.median_s for t in timings if t.mode == BASELINE}
    lines = [
        f"| export | command | median wall s (n={repeat}) | min s | vs baseline |",
        "|---|---|---:|---:|---:|",
    ]
    for t in timings:
        ratio = base.get(t.size)
        versus = ""
        if ratio and t.mode != BASELINE:
            factor = ratio / t.median_s
            versus = f"{factor:.1f}x faster" if factor >= 1 else f"{1 / factor:.1f}x slower"
        lines.append(
            f"| {t.size} | {t.mode} | {t.median_s:.2f} | {min(t.seconds):.2f} | {versus} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Measure and print the table (progress on stderr)."""
    parser = argparse.ArgumentParser(prog="python -m bench.commands", description=__doc__)
    parser.add_argument("--sizes", default=DEFAULT_SIZES)
    parser.add_argument("--temporary-sizes", default=DEFAULT_TEMPORARY_SIZES)
    parser.add_argument("--baseline-sizes", default=DEFAULT_BASELINE_SIZES)
    parser.add_argument("--repeat", type=int, default=DEFAULT_REPEAT)
    parser.add_argument(
        "--resume-documents", type=int, default=DEFAULT_DOCUMENTS, help="0: skip the resumes run"
    )
    parser.add_argument("--out", type=Path, default=OUT_DIR, help="cache of generated inputs")
    args = parser.parse_args(argv)
    sizes = [s for s in args.sizes.split(",") if s]
    baseline = {s for s in args.baseline_sizes.split(",") if s}
    if baseline and not baseline_available():
        print(
            f"no pandas in {BASELINE_LIBS}: `make bench` installs it; no baseline", file=sys.stderr
        )
        baseline = set()
    if pandas_in_project_env():
        print(
            "warning: pandas is installed in the project's environment, so pandera imports it "
            f"in every measured command (a user's install has none; `pip uninstall pandas`, the "
            f"baseline's copy lives in {BASELINE_LIBS})",
            file=sys.stderr,
        )
    timings = measure(
        sizes,
        {s for s in args.temporary_sizes.split(",") if s},
        baseline,
        args.repeat,
        args.out,
        args.resume_documents,
    )
    print(json.dumps({"sizes": sizes, "repeat": args.repeat}), file=sys.stderr)
    print(table(timings, args.repeat))
    return 0


if __name__ == "__main__":
    sys.exit(main())
