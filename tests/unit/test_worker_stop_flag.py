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
