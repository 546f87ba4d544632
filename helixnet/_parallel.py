"""One pool of threads for helixnet's compiled kernels, which release the GIL while they work."""

from __future__ import annotations

import functools
import os
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

T = TypeVar("T")


def cores() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not on Linux
        return os.cpu_count() or 1


@functools.cache
def pool() -> ThreadPoolExecutor:
    return ThreadPoolExecutor(max_workers=cores(), thread_name_prefix="helixnet")


if hasattr(os, "register_at_fork"):  # a forked child inherits the pool but not its threads
    os.register_at_fork(after_in_child=pool.cache_clear)


def in_slices(work: Callable[[int, int], T], n: int, min_per_slice: int) -> list[T]:
    """``work(start, stop)`` over ``range(n)`` cut into one slice per core, each of at least
    ``min_per_slice`` items (one slice if ``n`` is smaller); the first slice runs in the calling
    thread. The results in slice order."""
    slices = max(1, min(cores(), n // max(min_per_slice, 1)))
    bounds = [n * j // slices for j in range(slices + 1)]
    others = [pool().submit(work, bounds[j], bounds[j + 1]) for j in range(1, slices)]
    return [work(bounds[0], bounds[1]), *(f.result() for f in others)]
