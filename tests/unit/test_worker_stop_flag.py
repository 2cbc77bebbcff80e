"""The worker's loop never holds the lock of its stop request (review "sessie12e", 2): a signal handler
runs in the thread it interrupts, and ``threading.Event.set`` there waited for ever on the lock that this
same thread held inside ``Event.wait`` between passes, so a SIGTERM in that moment hung the worker."""

from __future__ import annotations

from typing import Any

import pytest

from services import scheduler


class _LockedStop:
    """A stop request whose lock-taking wait must not be used by the loop."""

    def __init__(self) -> None:
        self.flag = False

    def set(self) -> None:
        self.flag = True

    def is_set(self) -> bool:
        return self.flag

    def wait(self, timeout: float | None = None) -> bool:
        raise AssertionError("the loop waited on the stop request's lock")


def test_the_loop_pauses_by_reading_the_flag_not_by_waiting_on_a_lock(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    stop = _LockedStop()
    passes: list[Any] = []

    def one_pass(platform: Any, stopped: Any = None) -> dict[str, int]:
        passes.append(platform)
        if len(passes) == 2:
            stop.set()
        return {}

    monkeypatch.setattr(scheduler, "one_pass", one_pass)
    scheduler.run_forever(None, 0.01, stop)  # type: ignore[arg-type]
    assert len(passes) == 2


def test_a_signal_handlers_stop_flag_takes_no_lock() -> None:
    from web.worker_lifecycle import StopFlag

    flag = StopFlag()
    assert not flag.is_set()
    flag.set()
    assert flag.is_set() and not hasattr(flag, "_cond")  # no Condition (an Event's lock) behind it


class _RunningTimers:
    """A timer process that keeps running."""

    def poll(self) -> None:
        return None


def test_serves_timer_supervisor_pauses_by_reading_the_flag_not_by_waiting_on_a_lock() -> None:
    """serve's arbiter tells the supervisor to stop from its signal handler (``stopping``): its watch loop
    waited on an Event's lock (``Event.wait``), which that handler's ``Event.set`` could wait on for ever."""
    import threading
    import time

    from web import server

    supervisor = server.SchedulerSupervisor.__new__(server.SchedulerSupervisor)
    supervisor._lock, supervisor._stop = threading.RLock(), _LockedStop()  # type: ignore[assignment]
    supervisor.process = _RunningTimers()  # type: ignore[assignment]
    supervisor.restarts = server.Restarts(poll=0.02, first=0.02, cap=0.02, healthy=30)
    threading.Timer(0.2, supervisor.stopping).start()
    started = time.monotonic()
    supervisor._watch()  # returns once stopping() set the flag
    assert 0.15 < time.monotonic() - started < 5


def test_serves_timer_supervisor_is_stopped_by_the_lock_free_flag(monkeypatch: pytest.MonkeyPatch) -> None:
    from web import server
    from web.worker_lifecycle import StopFlag

    monkeypatch.setattr(server, "start_scheduler_process", lambda database, base_url=None: _RunningTimers())
    supervisor = server.SchedulerSupervisor(None)
    assert isinstance(supervisor._stop, StopFlag)  # one kind of stop request, the worker's
    supervisor.stopping()
    supervisor._thread.join(timeout=2)  # its watch ends within a short sleep, not a whole poll
    assert supervisor._stop.is_set() and not supervisor._thread.is_alive()
