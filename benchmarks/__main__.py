"""``python -m benchmarks NAME [args]``: run benchmarks/bench_NAME.py."""

from __future__ import annotations

import importlib
import pkgutil
import sys
from pathlib import Path


def available() -> list[str]:
    here = Path(__file__).parent
    return sorted(m.name[len("bench_"):] for m in pkgutil.iter_modules([str(here)]) if m.name.startswith("bench_"))


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in available():
        print("usage: python -m benchmarks NAME [args]\navailable: " + ", ".join(available()))
        return 2
    module = importlib.import_module(f"benchmarks.bench_{argv[0]}")
    return module.main(argv[1:]) or 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
