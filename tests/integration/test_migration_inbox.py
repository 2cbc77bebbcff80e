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
from services import beheer, cases, deployments, inbox
from services.platform import Platform
from services.store.models import Case, CaseEvent
from tests.integration.inbox_case import candidates, model, open_task_row, start_case


def test_a_task_moved_to_another_lane_reaches_that_team_and_leaves_the_old_one(platform: Platform):
    ref = start_case(platform)
    task = open_task_row(platform, ref)
    inbox.claim(platform, task.id, "anna")
    deployments.deploy(platform, [("baan.bpmn", model("Juridisch"))], user="bea")

    assert beheer.migrate(platform, "baan_proef", "bea")["gemigreerd"] == [ref]

    row = open_task_row(platform, ref)
    assert (row.id, row.lane, row.candidate_groups, row.assignee) == (
        task.id,
        "Juridisch",
        ["Juridisch"],
        None,
    )
    assert candidates(platform, row.id) == [("Juridisch", True)]
    assert [t["id"] for t in inbox.list_tasks(platform, "jan")["taken"]] == [row.id]
    assert inbox.list_tasks(platform, "anna")["taken"] == []
    with platform.uow(write=False) as uow:
        released = uow.session.scalars(select(CaseEvent).where(CaseEvent.kind == "taak-vrijgegeven")).one()
    assert "niet meer toegewezen aan anna" in released.message and released.public is False
    cases.complete_task(platform, row.id, "jan", {})
    assert cases.get_case(platform, ref)["status"] == "afgerond"


def test_a_claim_stays_with_a_holder_who_is_in_the_new_team(platform: Platform):
    ref = start_case(platform)
    task = open_task_row(platform, ref)
    inbox.claim(platform, task.id, "pim")
    deployments.deploy(platform, [("baan.bpmn", model("Juridisch"))], user="bea")
    beheer.migrate(platform, "baan_proef", "bea")
    row = open_task_row(platform, ref)
    assert (row.candidate_groups, row.assignee) == (["Juridisch"], "pim")
    assert candidates(platform, row.id) == [("Juridisch", False)]


def test_a_renamed_element_gives_the_row_its_new_id(platform: Platform):
    ref = start_case(platform)
    deployments.deploy(platform, [("baan.bpmn", model("Vergunningen", "invoer_nieuw"))], user="bea")
    result = beheer.migrate(platform, "baan_proef", "bea")
    assert result["gemigreerd"] == [ref], result["geweigerd"]
    assert open_task_row(platform, ref).bpmn_id == "invoer_nieuw"


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
    ref = start_case(platform)
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
    ref = start_case(platform)
    [new] = deployments.deploy(platform, [("baan.bpmn", model("Juridisch"))], user="bea")
    assert beheer.migrate(platform, "baan_proef", "bea")["gemigreerd"] == [ref]
    with pytest.raises(Conflict) as refused:  # the other beheerder's pass, on its older list
        beheer.migrate_case(platform, cases.get_case(platform, ref)["id"], new["id"], "bea")
    assert refused.value.code == "al-gemigreerd"
    assert len(_events(platform, ref, "gemigreerd")) == 1  # was 2, the second "van versie 2 naar versie 2"
