"""Peak resident memory: the process peak (getrusage) and a sampled peak over one code block."""

from __future__ import annotations

import os
import resource
import sys
import threading
from types import TracebackType

_PAGE = os.sysconf("SC_PAGE_SIZE")
_MIB = 1 << 20
# Linux reports ru_maxrss in KiB, macOS in bytes.
_MAXRSS_UNIT = 1 if sys.platform == "darwin" else 1024


def process_peak_mib() -> float:
    """Peak RSS of this process so far, in MiB (getrusage RUSAGE_SELF ru_maxrss)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * _MAXRSS_UNIT / _MIB


def current_rss_mib() -> float:
    """Resident memory of this process now, in MiB (/proc/self/statm)."""
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * _PAGE / _MIB


class PeakSampler:
    """Context manager: samples this process's RSS in a thread; `.peak_mib` after exit."""

    def __init__(self, interval_s: float) -> None:
        self.interval_s = interval_s
        self.peak_mib = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        """Sample until stopped."""
        while not self._stop.is_set():
            self.peak_mib = max(self.peak_mib, current_rss_mib())
            self._stop.wait(self.interval_s)

    def __enter__(self) -> PeakSampler:
        self.peak_mib = current_rss_mib()
        self._thread.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self._stop.set()
        self._thread.join()
        self.peak_mib = max(self.peak_mib, current_rss_mib())
