"""Two transactions that create the same new row at once (PostgreSQL): the second waits for the first and
gets a clear answer, never a unique-index error that the web shows as a 500 (scale-out tester findings)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from processes.errors import Conflict
from services import cases, deployments, inbox, routing, users
from services.store.models import Group, User

pytestmark = pytest.mark.postgres

DYNAMIC_GROUP = """<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
  xmlns:spiffworkflow="http://spiffworkflow.org/bpmn/schema/1.0/core" id="Defs_dg"
  targetNamespace="http://bpmn.io/schema/bpmn">
  <bpmn:process id="dyn_groep" name="Dynamische groep" isExecutable="true">
    <bpmn:ioSpecification><bpmn:dataInput id="afdeling" name="afdeling" /></bpmn:ioSpecification>
    <bpmn:laneSet id="ls"><bpmn:lane id="L1" name="Vergunningen"><bpmn:flowNodeRef>start</bpmn:flowNodeRef>
      <bpmn:flowNodeRef>intake</bpmn:flowNodeRef><bpmn:flowNodeRef>advies</bpmn:flowNodeRef>
      <bpmn:flowNodeRef>einde</bpmn:flowNodeRef></bpmn:lane></bpmn:laneSet>
    <bpmn:startEvent id="start"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
    <bpmn:userTask id="intake" name="Intake"><bpmn:incoming>f1</bpmn:incoming><bpmn:outgoing>f2</bpmn:outgoing>
    </bpmn:userTask>
    <bpmn:userTask id="advies" name="Advies"><bpmn:extensionElements><spiffworkflow:properties>
      <spiffworkflow:property name="kandidaatgroepen" value="afdeling" /></spiffworkflow:properties>
      </bpmn:extensionElements><bpmn:incoming>f2</bpmn:incoming><bpmn:outgoing>f3</bpmn:outgoing></bpmn:userTask>
    <bpmn:endEvent id="einde"><bpmn:incoming>f3</bpmn:incoming></bpmn:endEvent>
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="intake" />
    <bpmn:sequenceFlow id="f2" sourceRef="intake" targetRef="advies" />
    <bpmn:sequenceFlow id="f3" sourceRef="advies" targetRef="einde" />
  </bpmn:process>
</bpmn:definitions>
"""


def _outcome(action: Callable[[], Any]) -> str:
    try:
        action()
        return "ok"
    except Exception as exc:  # noqa: BLE001 - the test compares the error kinds
        return f"{type(exc).__name__}:{getattr(exc, 'code', '')}"


def _second_waits_for_first(platform, first: Callable[[Any], None], second: Callable[[], Any]) -> str:
    """Run ``first`` in an open transaction, start ``second`` while it is open (it must wait for the
    row ``first`` wrote), commit ``first``, and return how ``second`` ended."""
    result: list[str] = []
    with platform.uow() as uow:
        first(uow.session)
        uow.session.flush()
        worker = threading.Thread(target=lambda: result.append(_outcome(second)))
        worker.start()
        worker.join(timeout=1.0)  # blocked on the first transaction's new row
        assert worker.is_alive(), "the second transaction did not wait for the first"
        uow.commit()
    worker.join(timeout=30)
    return result[0]


def test_a_step_naming_a_department_another_step_is_creating_waits_and_creates_none(pg_platform):
    def second() -> None:
        with pg_platform.uow() as uow:
            routing.ensure_groups(uow.session, {"Team Nieuw", "Vergunningen"})
            uow.commit()

    outcome = _second_waits_for_first(pg_platform, lambda s: routing.ensure_groups(s, {"Team Nieuw"}), second)
    assert outcome == "ok"  # was IntegrityError (unique app_group.name): HTTP 500
    with pg_platform.uow(write=False) as uow:
        names = uow.session.scalars(select(Group.name).order_by(Group.name)).all()
    assert names == ["Team Nieuw", "Vergunningen"]


def test_a_new_colleague_in_a_group_another_transaction_is_creating(pg_platform):
    outcome = _second_waits_for_first(
        pg_platform,
        lambda s: users.ensure_group(s, "Team Nieuw"),
        lambda: users.add_user(pg_platform, "bea", groups=["Team Nieuw"], role="vergunningverlener"),
    )
    assert outcome == "ok"
    assert users.get_user(pg_platform, "bea")["groepen"] == ["Team Nieuw"]


def test_the_same_new_account_made_twice_at_once_is_refused_in_dutch_not_a_500(pg_platform):
    def first(s) -> None:
        s.add(User(username="piet", display_name="Piet", role="initiatiefnemer"))

    outcome = _second_waits_for_first(
        pg_platform,
        first,
        lambda: users.add_user(pg_platform, "piet", role="initiatiefnemer", bijwerken=False),
    )
    assert outcome == "Conflict:gebruiker-bestaat"
    with pytest.raises(Conflict):  # and as before when it exists already
        users.add_user(pg_platform, "piet", role="initiatiefnemer", bijwerken=False)
    with pg_platform.uow(write=False) as uow:
        assert uow.session.scalar(select(func.count()).select_from(User)) == 1


def test_two_officers_route_two_cases_to_the_same_new_department_at_once(pg_platform):
    deployments.deploy(pg_platform, [("dyn_groep.bpmn", DYNAMIC_GROUP)])
    users.add_user(pg_platform, "anna", groups=["Vergunningen"], role="vergunningverlener")
    for _ in range(2):
        cases.start_case(pg_platform, "dyn_groep", {"afdeling": "Team Nieuw"}, user="anna")
    tasks = [t["id"] for t in inbox.list_tasks(pg_platform, "anna")["taken"]]
    barrier, outcomes = threading.Barrier(2), []

    def complete(task_id: int) -> None:
        barrier.wait()
        outcomes.append(_outcome(lambda: cases.complete_task(pg_platform, task_id, "anna", {})))

    threads = [threading.Thread(target=complete, args=(t,)) for t in tasks]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert outcomes == ["ok", "ok"]
    with pg_platform.uow(write=False) as uow:
        assert uow.session.scalar(select(func.count()).where(Group.name == "Team Nieuw")) == 1


def test_two_deploys_of_the_same_model_at_once_become_two_versions(pg_platform):
    """Scale-out finding 2: both read version 1 and made version 2; the second broke the unique index."""
    from tests.integration.core_helpers import KLEIN

    source = Path(KLEIN).read_text(encoding="utf-8")
    deployments.deploy(pg_platform, [("vergunning_klein.bpmn", source)])
    a, b = (source.replace('name="Aanvraag beoordelen"', f'name="Aanvraag beoordelen {k}"') for k in "AB")
    answers: list[Any] = []

    def second() -> None:
        answers.append(deployments.deploy(pg_platform, [("vergunning_klein.bpmn", b)], user="bea"))

    outcome = _second_waits_for_first(
        pg_platform, lambda s: deployments.deploy_in(pg_platform, s, [("vergunning_klein.bpmn", a)]), second
    )
    assert outcome == "ok"  # was IntegrityError (process_id, version): HTTP 500
    assert [d["versie"] for d in answers[0] if d["process_id"] == "vergunning_klein"] == [3]
