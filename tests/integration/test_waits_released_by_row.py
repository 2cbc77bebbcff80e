"""A migration's release line names the task row it let go (``taak_id``), so of two open tasks of one name
(a multi-instance's advice tasks) only that one is free again in the task waits.

The gap (last session's note): the line named its task by name only, and ``task_life.lives`` let go of
every task of that name open then: a claim the migration kept became the new team's waiting time.
"""

from __future__ import annotations

from sqlalchemy import select

from services import beheer, cases, deployments, inbox, users
from services.clock import FixedClock
from services.platform import Platform
from services.store.models import CaseEvent, TaskWait
from services.waits import store
from tests.integration.inbox_case import open_task_rows
from tests.integration.test_script_limits import H
from tests.integration.test_waits_moved_task import HOUR


def advies(lane: str) -> str:
    """A start, two parallel instances of one user task 'Advies' in ``lane``, an end."""
    nodes = "".join(f"<bpmn:flowNodeRef>{n}</bpmn:flowNodeRef>" for n in ("s", "advies", "e"))
    return (
        H + '<bpmn:process id="advies_proef" name="Adviesproef" isExecutable="true">\n'
        f'<bpmn:laneSet id="ls"><bpmn:lane id="l1" name="{lane}">{nodes}</bpmn:lane></bpmn:laneSet>\n'
        '<bpmn:startEvent id="s"><bpmn:outgoing>a</bpmn:outgoing></bpmn:startEvent>\n'
        '<bpmn:userTask id="advies" name="Advies"><bpmn:incoming>a</bpmn:incoming>'
        '<bpmn:outgoing>b</bpmn:outgoing><bpmn:multiInstanceLoopCharacteristics isSequential="false">'
        "<bpmn:loopCardinality>2</bpmn:loopCardinality></bpmn:multiInstanceLoopCharacteristics>"
        "</bpmn:userTask>\n"
        '<bpmn:endEvent id="e"><bpmn:incoming>b</bpmn:incoming></bpmn:endEvent>\n'
        '<bpmn:sequenceFlow id="a" sourceRef="s" targetRef="advies"/>'
        '<bpmn:sequenceFlow id="b" sourceRef="advies" targetRef="e"/>'
        "</bpmn:process></bpmn:definitions>"
    )


def _per_task(platform: Platform) -> list[tuple[int, int, str, float, float]]:
    with platform.uow(write=False) as uow:
        rows = uow.session.scalars(select(TaskWait))
        return sorted((r.task_id, r.share, r.group_name, r.waiting_s, r.working_s) for r in rows)


def test_a_migration_lets_go_only_of_the_claim_it_released(any_platform: Platform, clock: FixedClock) -> None:
    """Two 'Advies' tasks, anna holds one and pim (of both teams) the other; a migration moves them to
    Juridisch: anna's claim is let go (Juridisch waits for it until jan claims it), pim's stays his, worked
    on through the move."""
    users.add_user(any_platform, "anna", groups=["Vergunningen"], role="vergunningverlener")
    users.add_user(any_platform, "jan", groups=["Juridisch"], role="vergunningverlener")
    users.add_user(any_platform, "pim", groups=["Vergunningen", "Juridisch"], role="vergunningverlener")
    users.add_user(any_platform, "bea", groups=["Beheer"], role="beheerder")
    deployments.deploy(any_platform, [("advies.bpmn", advies("Vergunningen"))], user="bea")
    ref = cases.start_case(any_platform, "advies_proef", {}, user="anna")["zaak"]
    first, second = (t.id for t in open_task_rows(any_platform, ref))
    clock.advance(hours=1)
    inbox.claim(any_platform, first, "anna")
    inbox.claim(any_platform, second, "pim")
    clock.advance(hours=1)
    deployments.deploy(any_platform, [("advies.bpmn", advies("Juridisch"))], user="bea")
    assert beheer.migrate(any_platform, "advies_proef", "bea")["gemigreerd"] == [ref]
    with any_platform.uow(write=False) as uow:
        [line] = uow.session.scalars(select(CaseEvent.data).where(CaseEvent.kind == "taak-vrijgegeven"))
    assert line == {"taak": "Advies", "was": "anna", "taak_id": first}  # the row, not only the name
    clock.advance(hours=1)
    inbox.claim(any_platform, first, "jan")
    clock.advance(hours=1)
    cases.complete_task(any_platform, first, "jan", {})
    cases.complete_task(any_platform, second, "pim", {})
    expected = [
        (first, 0, "Vergunningen", HOUR, HOUR),
        (first, 1, "Juridisch", HOUR, HOUR),
        (second, 0, "Vergunningen", HOUR, HOUR),
        (second, 1, "Juridisch", 0.0, 2 * HOUR),  # was (2 * HOUR, 0.0): let go by the name it shares
    ]
    assert _per_task(any_platform) == expected
    store.rebuild(any_platform)  # the whole history gives the same rows
    assert _per_task(any_platform) == expected
