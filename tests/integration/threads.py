"""One side of a race in a thread of its own (the race tests pause the other side in a session event)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any


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
