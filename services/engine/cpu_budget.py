"""The CPU budget of a BPMN script, checked in the running thread.

The sandbox policy puts a ``_tick_()`` call in every loop body, comprehension and function; the tick
checks ``time.thread_time``. Once spent it keeps raising, so a script cannot swallow the error.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from .sandbox import ScriptLimitExceeded

#: Check the thread's CPU time every this many ticks (one check costs about a microsecond).
_CHECK_EVERY = 16


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

    def exceeded(self) -> ScriptLimitExceeded:
        budget = f"{self.seconds:g}".replace(".", ",")
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
