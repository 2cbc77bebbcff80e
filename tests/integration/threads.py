"""One side of a race in a thread of its own (the race tests pause the other side in a session event),
the moment the other side waits for a lock on PostgreSQL, and both sides run so (``held_while``)."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

from sqlalchemy import text

from services.platform import Platform

WAIT = 10.0  # seconds: a thread that has not got that far by then is stuck


def start_thread(target: Callable[[], Any], out: dict[str, Any], key: str) -> threading.Thread:
    """Run ``target`` in a daemon thread; its result, or the exception it raised, lands in ``out[key]``."""

    def run() -> None:
        try:
            out[key] = target()
        except Exception as exc:  # noqa: BLE001 - reported by the test's assertion
            out[key] = exc

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread


def one_waits_for_a_lock(platform: Platform, thread: threading.Thread | None = None) -> bool:
    """Whether, within WAIT, a connection to this PostgreSQL database waits for a lock (a row lock or an
    advisory lock: the second side of the race has reached it and waits for the first side's transaction);
    False as soon as ``thread`` (the second side, when given) has ended without waiting. A condition polled
    every 20 ms, not a time."""
    query = text(
        "select count(*) from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'"
    )
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        if thread is not None and not thread.is_alive():
            return False
        with platform.engine.connect() as conn:
            if conn.scalar(query):
                return True
        time.sleep(0.02)
    return False


def held_while(
    platform: Platform,
    reached: threading.Event,
    go_on: threading.Event,
    first: Callable[[], Any],
    second: Callable[[], Any],
) -> tuple[Any, Any, bool]:
    """Run ``first`` until it is held (where it sets ``reached`` and waits for ``go_on``), then ``second``
    until it waits for a lock or ends, then let ``first`` go on. Returns both outcomes (a result or the
    exception raised) and whether ``second`` waited for a lock."""
    out: dict[str, Any] = {}
    threads = [start_thread(first, out, "first")]
    try:
        assert reached.wait(WAIT)
        threads.append(start_thread(second, out, "second"))
        waited = one_waits_for_a_lock(platform, threads[1])
    finally:
        go_on.set()
        for thread in threads:
            thread.join(WAIT)
    return out["first"], out["second"], waited
