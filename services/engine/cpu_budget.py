"""The CPU budget of a BPMN script, checked in the running thread and by a watchdog.

The sandbox policy puts a ``_tick_()`` call in every loop body, comprehension and function; the tick
checks ``time.thread_time``. Once spent it keeps raising, so a script cannot swallow the error.

Builtins that loop over other builtins never tick (``sum(map(sum, map(range, range(10 ** 7))))`` has
no loop of its own), so a watchdog thread also reads the CPU clock of every thread that runs a script
(``watched()``) and, once its budget is spent, raises the limit error in that thread (CPython's
``PyThreadState_SetAsyncExc``), again every interval while the script runs. The error lands at the
next Python-level step, which a guarded builtin such as ``range`` or a tick always is. When the
script ends, the thread unregisters with a builtin call (no Python frame where an interruption could
land before it) and clears a pending interruption, so none reaches the platform's own code; the one
window left (the watchdog checked the registration just before the script ended) can deliver a single
limit error late, for a script that did exceed its budget. An interruption that lands in a callback
the garbage collector runs (a weakref callback) is reported by Python as unraisable and lost; the
watchdog fires again the next interval, so the script is stopped all the same.
"""

from __future__ import annotations

import ctypes
import os
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from processes.nederlands import getal

from .sandbox_limits import ScriptLimitExceeded

#: Check the thread's CPU time every this many ticks (one check costs about a microsecond).
_CHECK_EVERY = 16
#: How often the watchdog reads the CPU clocks of the threads running a script, in seconds.
WATCH_INTERVAL = 0.02

_set_async_exc = ctypes.pythonapi.PyThreadState_SetAsyncExc


class ScriptInterrupted(ScriptLimitExceeded):
    """The watchdog's interruption; raised asynchronously, so it is built without arguments."""

    def __init__(self, detail: str = "Het script gebruikte te veel rekentijd en is afgebroken.") -> None:
        super().__init__(detail)


class CpuBudget:
    """The CPU budget of one script run, checked by the ``_tick_()`` calls the policy puts in every loop
    body, comprehension and function. Once spent, every further tick raises, so a script that catches
    the error cannot go on looping; ``check()`` after the run refuses a script that swallowed it."""

    def __init__(self, seconds: float, describe: Callable[[], str]):
        self.seconds = seconds
        self.describe = describe
        self.start = time.thread_time()
        self.ticks = 0
        self.over = False
        self.interrupted = False

    def exceeded(self) -> ScriptLimitExceeded:
        budget = getal(self.seconds, 6, kort=True)
        return ScriptLimitExceeded(
            f"{self.describe()} gebruikte meer dan {budget} s rekentijd en is afgebroken."
        )

    def tick(self) -> bool:
        self.ticks += 1
        if self.over or (self.ticks % _CHECK_EVERY == 0 and time.thread_time() - self.start > self.seconds):
            self.over = True
            raise self.exceeded()
        return True

    def check(self) -> None:
        if self.over or time.thread_time() - self.start > self.seconds:
            raise self.exceeded()

    @contextmanager
    def watched(self) -> Iterator[None]:
        """Run a script under the watchdog; its interruption surfaces as this budget's limit error."""
        ident = threading.get_ident()
        _WATCHDOG.watch(ident, self)
        try:
            yield
        except ScriptInterrupted:
            raise self.exceeded() from None
        finally:
            # first a builtin call, so that no Python frame can take an interruption before it: once
            # unregistered the watchdog fires no more into this thread, and a pending one is cleared
            _WATCHED.pop(ident, None)
            if self.interrupted:
                _set_async_exc(ctypes.c_ulong(ident), None)


#: thread ident -> the budget of the script it runs now
_WATCHED: dict[int, CpuBudget] = {}


class _Watchdog:
    """One daemon thread per process that interrupts scripts over their CPU budget."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._wake = threading.Event()
        self._thread: threading.Thread | None = None

    def watch(self, ident: int, budget: CpuBudget) -> None:
        _WATCHED[ident] = budget
        if self._thread is None:
            with self._lock:
                if self._thread is None:
                    self._thread = threading.Thread(target=self._run, name="script-watchdog", daemon=True)
                    self._thread.start()
        self._wake.set()

    def _run(self) -> None:
        while True:
            if not _WATCHED:
                self._wake.wait()
                self._wake.clear()
                continue
            time.sleep(WATCH_INTERVAL)
            for ident, budget in list(_WATCHED.items()):
                if self._spent(ident, budget):
                    budget.over = budget.interrupted = True  # before the check: see watched()'s finally
                    if _WATCHED.get(ident) is budget:
                        _set_async_exc(ctypes.c_ulong(ident), ctypes.py_object(ScriptInterrupted))

    @staticmethod
    def _spent(ident: int, budget: CpuBudget) -> bool:
        try:
            used = time.clock_gettime(time.pthread_getcpuclockid(ident)) - budget.start
        except OSError:  # the thread ended (ProcessLookupError)
            return False
        return used > budget.seconds

    def after_fork(self) -> None:
        """A forked worker has no watchdog thread: start a new one when it first runs a script."""
        _WATCHED.clear()
        self._lock = threading.Lock()
        self._wake = threading.Event()
        self._thread = None


_WATCHDOG = _Watchdog()
os.register_at_fork(after_in_child=_WATCHDOG.after_fork)
