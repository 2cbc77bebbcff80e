"""The scheduler: fire due timers, deliver the outbox and empty delivered mails whose retention ended, in a
loop (worker process, or a thread in `serve`); and whether it keeps up (``late_timers``)."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from datetime import timedelta
from typing import Any, Protocol

from sqlalchemy import func, select

from services import logs, outbox
from services.cases import fire_due_timers
from services.channels import channel_handlers, close_handlers
from services.clock import iso_utc
from services.given_besluiten import complete_given_besluiten
from services.given_deadlines import clear_given_deadlines
from services.mail.compose import deadline_reminders
from services.mail.retention import purge_delivered
from services.platform import Platform
from services.store.models import Case
from services.store.repository import timer_due
from services.zgw_publication_documents import sweep_documents

log = logging.getLogger("ruimteflow.scheduler")


def run_once(
    platform: Platform, limit: int = 100, stop: Callable[[], bool] = lambda: False
) -> list[dict[str, Any]]:
    return fire_due_timers(platform, limit=limit, stop=stop)


def deliver_once(platform: Platform, stop: Callable[[], bool] = lambda: False) -> outbox.DeliveryReport:
    """Deliver the due outbox messages (ZGW, e-mail) that steps committed; failures stay on the message.
    Documents uploaded outside a step are first put in the outbox of their (registered) case. ``stop``:
    see ``outbox.deliver_due`` (a stopping worker ends after the message in flight)."""
    sweep_documents(platform)
    handlers = channel_handlers(platform)
    try:
        return outbox.deliver_due(platform, handlers=handlers, stop=stop)
    finally:
        close_handlers(handlers)


def timers_failed(fired: list[dict[str, Any]]) -> bool:
    """Whether a line of ``fire_due_timers`` is a case whose timer step failed unexpectedly (``fout``)."""
    return any("fout" in line for line in fired)


def delivery_failed(report: dict[str, int] | None) -> bool:
    """Whether the outbox part's report (``DeliveryReport.as_dict``) has a message that failed this time
    (``mislukt``: tried again later) or was given up (``dood``): `worker --once` then exits 1, as for a
    failed timer (review sessie16, beheer 5: it exited 0 when every mail of its pass was refused)."""
    return report is not None and bool(report.get("mislukt") or report.get("dood"))


def one_pass(platform: Platform, stop: Callable[[], bool] = lambda: False) -> dict[str, Any]:
    """One scheduler iteration: fire due timers, complete the open task that takes a besluit whose final
    letter is sent by now (services.given_besluiten: the process learns of the besluit on its day), clear
    the legal deadline of the open tasks whose besluit is given by now (a letter dated ahead, on its day:
    services.given_deadlines), write the officers' deadline reminders, deliver the outbox (in that order,
    so no reminder warns of a term that ended with its besluit and a reminder goes out in the same pass),
    then empty the delivered mails kept longer than ``outbox_bewaar_dagen`` (services.mail.retention). The
    loop and ``worker --once`` (cron) both run exactly this. A failing part is logged, named in ``mislukt`` (so is a failed timer
    step, and an outbox message that failed or was given up), and never stops the parts after it.
    ``stop`` (the loop was asked to stop) ends the pass between units of work, never in one: after the
    case whose timers fire, the task being reminded or the outbox message in flight (``deliver_once``),
    and no part starts once it is set."""
    result: dict[str, Any] = {
        "afgevuurd": [],
        "besluiten_afgerond": 0,
        "termijnen_gewist": 0,
        "herinneringen": 0,
        "afgeleverd": None,
        "gewist": 0,
        "mislukt": [],
    }
    parts: list[tuple[str, str, Callable[[], Any]]] = [
        ("afgevuurd", "timers fired", lambda: run_once(platform, stop=stop)),
        (
            "besluiten_afgerond",
            "besluit tasks completed by their sent letter",
            lambda: complete_given_besluiten(platform, stop),
        ),
        (
            "termijnen_gewist",
            "legal deadlines of given besluiten cleared",
            lambda: clear_given_deadlines(platform),
        ),
        ("herinneringen", "deadline reminders", lambda: deadline_reminders(platform, stop)),
        ("afgeleverd", "outbox", lambda: deliver_once(platform, stop).as_dict()),
        ("gewist", "delivered mails emptied", lambda: purge_delivered(platform)),
    ]
    for key, what, part in parts:
        if stop():
            break
        try:
            result[key] = part()
        except Exception as exc:  # noqa: BLE001 - keep the loop alive; the error is logged
            logs.failure(log, logging.ERROR, "scheduler pass failed: %s", what, exc=exc)
            result["mislukt"].append(key)
            continue
        if result[key] and (key != "afgeleverd" or any(result[key].values())):
            log.info("%s: %s", what, result[key])
    if timers_failed(result["afgevuurd"]):  # a case's timer failed (logged, retried)
        result["mislukt"].append("afgevuurd")
    if delivery_failed(result["afgeleverd"]):  # a message failed (logged, retried) or was given up
        result["mislukt"].append("afgeleverd")
    return result


class StopRequest(Protocol):
    """What ends the loop: a ``threading.Event``, or a signal handler's lock-free flag
    (web.worker_lifecycle.StopFlag)."""

    def is_set(self) -> bool: ...


def pause(stop: StopRequest, interval: float) -> bool:
    """Sleep ``interval`` seconds, or until ``stop`` is set, by short sleeps that only read the flag: the
    loop never holds the event's lock, which a signal handler setting it in this thread would wait on
    for ever (review sessie12e, 2: ``stop.wait`` here hung the worker on a SIGTERM in that moment).
    Whether ``stop`` is set (as ``Event.wait`` answers); serve's timer supervisor pauses by it too."""
    end = time.monotonic() + interval
    while not stop.is_set() and (left := end - time.monotonic()) > 0:
        time.sleep(min(left, 0.1))
    return stop.is_set()


def run_forever(
    platform: Platform, interval: float, stop: StopRequest, alive: Callable[[], bool] = lambda: True
) -> None:
    """Passes every ``interval`` seconds until ``stop`` is set (a pass in flight ends after the unit of
    work in flight: ``one_pass``) or, checked before each pass, ``alive`` says no (serve's timer process
    whose serve is gone)."""
    while not stop.is_set() and alive():
        one_pass(platform, stop.is_set)
        pause(stop, interval)


def start_thread(platform: Platform, interval: float) -> threading.Event:
    stop = threading.Event()
    threading.Thread(
        target=run_forever, args=(platform, interval, stop), name="ruimteflow-scheduler", daemon=True
    ).start()
    return stop


#: a timer this many scheduler intervals overdue (and at least LATE_AT_LEAST) is late: no pass fired it
LATE_PASSES = 10
LATE_AT_LEAST = timedelta(minutes=2)


def late_timers(platform: Platform) -> dict[str, Any] | None:
    """The timers no scheduler pass fired in time, as the number of cases and the moment the oldest was
    due (``sinds``); None when none is late. Late timers mean that no timer process keeps up (serve's
    stopped or keeps stopping, no `ruimteflow worker` runs, or a pass fails): an otherwise invisible wait,
    which the beheer overview shows. One indexed read, no heartbeat written by the worker."""
    interval = timedelta(seconds=LATE_PASSES * platform.settings.scheduler_interval)
    late = platform.clock.now() - max(LATE_AT_LEAST, interval)
    with platform.uow(write=False) as uow:
        count, oldest = uow.session.execute(
            select(func.count(), func.min(Case.next_timer_at)).where(*timer_due(late))
        ).one()
    return {"aantal": int(count), "sinds": iso_utc(oldest)} if count else None
