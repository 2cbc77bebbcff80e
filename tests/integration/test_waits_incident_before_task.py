"""A task made while its case stands still in an incident, and completed before the incident is solved,
waited and was worked on not at all: the incident began before the events its completion reads (from the
task's creation on), and still counts in its figures, from that read's start (``task_waits.life_reads``).

The gap (last session's note): ``task_life.stood_still`` paired only the events read, from the task's
creation on; an incident begun before and still open at the completion was not among them, so the whole
life of the task was the team's waiting and working time, while ``wachten herbouw`` (which reads from the
case's first completed task on) gave none.
"""

from __future__ import annotations

from sqlalchemy import delete, select

from services import cases, deployments, inbox, users
from services.clock import FixedClock
from services.platform import Platform
from services.store.models import Case, HumanTask, TaskWait
from services.waits import store
from services.waits.task_waits import write_task_waits
from tests.integration.test_waits_moved_task import HOUR
from tests.integration.test_waits_task_life import _incident_beside_the_task


def _two_tasks_beside_an_incident() -> str:
    """Vergunningen's tasks 'invoer' then 'toets' and, beside them, a one-hour timer before a broken script
    (an incident): ``_incident_beside_the_task`` with 'toets' between 'invoer' and its end."""
    invoer = "<bpmn:flowNodeRef>invoer</bpmn:flowNodeRef>"
    toets = (
        '<bpmn:userTask id="toets" name="Toets"><bpmn:incoming>d</bpmn:incoming><bpmn:outgoing>h</bpmn:outgoing>'
        '</bpmn:userTask>\n<bpmn:endEvent id="e1"><bpmn:incoming>h</bpmn:incoming>'
    )
    flows = '"invoer" targetRef="toets"/><bpmn:sequenceFlow id="h" sourceRef="toets" targetRef="e1"/>'
    return (
        _incident_beside_the_task()
        .replace(invoer, invoer + "<bpmn:flowNodeRef>toets</bpmn:flowNodeRef>")
        .replace('<bpmn:endEvent id="e1"><bpmn:incoming>d</bpmn:incoming>', toets)
        .replace('"invoer" targetRef="e1"/>', flows)
    )


def _per_task(platform: Platform) -> list[tuple[str, float, float]]:
    with platform.uow(write=False) as uow:
        rows = uow.session.execute(
            select(HumanTask.bpmn_id, TaskWait.waiting_s, TaskWait.working_s).join(
                HumanTask, HumanTask.id == TaskWait.task_id
            )
        )
        return sorted(tuple(row) for row in rows)


def _toets_made_in_the_incident(platform: Platform, clock: FixedClock) -> str:
    """Vergunningen waits two hours for 'invoer'; then the case is in incident (never solved here), anna
    completes 'invoer' an hour later, and 'toets' is made in the incident; it is claimed, let go and claimed
    again (the events its completion reads), and completed two and a half hours later."""
    users.add_user(platform, "anna", groups=["Vergunningen"], role="vergunningverlener")
    users.add_user(platform, "bea", groups=["Beheer"], role="beheerder")
    deployments.deploy(platform, [("baan.bpmn", _two_tasks_beside_an_incident())], user="bea")
    ref = cases.start_case(platform, "baan_proef", {}, user="anna")["zaak"]
    [invoer] = cases.get_case(platform, ref)["open_taken"]
    clock.advance(hours=2)
    cases.fire_due_timers(platform)
    assert cases.get_case(platform, ref)["status"] == "incident"
    clock.advance(hours=1)
    cases.complete_task(platform, invoer["id"], "anna", {})
    [toets] = cases.get_case(platform, ref)["open_taken"]
    for _ in range(3):
        clock.advance(minutes=20)
        inbox.claim(platform, toets["id"], "anna")
        clock.advance(minutes=10)
        inbox.unclaim(platform, toets["id"], "anna")
    clock.advance(minutes=30)
    inbox.claim(platform, toets["id"], "anna")
    clock.advance(minutes=30)
    cases.complete_task(platform, toets["id"], "anna", {})
    assert cases.get_case(platform, ref)["status"] == "incident"  # still, at the completion
    return ref


#: 'invoer' waited two hours before the incident; 'toets' lived in it: neither waited nor was worked on
EXPECTED = [("invoer", 2 * HOUR, 0.0), ("toets", 0.0, 0.0)]


def test_an_incident_begun_before_a_task_counts_in_its_completion(
    any_platform: Platform, clock: FixedClock
) -> None:
    _toets_made_in_the_incident(any_platform, clock)
    assert _per_task(any_platform) == EXPECTED  # was ('toets', 5400.0, 3600.0): the incident missed
    store.rebuild(any_platform)  # the whole history gives the same rows
    assert _per_task(any_platform) == EXPECTED


def test_a_record_read_from_the_task_s_creation_counts_the_incident(
    platform: Platform, clock: FixedClock
) -> None:
    """The task waits of 'toets' alone written again outside a step (``write_task_waits``, as a rebuild of a
    case whose first completed task it is): its read starts at its creation, after the incident began."""
    ref = _toets_made_in_the_incident(platform, clock)
    with platform.uow() as uow:
        s = uow.session
        case = s.scalars(select(Case).where(Case.reference == ref)).one()
        toets = select(HumanTask.id).where(HumanTask.case_id == case.id, HumanTask.bpmn_id == "toets")
        s.execute(delete(TaskWait).where(TaskWait.task_id.in_(toets)))
        write_task_waits(s, case, frozenset())
        uow.commit()
    assert _per_task(platform) == EXPECTED  # was ('toets', 5400.0, 3600.0)
