"""Make SpiffWorkflow's timers read the injected clock.

SpiffWorkflow's timer event definitions call ``datetime.now(timezone.utc)`` directly. We replace the
``datetime`` name inside that one module with a subclass whose ``now()`` asks the clock of the step
that is running (a context variable), falling back to the real time. Installed once, on first use
of the engine, never at import time.
"""

from __future__ import annotations

import contextvars
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime

from services.clock import Clock

_current: contextvars.ContextVar[Clock | None] = contextvars.ContextVar("ruimteflow_clock", default=None)
_installed = False


class _ClockedDatetime(datetime):
    @classmethod
    def now(cls, tz=None):  # type: ignore[override]
        clock = _current.get()
        moment = clock.now() if clock is not None else datetime.now(UTC)
        return moment.astimezone(tz) if tz is not None else moment.replace(tzinfo=None)


def install() -> None:
    global _installed
    if _installed:
        return
    from SpiffWorkflow.bpmn.specs.event_definitions import timer

    timer.datetime = _ClockedDatetime  # type: ignore[misc]
    _installed = True


@contextmanager
def using(clock: Clock) -> Iterator[None]:
    install()
    token = _current.set(clock)
    try:
        yield
    finally:
        _current.reset(token)
