"""Fill the small-object allocator's gaps left among the long-lived layers.

CPython's small-object allocator (pymalloc) keeps objects of up to 512 bytes in 16 KiB pools, one
size class per pool, and serves a new object from the free blocks of partly used pools first. Loading
a million layer features leaves some 170,000 free 64-byte blocks scattered over 14,000 pools between
the geometries and attribute strings that stay. Every later check then puts its short-lived lists and
dicts (the decoded request, the report rows) into those scattered gaps, one object per cache line and
page, which made parsing and reporting a batch about twice as slow as in a fresh process (measured:
parse 0.09 s against 0.05 s for 10,000 subjects, the bare STRtree query unchanged).

:func:`fill_gaps` allocates small placeholder objects (``bytes``) of each size class until the
allocator hands out a whole pool from its first block on, in address order: pymalloc starts a fresh
pool only when no partly used pool of that class is left, so the gaps of that class are then used up
(an untouched tail of a partly used pool also comes in address order, but not from the first block).
The caller keeps the placeholders alive as long as the layers. They take only memory the pools already
hold (plus at most one pool per class), and new objects are then packed together again. Where the
allocator is not pymalloc (PYTHONMALLOC=malloc, debug hooks, another Python), nothing is done.
"""

from __future__ import annotations

import os
import sys

SMALLEST_CLASS = 48  # bytes objects are at least 33 bytes: the 16- and 32-byte classes hold ints and floats
LARGEST_CLASS = 512  # pymalloc's small-object threshold
CLASS_STEP = 16  # pymalloc's alignment on 64-bit builds
_BYTES_OVERHEAD = sys.getsizeof(b"")  # header and terminating NUL of a bytes object
POOL_SIZE = 16 * 1024  # pymalloc's pools on 64-bit CPython 3.10 and later, aligned to their size
POOL_HEADER = 48  # the first block of a pool starts after its header
# Bounds for when that run is never seen (measured: 11 MB of 64-byte gaps after loading a million
# features, a few KB in the other classes).
MAX_BYTES_PER_CLASS = 16 * 1024 * 1024
MAX_BYTES = 32 * 1024 * 1024


def pymalloc_in_use() -> bool:
    """True on CPython with its default small-object allocator and no debug hooks."""
    if sys.implementation.name != "cpython" or sys.flags.dev_mode:
        return False
    return os.environ.get("PYTHONMALLOC", "pymalloc") in ("pymalloc", "")


def fill_gaps() -> list[bytes]:
    """Placeholders that fill the free blocks of partly used pools, per size class (keep them alive)."""
    if not pymalloc_in_use():
        return []
    placeholders: list[bytes] = []
    budget = MAX_BYTES
    for size in range(SMALLEST_CLASS, LARGEST_CLASS + 1, CLASS_STEP):
        made = _fill_class(size, min(MAX_BYTES_PER_CLASS, budget))
        budget -= len(made) * size
        placeholders.extend(made)
    return placeholders


def _fill_class(size: int, budget: int) -> list[bytes]:
    length = size - _BYTES_OVERHEAD
    limit = budget // size
    per_pool = (POOL_SIZE - POOL_HEADER) // size
    made: list[bytes] = []
    run = previous = 0
    while run < per_pool and len(made) < limit:
        block = bytes(length)  # a new object each time (only b"" and 1-byte bytes are shared)
        made.append(block)
        address = id(block)
        if address % POOL_SIZE == POOL_HEADER:
            run = 1  # the first block of a pool
        elif run and address - previous == size:
            run += 1
        else:
            run = 0
        previous = address
    return made
