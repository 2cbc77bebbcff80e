"""A task's waiting and working time is its life cut at every claim, unclaim, pause and resume: waiting
while it is free, working while it is held, neither while beheer paused the case (services.waits.task_life).

The gaps (outside tester): the wait ran from the task's creation to its FIRST claim, so a pause by beheer
(nobody may claim the task then) was the team's waiting time, and a claim let go at once hid the queue
time after it (it counted as working time).
"""

from __future__ import annotations

import pytest

from processes.errors import Conflict
from services import beheer, cases, deployments, inbox, users
from services.clock import FixedClock
from services.platform import Platform
from services.waits import store
from tests.integration.inbox_case import open_task_row, start_case
from tests.integration.test_script_limits import H
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


def _incident_beside_the_task(script: str = "x = niet_bestaand + 1") -> str:
    """Vergunningen's task 'invoer' and, beside it, a one-hour timer before ``script`` (a broken one: an
    incident)."""
    nodes = "".join(
        f"<bpmn:flowNodeRef>{n}</bpmn:flowNodeRef>" for n in ("s", "split", "invoer", "wacht", "reken")
    )
    return (
        H + '<bpmn:process id="baan_proef" name="Baanproef" isExecutable="true">\n'
        f'<bpmn:laneSet id="ls"><bpmn:lane id="l1" name="Vergunningen">{nodes}</bpmn:lane></bpmn:laneSet>\n'
        '<bpmn:startEvent id="s"><bpmn:outgoing>a</bpmn:outgoing></bpmn:startEvent>\n'
        '<bpmn:parallelGateway id="split"><bpmn:incoming>a</bpmn:incoming><bpmn:outgoing>b</bpmn:outgoing>'
        "<bpmn:outgoing>c</bpmn:outgoing></bpmn:parallelGateway>\n"
        '<bpmn:userTask id="invoer" name="Invoer"><bpmn:incoming>b</bpmn:incoming>'
        "<bpmn:outgoing>d</bpmn:outgoing></bpmn:userTask>\n"
        '<bpmn:intermediateCatchEvent id="wacht"><bpmn:incoming>c</bpmn:incoming><bpmn:outgoing>f</bpmn:outgoing>'
        '<bpmn:timerEventDefinition id="t1"><bpmn:timeDuration>"PT1H"</bpmn:timeDuration>'
        "</bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>\n"
        '<bpmn:scriptTask id="reken" name="Rekenen"><bpmn:incoming>f</bpmn:incoming><bpmn:outgoing>g</bpmn:outgoing>'
        f"<bpmn:script>{script}</bpmn:script></bpmn:scriptTask>\n"
        '<bpmn:endEvent id="e1"><bpmn:incoming>d</bpmn:incoming></bpmn:endEvent>\n'
        '<bpmn:endEvent id="e2"><bpmn:incoming>g</bpmn:incoming></bpmn:endEvent>\n'
        + "".join(
            f'<bpmn:sequenceFlow id="{i}" sourceRef="{a}" targetRef="{b}"/>'
            for i, a, b in (("a", "s", "split"), ("b", "split", "invoer"), ("c", "split", "wacht"))
        )
        + "".join(
            f'<bpmn:sequenceFlow id="{i}" sourceRef="{a}" targetRef="{b}"/>'
            for i, a, b in (("d", "invoer", "e1"), ("f", "wacht", "reken"), ("g", "reken", "e2"))
        )
        + "</bpmn:process></bpmn:definitions>"
    )


def test_the_time_the_case_was_in_incident_is_nobodys_waiting_time(
    any_platform: Platform, clock: FixedClock
) -> None:
    """Vergunningen waited two hours; then the case stood still in an incident (the holder timeline's
    "Systeem (incident)") until beheer solved it: neither waiting nor working; anna's half hour after it is."""
    users.add_user(any_platform, "anna", groups=["Vergunningen"], role="vergunningverlener")
    users.add_user(any_platform, "bea", groups=["Beheer"], role="beheerder")
    deployments.deploy(any_platform, [("baan.bpmn", _incident_beside_the_task())], user="bea")
    ref = cases.start_case(any_platform, "baan_proef", {}, user="anna")["zaak"]
    task_id = open_task_row(any_platform, ref).id
    clock.advance(hours=2)  # the timer is due from an hour on; the due timers fire now
    cases.fire_due_timers(any_platform)
    assert cases.get_case(any_platform, ref)["status"] == "incident"
    clock.advance(hours=1)
    inbox.claim(any_platform, task_id, "anna")  # a claim is not refused in an incident
    clock.advance(minutes=30)
    deployments.deploy(any_platform, [("baan.bpmn", _incident_beside_the_task("x = 1"))], user="bea")
    assert beheer.migrate(any_platform, "baan_proef", "bea")["gemigreerd"] == [ref]
    beheer.retry(any_platform, ref, "bea")  # the incident is solved here
    clock.advance(minutes=30)
    cases.complete_task(any_platform, task_id, "anna", {})
    expected = [("Vergunningen", 2 * HOUR, 0.5 * HOUR)]
    assert _waits(any_platform) == expected  # was [("Vergunningen", 3 * HOUR, HOUR)]
    store.rebuild(any_platform)
    assert _waits(any_platform) == expected
