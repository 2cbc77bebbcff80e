"""Fair turns for the timers (outside tester contract7, 2): six cases of a model with a 1 s timer in a loop
and steps of 3.5 s kept the one timer process busy; an unrelated case's 5 s timer fired after 32 s. Its
timer passed while the loops' steps ran, but the pass went only through the cases due when it began; the
next pass put the loops' new timers, due before it, first. Now a pass takes each case at most once, the
cases due at its start oldest first, then those that came due meanwhile. Told by order, with the test
clock moved by the steps: no clock is read by the test."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any, cast

import pytest

from services import case_timers, cases
from services.clock import FixedClock
from tests.unit.fakes import FakeCaseRepository, FakePlatform, case

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
LOOPS, OTHER = (1, 2, 3), 9


def _platform(monkeypatch: pytest.MonkeyPatch) -> tuple[FakePlatform, list[int]]:
    """Three looping cases due now, and another due in 5 s; each step takes 3.5 s of the test clock and
    arms a looping case's next timer 1 s after it."""
    loops = [case(i, next_timer_at=NOW - timedelta(seconds=i)) for i in LOOPS]
    repo = FakeCaseRepository([*loops, case(OTHER, next_timer_at=NOW + timedelta(seconds=5))])
    clock = FixedClock(NOW)
    platform, fired = FakePlatform(clock=clock, repo=repo), []

    def step(_platform: Any, case_id: int, moment: datetime) -> dict[str, Any] | None:
        running = repo.lock_due(case_id, moment, skip_locked=True)
        if running is None:
            return None
        fired.append(case_id)
        clock.advance(seconds=3.5)
        running.next_timer_at = clock.now() + timedelta(seconds=1) if case_id in LOOPS else None
        return {"zaak": running.reference}

    monkeypatch.setattr(case_timers, "_fire_one", step)
    return platform, fired


def test_a_timer_that_passes_while_looping_cases_step_fires_in_the_same_pass(monkeypatch):
    platform, fired = _platform(monkeypatch)
    lines = cases.fire_due_timers(cast(Any, platform))
    # the loops due at the start, oldest first, then the other case, due since 5 s; no loop a second time
    assert fired == [3, 2, 1, OTHER] and len(lines) == 4
    assert cases.fire_due_timers(cast(Any, platform)) and fired[4:] == [3, 2, 1]  # the next pass: the loops


def test_a_pass_takes_at_most_its_limit_of_cases(monkeypatch):
    platform, fired = _platform(monkeypatch)
    cases.fire_due_timers(cast(Any, platform), limit=2)
    assert fired == [3, 2]


def test_a_pass_at_a_given_moment_takes_only_the_cases_due_then(monkeypatch):
    """``now`` given (the CLI's moment): the pass acts at that moment, whatever its steps' clock says."""
    platform, fired = _platform(monkeypatch)
    cases.fire_due_timers(cast(Any, platform), NOW)
    assert fired == [3, 2, 1]
