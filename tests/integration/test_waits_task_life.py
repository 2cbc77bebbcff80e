"""A task's waiting and working time is its life cut at every claim, unclaim, pause and resume: waiting
while it is free, working while it is held, neither while beheer paused the case (services.waits.task_life).

The gaps (outside tester): the wait ran from the task's creation to its FIRST claim, so a pause by beheer
(nobody may claim the task then) was the team's waiting time, and a claim let go at once hid the queue
time after it (it counted as working time).
"""

from __future__ import annotations

import pytest

from processes.errors import Conflict
from services import beheer, cases, inbox
from services.clock import FixedClock
from services.platform import Platform
from services.waits import store
from tests.integration.inbox_case import open_task_row, start_case
from tests.integration.test_waits_moved_task import HOUR, _element, _waits


def test_the_time_beheer_paused_the_case_is_nobodys_waiting_time(
    any_platform: Platform, clock: FixedClock
) -> None:
    """Vergunningen had the task an hour, beheer paused the case two hours (anna's claim refused), then
    Vergunningen waited an hour more and worked an hour."""
    ref = start_case(any_platform)
    task_id = open_task_row(any_platform, ref).id
    clock.advance(hours=1)
    beheer.suspend(any_platform, ref, "bea", "controle")
    clock.advance(hours=1)
    with pytest.raises(Conflict) as refused:
        inbox.claim(any_platform, task_id, "anna")
    assert refused.value.code == "zaak-gepauzeerd"
    clock.advance(hours=1)
    beheer.resume(any_platform, ref, "bea")
    clock.advance(hours=1)
    inbox.claim(any_platform, task_id, "anna")
    clock.advance(hours=1)
    cases.complete_task(any_platform, task_id, "anna", {})
    expected = [("Vergunningen", 2 * HOUR, HOUR)]
    assert _waits(any_platform) == expected  # was [("Vergunningen", 4 * HOUR, HOUR)]
    assert _element(any_platform) == [("invoer", 1, 2.0, 1.0)]
    store.rebuild(any_platform)  # the whole history gives the same rows
    assert _waits(any_platform) == expected


def test_every_spell_the_task_was_free_is_waiting_time(any_platform: Platform, clock: FixedClock) -> None:
    """A claim let go (after half an hour, or at once) does not end the team's wait: the task waits again
    until it is claimed for good."""
    ref = start_case(any_platform)
    task_id = open_task_row(any_platform, ref).id
    clock.advance(hours=1)
    inbox.claim(any_platform, task_id, "anna")
    clock.advance(minutes=30)
    inbox.unclaim(any_platform, task_id, "anna")
    clock.advance(hours=2)
    inbox.claim(any_platform, task_id, "anna")  # claimed and let go at the same moment
    inbox.unclaim(any_platform, task_id, "anna")
    clock.advance(hours=1)
    inbox.claim(any_platform, task_id, "anna")
    clock.advance(hours=1)
    cases.complete_task(any_platform, task_id, "anna", {})
    expected = [("Vergunningen", 4 * HOUR, 1.5 * HOUR)]
    assert _waits(any_platform) == expected  # was [("Vergunningen", HOUR, 4.5 * HOUR)]
    assert _element(any_platform) == [("invoer", 1, 4.0, 1.5)]
    store.rebuild(any_platform)
    assert _waits(any_platform) == expected


def test_a_task_completed_without_a_claim_waited_its_whole_life(
    platform: Platform, clock: FixedClock
) -> None:
    """Completed by anna without claiming it first (its claim is written at the completion): all waiting."""
    ref = start_case(platform)
    task_id = open_task_row(platform, ref).id
    clock.advance(hours=2)
    cases.complete_task(platform, task_id, "anna", {})
    assert _waits(platform) == [("Vergunningen", 2 * HOUR, 0.0)]
