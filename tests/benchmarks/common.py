"""Shared helpers for the benchmarks: timing and JSON-line output."""

from __future__ import annotations

import json
import statistics
import time
from collections.abc import Callable
from typing import Any


def timed(fn: Callable[[], Any], repeat: int, warmup: int = 3) -> list[float]:
    for _ in range(warmup):
        fn()
    samples = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - t0) * 1000)
    return samples


def median(samples: list[float]) -> float:
    return round(statistics.median(samples), 3)


def emit(**fields: Any) -> None:
    print(json.dumps(fields, ensure_ascii=False), flush=True)


def loadavg() -> list[float]:
    """The 1, 5 and 15 minute load averages, printed next to each figure (the machine is shared)."""
    import os

    return [round(v, 2) for v in os.getloadavg()]


def bench_definition(session: Any, deployed_at: Any) -> None:
    """The one process definition (id 1, "bench") that the bulk-inserted benchmark cases belong to."""
    from sqlalchemy import insert

    from services.store.models import ProcessDefinition

    session.execute(
        insert(ProcessDefinition),
        [
            {
                "id": 1,
                "process_id": "bench",
                "name": "bench",
                "version": 1,
                "bundle_hash": "x",
                "file_hashes": [],
                "main_file_hash": "x",
                "lanes": [],
                "deployed_at": deployed_at,
            }
        ],
    )
