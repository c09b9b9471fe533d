"""Bulk inserts: the cyclic garbage collector paused while many records are added."""

from __future__ import annotations

import contextlib
import gc
import sys
from collections.abc import Iterator

__all__ = ["bulk"]


@contextlib.contextmanager
def bulk() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while many records are added.

    Records form no reference cycles, yet every full collection Python starts while a
    corpus grows walks every object the process holds: at a million reports that was a
    third of the build. Paused, the new objects are walked once at the end, by the
    collection Python would have started next: a full one when they are over a quarter
    of what the process held before (CPython's own rule, with every small allocation
    counted as an object), else one of the young generations. A caller that disabled
    the collector keeps it disabled. Readers wrap a whole file in it.
    """
    if not gc.isenabled():
        yield
        return
    held = sys.getallocatedblocks()
    gc.disable()
    try:
        yield
    finally:
        # Read before enabling: the next allocation after would start a collection.
        young, middle, _ = gc.get_threshold()
        allocated = gc.get_count()[0]
        gc.enable()
        if allocated > held / 4:
            gc.collect()
        elif allocated > young * max(middle, 1):
            gc.collect(1)
