"""After a migration the inbox row of an open task follows the new version: its element, lane and
candidate groups, and a claim only while the holder may still hold it.

Review finding: a new version moved the open task 'Invoer' from lane Vergunningen to Juridisch. The
engine routed it to Juridisch, but the inbox row kept Vergunningen: Juridisch never saw the task and was
refused when completing it, and a renamed element left the row with an id the model no longer has.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from processes.errors import Conflict
from services import beheer, cases, deployments, inbox, users
from services.platform import Platform
from services.store.models import Case, CaseEvent, HumanTask, TaskCandidate
from tests.integration.test_script_limits import H


def model(lane: str, element: str = "invoer") -> str:
    """A start, one user task in ``lane``, an end."""
    return (
        H + '<bpmn:process id="baan_proef" name="Baanproef" isExecutable="true">\n'
        f'<bpmn:laneSet id="ls"><bpmn:lane id="l1" name="{lane}"><bpmn:flowNodeRef>s</bpmn:flowNodeRef>'
        f"<bpmn:flowNodeRef>{element}</bpmn:flowNodeRef><bpmn:flowNodeRef>e</bpmn:flowNodeRef></bpmn:lane>"
        "</bpmn:laneSet>\n"
        '<bpmn:startEvent id="s"><bpmn:outgoing>a</bpmn:outgoing></bpmn:startEvent>\n'
        f'<bpmn:userTask id="{element}" name="Invoer"><bpmn:incoming>a</bpmn:incoming>'
        "<bpmn:outgoing>b</bpmn:outgoing></bpmn:userTask>\n"
        '<bpmn:endEvent id="e"><bpmn:incoming>b</bpmn:incoming></bpmn:endEvent>\n'
        f'<bpmn:sequenceFlow id="a" sourceRef="s" targetRef="{element}"/>'
        f'<bpmn:sequenceFlow id="b" sourceRef="{element}" targetRef="e"/>'
        "</bpmn:process></bpmn:definitions>"
    )


def _row(platform: Platform, ref: str) -> HumanTask:
    case_id = cases.get_case(platform, ref)["id"]
    with platform.uow(write=False) as uow:
        return uow.session.scalars(
            select(HumanTask).where(HumanTask.case_id == case_id, HumanTask.state == "open")
        ).one()


def _candidates(platform: Platform, task_id: int) -> list[tuple[str, bool]]:
    with platform.uow(write=False) as uow:
        rows = uow.session.scalars(select(TaskCandidate).where(TaskCandidate.task_id == task_id))
        return sorted((c.group_name, c.unassigned) for c in rows)


def _start(platform: Platform) -> str:
    users.add_user(platform, "anna", groups=["Vergunningen"], role="vergunningverlener")
    users.add_user(platform, "jan", groups=["Juridisch"], role="vergunningverlener")
    users.add_user(platform, "pim", groups=["Vergunningen", "Juridisch"], role="vergunningverlener")
    users.add_user(platform, "bea", groups=["Beheer"], role="beheerder")
    deployments.deploy(platform, [("baan.bpmn", model("Vergunningen"))], user="bea")
    return cases.start_case(platform, "baan_proef", {}, user="anna")["zaak"]


def test_a_task_moved_to_another_lane_reaches_that_team_and_leaves_the_old_one(platform: Platform):
    ref = _start(platform)
    task = _row(platform, ref)
    inbox.claim(platform, task.id, "anna")
    deployments.deploy(platform, [("baan.bpmn", model("Juridisch"))], user="bea")

    assert beheer.migrate(platform, "baan_proef", "bea")["gemigreerd"] == [ref]

    row = _row(platform, ref)
    assert (row.id, row.lane, row.candidate_groups, row.assignee) == (
        task.id,
        "Juridisch",
        ["Juridisch"],
        None,
    )
    assert _candidates(platform, row.id) == [("Juridisch", True)]
    assert [t["id"] for t in inbox.list_tasks(platform, "jan")["taken"]] == [row.id]
    assert inbox.list_tasks(platform, "anna")["taken"] == []
    with platform.uow(write=False) as uow:
        released = uow.session.scalars(select(CaseEvent).where(CaseEvent.kind == "taak-vrijgegeven")).one()
    assert "niet meer toegewezen aan anna" in released.message and released.public is False
    cases.complete_task(platform, row.id, "jan", {})
    assert cases.get_case(platform, ref)["status"] == "afgerond"


def test_a_claim_stays_with_a_holder_who_is_in_the_new_team(platform: Platform):
    ref = _start(platform)
    task = _row(platform, ref)
    inbox.claim(platform, task.id, "pim")
    deployments.deploy(platform, [("baan.bpmn", model("Juridisch"))], user="bea")
    beheer.migrate(platform, "baan_proef", "bea")
    row = _row(platform, ref)
    assert (row.candidate_groups, row.assignee) == (["Juridisch"], "pim")
    assert _candidates(platform, row.id) == [("Juridisch", False)]


def test_a_renamed_element_gives_the_row_its_new_id(platform: Platform):
    ref = _start(platform)
    deployments.deploy(platform, [("baan.bpmn", model("Vergunningen", "invoer_nieuw"))], user="bea")
    result = beheer.migrate(platform, "baan_proef", "bea")
    assert result["gemigreerd"] == [ref], result["geweigerd"]
    assert _row(platform, ref).bpmn_id == "invoer_nieuw"


# -- scale-out finding 3: the list of cases is read before each case is locked ---------------------------
def _events(platform: Platform, ref: str, kind: str) -> list[str]:
    case_id = cases.get_case(platform, ref)["id"]
    with platform.uow(write=False) as uow:
        return list(
            uow.session.scalars(
                select(CaseEvent.message).where(CaseEvent.case_id == case_id, CaseEvent.kind == kind)
            )
        )


def test_a_case_that_ended_after_the_list_was_read_is_not_migrated(platform: Platform):
    ref = _start(platform)
    [new] = deployments.deploy(platform, [("baan.bpmn", model("Juridisch"))], user="bea")
    task = inbox.list_tasks(platform, "anna")["taken"][0]
    cases.complete_task(platform, task["id"], "anna", {})  # the officer ends it meanwhile
    with pytest.raises(Conflict) as refused:
        beheer.migrate_case(platform, cases.get_case(platform, ref)["id"], new["id"], "bea")
    assert refused.value.code == "zaak-niet-actief"
    assert _events(platform, ref, "gemigreerd") == []  # was: "gemigreerd van versie 1 naar versie 2"
    with platform.uow(write=False) as uow:  # it stays on the version it ran and ended on
        assert uow.session.scalar(select(Case.definition_id).where(Case.reference == ref)) != new["id"]


def test_a_case_migrated_by_another_beheerder_meanwhile_is_not_migrated_twice(platform: Platform):
    ref = _start(platform)
    [new] = deployments.deploy(platform, [("baan.bpmn", model("Juridisch"))], user="bea")
    assert beheer.migrate(platform, "baan_proef", "bea")["gemigreerd"] == [ref]
    with pytest.raises(Conflict) as refused:  # the other beheerder's pass, on its older list
        beheer.migrate_case(platform, cases.get_case(platform, ref)["id"], new["id"], "bea")
    assert refused.value.code == "al-gemigreerd"
    assert len(_events(platform, ref, "gemigreerd")) == 1  # was 2, the second "van versie 2 naar versie 2"
