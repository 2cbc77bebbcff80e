"""The scheduler: fire due timers in a loop (worker process, or a thread inside `serve`)."""

from __future__ import annotations

import logging
import threading
from typing import Any

from services.cases import fire_due_timers
from services.platform import Platform

log = logging.getLogger("ruimteflow.scheduler")


def run_once(platform: Platform, limit: int = 100) -> list[dict[str, Any]]:
    return fire_due_timers(platform, limit=limit)


def run_forever(platform: Platform, interval: float, stop: threading.Event) -> None:
    while not stop.is_set():
        try:
            fired = run_once(platform)
            if fired:
                log.info("timers fired: %s", fired)
        except Exception:  # noqa: BLE001 - keep the loop alive; the error is logged
            log.exception("scheduler pass failed")
        stop.wait(interval)


def start_thread(platform: Platform, interval: float) -> threading.Event:
    stop = threading.Event()
    threading.Thread(
        target=run_forever, args=(platform, interval, stop), name="ruimteflow-scheduler", daemon=True
    ).start()
    return stop
