"""One lock per process for the prepared geometries that threads share.

A layer's features stay prepared between checks (gis.layers.Layer.prepare, gis.matching) and the
municipality's area is kept prepared (services.gemeente_area), in every thread of a web worker. GEOS
prepared geometries are not thread-safe (libgeos/geos issue #825; the fix, PR #826, is not merged): a
prepared polygon builds its indexes lazily on first use, and its segment intersector keeps state while a
predicate runs. Shapely releases the GIL during predicates, so concurrent checks in one process crashed
it (SIGSEGV, or SIGABRT on a corrupted heap) with Shapely 2.2 / GEOS 3.14: tests/unit/gis/test_prepared_threads.py.

So every predicate on such a geometry, and the preparing itself, runs holding :func:`shared_prepared`:
threads of one process take turns there (other processes are not affected). The lock is reentrant, as a
check holds it while preparing a layer's features.
"""

from __future__ import annotations

import threading

_LOCK = threading.RLock()


def shared_prepared() -> threading.RLock:
    """The lock to hold around any use of a prepared geometry that other threads may use:
    ``with shared_prepared(): ...``."""
    return _LOCK
