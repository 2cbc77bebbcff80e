"""Races between separate processes, each with its own Platform (engine, connections), released together.

The children start from one shared ``forkserver`` that imported the platform once: a ``spawn`` child
imported it from scratch (about 1.4 s CPU each, two per race). A forked child still builds its own
Platform after the fork; nothing that holds a connection is preloaded."""

from __future__ import annotations

import multiprocessing as mp
from collections.abc import Callable, Sequence
from typing import Any

#: imported once in the forkserver; every child forks from it (the steps' services and both drivers)
PRELOAD = [
    "services.platform",
    "services.cases",
    "services.inbox",
    "services.step_reads",
    "sqlalchemy.dialects.postgresql.psycopg",
    "sqlalchemy.dialects.sqlite",
    "geopandas",
]

_CONTEXT = mp.get_context("forkserver")
_CONTEXT.set_forkserver_preload(PRELOAD)


def race(target: Callable[..., None], args_list: Sequence[tuple[Any, ...]], timeout: float = 60) -> list[Any]:
    """Run ``target(*args, barrier, results)`` in one child process per ``args``; the children pass
    ``barrier`` together and each puts its outcome on ``results``. The outcomes in the order they came;
    every child must have ended with exit code 0."""
    barrier = _CONTEXT.Barrier(len(args_list))
    results = _CONTEXT.Queue()
    procs = [_CONTEXT.Process(target=target, args=(*args, barrier, results)) for args in args_list]
    for p in procs:
        p.start()
    out = [results.get(timeout=timeout) for _ in procs]
    for p in procs:
        p.join(timeout=60)
        assert p.exitcode == 0
    return out
