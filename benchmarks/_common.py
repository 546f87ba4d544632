"""Timing, memory and reporting shared by the benchmarks."""

from __future__ import annotations

import gc
import resource
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

SHARED_DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "cordis_h2020_nl"
ROOT = Path(__file__).resolve().parent.parent


def labelled_files(excluding: Path) -> list[Path]:
    """Every hand-labelled CSV of the evaluation and development sets but ``excluding`` (a batch's own file)."""
    folders = (ROOT / "tests/data/helix_evaluation", ROOT / "tests/data/helix_development")
    return [path for folder in folders for path in sorted(folder.glob("*.csv")) if path != excluding]
H2020_TABLE = SHARED_DATA / "raw" / "zambujo_eunets" / "h2020.csv.gz"


def timed(fn: Callable[[], Any], repeat: int = 1) -> tuple[float, Any]:
    """Best wall time of ``repeat`` calls, and the last result."""
    best = float("inf")
    result = None
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - start)
    return best, result


def traced_peak(fn: Callable[[], Any]) -> tuple[float, Any]:
    """Peak Python-heap memory (MiB, via tracemalloc, which numpy reports to) of one call."""
    gc.collect()
    tracemalloc.start()
    try:
        result = fn()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak / 2**20, result


def max_rss_mib() -> float:
    """Peak resident memory of this process so far (MiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def seconds(value: float) -> str:
    """A duration with three significant digits (milliseconds below 0.1 s)."""
    return f"{value * 1000:.2f} ms" if value < 0.1 else f"{value:.3f} s"


def report(label: str, helixnet_seconds: float, peer_name: str, peer_seconds: float) -> float:
    """Print both times and the ratio peer/helixnet; return the ratio."""
    ratio = peer_seconds / helixnet_seconds if helixnet_seconds > 0 else float("inf")
    print(
        f"{label}: helixnet {seconds(helixnet_seconds)} | {peer_name} {seconds(peer_seconds)} | "
        f"helixnet is {ratio:.1f}x faster"
    )
    return ratio
