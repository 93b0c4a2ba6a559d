"""Bulk work that builds hundreds of thousands of small objects without reference cycles
(a register read, a tally) spends as long in the cyclic garbage collector as in its own code:
the collector keeps rescanning the objects it just made. Pausing it for such a block is safe
(nothing in it can form a cycle the collector would be needed for) and halves the time."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
