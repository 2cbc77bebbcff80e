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
