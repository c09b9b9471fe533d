"""Where Arrow allocates while a table set is read and coded: the C library's malloc.

Arrow's default pool (mimalloc or jemalloc) keeps the pages it frees for its own next
allocation, where numpy, which allocates with malloc, cannot reuse them. Reading and
coding a table set alternates the two a dozen times, so each kept what the other could
have used: at a million reports the process peaked at 720–740 MiB with Arrow's pool and
at 560–580 MiB with malloc, no slower (``python -m benchmarks.scale``).

The switch is Arrow's process-wide default, put back when the last reader leaves (a
lock counts readers on any thread). Buffers remember the pool they came from, so a
buffer made on either side of the switch is freed correctly; another thread's Arrow
work meanwhile allocates with malloc, which changes nothing but where.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator
from typing import Any

__all__ = ["allocating_from_malloc"]

_lock = threading.Lock()
_readers = 0
_before: Any = None


@contextlib.contextmanager
def allocating_from_malloc(pa: Any) -> Iterator[None]:
    """Make Arrow allocate from the C library's malloc (``pa.system_memory_pool()``)
    while inside.

    Examples
    --------
    >>> import pyarrow as pa
    >>> from provenance.columns.pool import allocating_from_malloc
    >>> before = pa.default_memory_pool().backend_name
    >>> with allocating_from_malloc(pa):
    ...     pa.default_memory_pool().backend_name
    'system'
    >>> pa.default_memory_pool().backend_name == before
    True
    """
    global _readers, _before
    with _lock:
        if _readers == 0:
            _before = pa.default_memory_pool()
            pa.set_memory_pool(pa.system_memory_pool())
        _readers += 1
    try:
        yield
    finally:
        with _lock:
            _readers -= 1
            if _readers == 0:
                pa.set_memory_pool(_before)
                _before = None
