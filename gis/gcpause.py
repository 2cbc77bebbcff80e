"""Pause Python's cyclic garbage collector during a bulk check.

A batch check decodes a large JSON document and builds one dict per conflict: hundreds of thousands
of containers, none in a reference cycle, all freed by reference counting. The cyclic collector
would still run some two thousand times over them during one check (about a tenth of its time).
Pausing it only skips that scanning; it runs again right after. Thread-safe in effect: only the
caller that found the collector enabled enables it again.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """Run the body with the cyclic garbage collector disabled (if it was enabled)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
