"""The scheduler: fire due timers and deliver the outbox in a loop (worker process, or a thread in `serve`)."""

from __future__ import annotations

import logging
import threading
from typing import Any

from services import outbox
from services.cases import fire_due_timers
from services.channels import channel_handlers, close_handlers
from services.mail.compose import deadline_reminders
from services.platform import Platform
from services.zgw_publication import sweep_documents

log = logging.getLogger("ruimteflow.scheduler")


def run_once(platform: Platform, limit: int = 100) -> list[dict[str, Any]]:
    return fire_due_timers(platform, limit=limit)


def deliver_once(platform: Platform) -> outbox.DeliveryReport:
    """Deliver the due outbox messages (ZGW, e-mail) that steps committed; failures stay on the message.
    Documents uploaded outside a step are first put in the outbox of their (registered) case."""
    sweep_documents(platform)
    handlers = channel_handlers(platform)
    try:
        return outbox.deliver_due(platform, handlers=handlers)
    finally:
        close_handlers(handlers)


def run_forever(platform: Platform, interval: float, stop: threading.Event) -> None:
    while not stop.is_set():
        try:
            fired = run_once(platform)
            if fired:
                log.info("timers fired: %s", fired)
        except Exception:  # noqa: BLE001 - keep the loop alive; the error is logged
            log.exception("scheduler pass failed")
        try:
            reminded = deadline_reminders(platform)  # once per task, before the delivery below
            if reminded:
                log.info("deadline reminders: %s", reminded)
        except Exception:  # noqa: BLE001 - a reminder pass never stops the timers
            log.exception("reminder pass failed")
        try:
            report = deliver_once(platform)
            if report.total:
                log.info("outbox: %s", report.as_dict())
        except Exception:  # noqa: BLE001 - a delivery pass never stops the timers
            log.exception("outbox pass failed")
        stop.wait(interval)


def start_thread(platform: Platform, interval: float) -> threading.Event:
    stop = threading.Event()
    threading.Thread(
        target=run_forever, args=(platform, interval, stop), name="ruimteflow-scheduler", daemon=True
    ).start()
    return stop
