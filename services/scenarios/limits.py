"""The bounds of scenario runs, in one place: how many scenarios one file (a model's scenarios) holds,
how many steps one scenario takes, how far its clock moves, and the CPU time one run of a file may use.

A run is synchronous: the model editor's "Testen" and "In gebruik nemen" run a draft's scenarios in the
web request (each scenario deploys the models on a fresh database, about a third of a second), and
``ruimteflow models test`` in the terminal. The shipped files hold at most 6 scenarios of at most 15
steps (bpmn/tests/*.yaml); the caps lie well above that and keep one run to about half a minute,
which the CPU budget then bounds whatever the steps do. README ("Models") and bpmn/MODELLING.md
("Scenario's") name them.
"""

from __future__ import annotations

import time
from typing import Any, Generic, Protocol, TypeVar

from processes.errors import Unprocessable
from processes.nederlands import getal

#: the scenarios one file (one model's scenarios, also a model editor's draft) may hold
MAX_SCENARIOS = 100
#: the steps one scenario may take (``verwacht`` on its own counts as one)
MAX_STEPS = 200
#: how far the clock may move in one scenario (100 years), and the years a scenario file may start in:
#: every moment a run computes stays far inside what a date can hold
MAX_CLOCK_DAYS = 36525
START_YEARS = (1900, 2999)
#: the CPU seconds one run of a file may use (its scenarios together), measured in the running thread
RUN_CPU_SECONDS = 60.0


def thread_cpu_time() -> float:
    """The CPU seconds the running thread used so far (what the budget counts)."""
    return time.thread_time()


class Finished(Protocol):
    """A scenario that ran to its end, passed or failed (services.scenarios.Outcome)."""

    def row(self) -> dict[str, Any]:
        """As the model editor shows it: ``naam``, ``geslaagd``, ``fouten``."""
        ...


Done = TypeVar("Done", bound=Finished)


class RunBudget(Generic[Done]):
    """The CPU budget of one run of a file's scenarios, counted on the running thread's CPU clock (a
    web server's other requests do not count), and the run's outcomes so far (``finished``, which the
    run returns). ``check`` after each part of a scenario stops the run once the budget is spent, naming
    the scenario that was running and where, with the outcomes of the scenarios that ran before it."""

    def __init__(self, file: str, total: int, seconds: float | None = None):
        self.file, self.total = file, total
        self.seconds = RUN_CPU_SECONDS if seconds is None else seconds
        self.start = thread_cpu_time()
        self.outcomes: list[Done] = []

    @property
    def done(self) -> int:
        """How many scenarios ran to their end."""
        return len(self.outcomes)

    def finished(self, outcome: Done) -> None:
        """Count a scenario that ran to its end, with its outcome."""
        self.outcomes.append(outcome)

    def check(self, scenario: str, where: str) -> None:
        """Unprocessable (422 ``scenarios-rekentijd``) once the run used more than its budget."""
        if thread_cpu_time() - self.start <= self.seconds:
            return
        budget = getal(self.seconds, 6, kort=True)
        raise Unprocessable(
            f"Scenariobestand '{self.file}': de scenario's gebruikten meer dan {budget} s rekentijd; de test is "
            f"afgebroken in scenario '{scenario}' ({where}), na {self.done} van {self.total} scenario's. Neem "
            "minder of kortere scenario's op.",
            code="scenarios-rekentijd",
            scenario=scenario,
            waar=where,
            scenarios=[o.row() for o in self.outcomes],
        )
