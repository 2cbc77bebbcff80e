"""How a `ruimteflow worker` loop stops: after the pass in flight on SIGTERM or SIGINT (systemd, docker
stop, `timeout`, Ctrl-C, serve stopping its timer process), so the outcome of a delivery in flight is
recorded (a mail the server accepted is not sent again after its lease); and, as serve's timer process,
once serve is gone (a master killed with SIGKILL left it running with parent PID 1, firing timers next
to the timer process of a restarted serve)."""

from __future__ import annotations

import os
import signal
import sys
from collections.abc import Callable
from typing import Any

#: Linux prctl(2) option: the signal this process gets when its parent ends
PR_SET_PDEATHSIG = 1


class StopFlag:
    """A stop request that a signal handler sets: a plain attribute and no lock. ``threading.Event.set``
    takes the event's lock, and a handler runs in the thread it interrupts: when that thread held the
    lock at that moment (inside ``Event.wait``, or a first handler's ``set``), the handler waited for ever
    (review sessie12e, 2). The worker's loop and serve's timer supervisor (set by its arbiter's signal
    handler) both use it, pausing by ``services.scheduler.pause``."""

    def __init__(self) -> None:
        self._set = False

    def set(self) -> None:
        self._set = True

    def is_set(self) -> bool:
        return self._set


class StopOnSignals:
    """SIGTERM and SIGINT set ``stop`` (the loop ends after the pass in flight, and the worker exits 0);
    ``received`` names the first signal. A repeated signal (serve stopping a timer process that the
    process group's SIGTERM reached already) does the same, so it cannot cut the pass off either."""

    def __init__(self, stop: StopFlag):
        self.stop = stop
        self.received: str | None = None
        for signum in (signal.SIGTERM, signal.SIGINT):
            signal.signal(signum, self._handle)

    def _handle(self, signum: int, _frame: Any) -> None:
        self.received = self.received or signal.Signals(signum).name
        self.stop.set()


def serve_pid(marker: str | None) -> int | None:
    """The PID of the serve that started this timer process (the value of serve's TIMER_PROCESS_OF_SERVE
    marker); None for a worker started on its own, or a marker without one."""
    return int(marker) if marker and marker.isdigit() else None


def die_with_parent() -> None:
    """Linux: SIGTERM (so: stop after the pass in flight) when the parent process ends. Elsewhere, or
    when prctl is not there, the loop's check before each pass (``parent_alive``) is all."""
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, int(signal.SIGTERM), 0, 0, 0)
    except (OSError, AttributeError):  # pragma: no cover - no libc prctl
        pass


def parent_alive(parent: int) -> Callable[[], bool]:
    """Whether this process's parent is still ``parent``: an orphan is adopted by PID 1 (or a subreaper),
    so its parent PID changes the moment serve dies, also when serve died before this check began."""

    def alive() -> bool:
        return os.getppid() == parent

    return alive
