"""The case service layer against a fake repository and unit of work (no database)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any, cast

from services import cases, step_effects
from services.clock import FixedClock
from services.engine.runtime import OpenTask, StepResult
from tests.unit.fakes import FakeCaseRepository, FakePlatform, case

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def _open_task() -> OpenTask:
    return OpenTask("t1", "kiezen", "Kiezen", None, ["Team A"], None, None, None, None, {})


def test_a_running_case_with_nothing_to_wait_for_becomes_an_incident_with_an_audit_line() -> None:
    repo = FakeCaseRepository()
    stuck = case(7)
    step_effects.flag_stuck(repo, stuck, StepResult(waiting_elements=["samen"]), NOW)
    assert stuck.status == "incident" and stuck.next_timer_at is None
    assert "'samen'" in (stuck.incident or "")
    [event] = repo.events
    assert (event.case_id, event.kind, event.public) == (7, "incident", False)
    assert event.data == {"elementen": ["samen"]}


def test_a_case_with_an_open_task_a_timer_or_an_awaited_message_is_not_stuck() -> None:
    repo = FakeCaseRepository()
    for result in (
        StepResult(open_tasks=[_open_task()]),
        StepResult(next_timer_at=NOW + timedelta(days=1)),
        StepResult(expected_messages=["aanvulling"]),
        StepResult(finished=True),
    ):
        running = case(1)
        step_effects.flag_stuck(repo, running, result, NOW)
        assert running.status == "lopend"
    paused = case(2, status="gepauzeerd")
    step_effects.flag_stuck(repo, paused, StepResult(), NOW)
    assert paused.status == "gepauzeerd" and repo.events == []


def test_due_timers_skip_cases_another_worker_holds_and_commit_nothing_for_them() -> None:
    due = [case(1, next_timer_at=NOW - timedelta(hours=1)), case(2, next_timer_at=NOW - timedelta(hours=2))]
    later = case(3, next_timer_at=NOW + timedelta(days=1))
    repo = FakeCaseRepository([*due, later], held_by_others={1, 2})
    platform = FakePlatform(clock=FixedClock(NOW), repo=repo)
    assert cases.fire_due_timers(cast(Any, platform)) == []
    # one read to find the due cases (earliest first), then one unit of work per due case; no commit
    assert platform.log == ["begin", "end", "begin", "end", "begin", "end"]
    assert repo.due_ids(NOW, 10) == [2, 1]
    assert [c.status for c in repo.cases.values()] == ["lopend", "lopend", "lopend"]


def test_a_branch_that_stands_still_is_an_incident_though_other_branches_wait() -> None:
    """Review sessie11d finding 1: a branch left ready with nothing to run it (the ter-inzage gateway) hid
    behind a timer in August and an awaited message on another branch; the case stood still unnoticed."""
    repo = FakeCaseRepository()
    running = case(7)
    result = StepResult(
        next_timer_at=NOW + timedelta(days=120), expected_messages=["ingebrekestelling"], stalled=["ti_wacht"]
    )
    step_effects.flag_stuck(repo, running, result, NOW)
    assert running.status == "incident" and "'ti_wacht'" in (running.incident or "")
    assert [e.kind for e in repo.events] == ["incident"]
