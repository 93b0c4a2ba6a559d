"""Bulk work that builds hundreds of thousands of small objects without reference cycles
(a register read, a tally) spends as long in the cyclic garbage collector as in its own code:
the collector keeps rescanning the objects it just made. Pausing it for such a block is safe
(nothing in it can form a cycle the collector would be needed for) and halves the time.

In the desktop app such work runs on a background thread while the window stays live: a
collection started there holds the interpreter for hundreds of milliseconds, which the user
sees as a frozen window. Pauses may overlap (two jobs at once): the collector comes back when
the last one ends, and only if it was on before the first began."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

FREEZE_AFTER = 50_000  # objects made during the pause; a smaller first collection is quick
_lock = threading.Lock()
_depth = 0
_restore = False


@contextmanager
def collector_paused() -> Iterator[None]:
    global _depth, _restore
    with _lock:
        if _depth == 0:
            _restore = gc.isenabled()
            gc.disable()
        _depth += 1
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            if _depth == 0 and _restore:
                if gc.get_count()[0] > FREEZE_AFTER:
                    # What the block made is young to the collector: its first run after this
                    # would walk it all (a million objects for a large register: a 150 ms
                    # freeze). Those objects are garbage soon, freed by reference counting as
                    # they form no cycles, or kept (a page's rows) and then need no rescanning:
                    # move them out of the collector's view. A cycle that is garbage right now
                    # stays in memory — rare enough, as only large blocks do this.
                    gc.freeze()
                gc.enable()
