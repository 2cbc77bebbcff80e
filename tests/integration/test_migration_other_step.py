"""A migration refuses a case whose running step would become another step, or whose awaited message
was renamed; the editor's comparison names the same cases with the same reason.

Review findings (editor11):
1. The open, claimed task "Aanvraag beoordelen" was replaced in v2 by "Milieuadvies geven" (another id,
   name, group and instructions) in the same place. SpiffWorkflow's diff aligned the removed task with
   the new one (same neighbours), so the migration moved the case onto the other task silently: anna's
   claim was dropped and the completeness check never happened.
2. A case waited for message 'aanvulling'; v2 renamed it 'aanvulling_v2'. The migration went through,
   the initiator could send neither name, and the timer ended the case buiten behandeling.
"""

from __future__ import annotations

from typing import Any

from services import beheer, cases, deployments, inbox, modeleditor, users
from services.clock import FixedClock
from services.platform import Platform
from services.store.models import HumanTask
from tests.integration.core_helpers import KLEIN, setup_klein

PID = "vergunning_klein"
V1 = KLEIN.read_text(encoding="utf-8")

#: 'beoordelen' replaced by another task in its place: other id, name, group and instructions
REPLACED = (
    V1.replace('"beoordelen"', '"advies_milieu"')
    .replace(">beoordelen<", ">advies_milieu<")
    .replace('name="Aanvraag beoordelen"', 'name="Milieuadvies geven"')
    .replace(
        '<spiffworkflow:property name="fase" value="beoordeling" />',
        '<spiffworkflow:property name="fase" value="beoordeling" />'
        '<spiffworkflow:property name="kandidaatgroepen" value="&quot;Milieu&quot;" />',
    )
    .replace("Controleer of de aanvraag {zaak} compleet is.", "Geef milieuadvies over {zaak}.")
)
#: only the id of 'beoordelen' renamed: the same step (name, lane, form, instructions) under a new id
RENAMED_ID = V1.replace('"beoordelen"', '"beoordelen2"').replace(">beoordelen<", ">beoordelen2<")
#: the awaited message renamed
MESSAGE_RENAMED = V1.replace('name="aanvulling"', 'name="aanvulling_v2"')
#: a change elsewhere: the instructions of another task
ELSEWHERE = V1.replace(
    '<spiffworkflow:property name="fase" value="besluit" />',
    '<spiffworkflow:property name="fase" value="besluit" /><spiffworkflow:property name="instructie" '
    'value="Neem het besluit binnen de termijn." />',
)


def _claimed_case(platform: Platform) -> tuple[str, int]:
    setup_klein(platform)
    users.add_user(platform, "bea", groups=["Beheer"], role="beheerder")
    ref: str = cases.start_case(platform, PID, {}, user="anna")["zaak"]
    [task] = inbox.list_tasks(platform, "anna")["taken"]
    inbox.claim(platform, task["id"], "anna")
    return ref, task["id"]


def _waiting_case(platform: Platform) -> str:
    ref, task_id = _claimed_case(platform)
    cases.complete_task(platform, task_id, "anna", {"compleet": False})
    return ref


def _task(platform: Platform, task_id: int) -> tuple[Any, ...]:
    with platform.uow(write=False) as uow:
        t = uow.session.get(HumanTask, task_id)
        assert t is not None
        return t.bpmn_id, t.name, t.assignee, list(t.candidate_groups or [])


def _compare(platform: Platform, xml: str) -> dict[str, Any]:
    modeleditor.save_draft(platform, PID, "bea", {"xml": xml})
    return modeleditor.compare_draft(platform, PID, "bea")


def test_a_running_task_replaced_by_another_task_is_refused(platform: Platform) -> None:
    ref, task_id = _claimed_case(platform)
    compared = _compare(platform, REPLACED)
    deployments.deploy(platform, [("vergunning_klein.bpmn", REPLACED)], user="bea")

    result = beheer.migrate(platform, PID, "bea")

    assert result["gemigreerd"] == [] and result["vrijgegeven"] == []
    [refused] = result["geweigerd"]
    assert refused["zaak"] == ref
    assert "'Aanvraag beoordelen' (beoordelen)" in refused["reden"]
    assert "vervangen door een andere stap: 'Milieuadvies geven' (advies_milieu)" in refused["reden"]
    assert _task(platform, task_id) == ("beoordelen", "Aanvraag beoordelen", "anna", ["Vergunningen"])
    # the comparison said so beforehand, with the same reason (the same checks)
    assert compared["zaken_geweigerd"] == [refused]


def test_a_renamed_id_of_the_same_task_still_migrates(platform: Platform) -> None:
    ref, task_id = _claimed_case(platform)
    compared = _compare(platform, RENAMED_ID)
    assert compared["zaken_geweigerd"] == []
    deployments.deploy(platform, [("vergunning_klein.bpmn", RENAMED_ID)], user="bea")

    result = beheer.migrate(platform, PID, "bea")

    assert result["gemigreerd"] == [ref] and result["geweigerd"] == []
    [task] = inbox.list_tasks(platform, "anna")["taken"]
    assert _task(platform, task["id"])[0] == "beoordelen2"
    assert _task(platform, task["id"])[1:] == ("Aanvraag beoordelen", "anna", ["Vergunningen"])
    cases.complete_task(platform, task["id"], "anna", {"compleet": True})
    assert [t["naam"] for t in inbox.list_tasks(platform, "jan")["taken"]] == ["Besluit nemen"]


def test_a_renamed_awaited_message_is_refused(platform: Platform, clock: FixedClock) -> None:
    ref = _waiting_case(platform)
    compared = _compare(platform, MESSAGE_RENAMED)
    deployments.deploy(platform, [("vergunning_klein.bpmn", MESSAGE_RENAMED)], user="bea")

    result = beheer.migrate(platform, PID, "bea")

    assert result["gemigreerd"] == []
    [refused] = result["geweigerd"]
    assert refused["zaak"] == ref
    assert "niet meer op bericht 'aanvulling' (maar op 'aanvulling_v2')" in refused["reden"]
    assert compared["zaken_geweigerd"] == [refused]
    # the case still waits on version 1, and the supplement still arrives
    assert cases.send_message(platform, ref, "aanvulling", {"tekst": "hier"})["status"] == "lopend"
    assert [t["naam"] for t in inbox.list_tasks(platform, "anna")["taken"]] == ["Aanvraag beoordelen"]


def test_a_change_elsewhere_migrates_a_waiting_and_a_claimed_case(platform: Platform) -> None:
    waiting = _waiting_case(platform)
    claimed: str = cases.start_case(platform, PID, {}, user="anna")["zaak"]
    assert _compare(platform, ELSEWHERE)["zaken_geweigerd"] == []
    deployments.deploy(platform, [("vergunning_klein.bpmn", ELSEWHERE)], user="bea")

    result = beheer.migrate(platform, PID, "bea")

    assert sorted(result["gemigreerd"]) == sorted([waiting, claimed]) and result["geweigerd"] == []
    assert cases.send_message(platform, waiting, "aanvulling", {"tekst": "hier"})["status"] == "lopend"
