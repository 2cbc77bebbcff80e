"""A script run in the restricted environment inside a step, as the engine runs it, with a CPU budget."""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime
from types import SimpleNamespace
from typing import Any

from services.clock import FixedClock
from services.engine import context as step_context
from services.engine.scripting import RestrictedEnvironment

#: seconds of CPU time a script gets
BUDGET = 0.2


def step_ctx(budget: float = BUDGET) -> step_context.StepContext:
    """The context of a step of case Z-2026-000001 with ``budget`` seconds of CPU time for its scripts."""
    return step_context.StepContext(
        clock=FixedClock(datetime(2026, 3, 2, 9, 0, tzinfo=UTC)),
        case_id=None,
        case_reference="Z-2026-000001",
        settings=SimpleNamespace(script_cpu_seconds=budget),
    )


def sandbox_env() -> RestrictedEnvironment:
    """The restricted environment with one helper, ``verdubbel``."""
    return RestrictedEnvironment({"verdubbel": lambda x: 2 * x}, {})


def run_script(
    mode: str, source: str, data: dict[str, Any], timeout: float = 10.0, budget: float = BUDGET
) -> BaseException | None:
    """Run one script in a step (as the engine does) in a thread, with ``budget`` seconds of CPU time; the
    error it ended with, if any."""
    outcome: dict[str, Any] = {}

    def target() -> None:
        with step_context.step(step_ctx(budget)):
            try:
                if mode == "eval":
                    data["resultaat"] = sandbox_env().evaluate(source, data)
                else:
                    sandbox_env().execute(source, data)
            except BaseException as exc:  # noqa: BLE001 - handed to the test
                outcome["error"] = exc

    worker = threading.Thread(target=target, daemon=True)
    started = time.monotonic()
    worker.start()
    worker.join(timeout)
    assert not worker.is_alive(), f"script '{source.strip()[:40]}' still running after {timeout} s"
    outcome["seconds"] = time.monotonic() - started
    return outcome.get("error")
