"""Where the baseline's pandas lives: a folder of its own beside the benchmark's cache, never the
project's virtualenv, so the measured command imports only what a user's install has (pandera
imports pandas whenever pandas is importable: 0.5 s of every run)."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

BASELINE_LIBS = Path(__file__).resolve().parent / "out" / "baseline-libs"


def baseline_env(environ: Mapping[str, str] | None = None) -> dict[str, str]:
    """`environ` (default: this process's) with the baseline's libraries first on PYTHONPATH."""
    env = dict(os.environ if environ is None else environ)
    tail = env.get("PYTHONPATH")
    env["PYTHONPATH"] = os.pathsep.join([str(BASELINE_LIBS), *([tail] if tail else [])])
    return env


def baseline_available() -> bool:
    """Whether the baseline can import pandas from its folder."""
    done = subprocess.run(
        [sys.executable, "-c", "import pandas"],
        env=baseline_env(),
        capture_output=True,
        check=False,
    )
    return done.returncode == 0


def pandas_in_project_env() -> bool:
    """Whether pandas is importable without the baseline's folder (then pandera imports it in
    every measured command, which a user's install does not)."""
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "import importlib.util, sys; sys.exit(0 if importlib.util.find_spec('pandas') else 1)",
        ],
        capture_output=True,
        check=False,
    )
    return done.returncode == 0
