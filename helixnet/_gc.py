"""Pausing the cyclic garbage collector around bulk construction of networkx graphs."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector: its passes over the hundreds of thousands of fresh
    attribute dicts of a big networkx graph cost more than filling the graph; nothing made
    inside forms reference cycles."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
