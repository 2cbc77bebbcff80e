"""One side of a race in a thread of its own (the race tests pause the other side in a session event),
and the moment the other side waits for a lock on PostgreSQL."""

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
