"""A user task the model loops straight back to stays with the one who completed it (review officer12, F5).

After 'Verdagen' (anna completes 'Aanvraag inhoudelijk beoordelen' with actie verdagen) the model runs
the verdaging and comes straight back to 'Aanvraag inhoudelijk beoordelen'. That task went to the team
unassigned, so a colleague could pick up the assessment anna was in the middle of. Now a task of the
element a completion just finished, ready again in the same step, is claimed for the one who completed
it when they may hold it in its groups (``task_holding.keep_looped``); any other new task stays free.
The next instance of a multi-instance or standard loop is no loop back: the second reading of a
four-eyes check stays free for a colleague (review sessie12, 1).
"""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select, update

from services import case_queries, cases, deployments, inbox, users
from services.platform import Platform
from services.store.models import CaseEvent, User
from tests.conftest import FIXTURES
from tests.integration import test_omgevingsvergunning as ov
from tests.integration.test_omgevingsvergunning import Omgeving

z, locatie = ov.z, ov.locatie

VERDAGEN = {"actie": "verdagen", "verdaging_weken": 3, "verdaging_reden": "welstandsadvies nodig"}


def _beoordelen(case: dict[str, Any]) -> dict[str, Any]:
    [taak] = [t for t in case["open_taken"] if t["naam"] == "Aanvraag inhoudelijk beoordelen"]
    return taak


def test_after_a_verdaging_the_assessment_stays_with_the_officer_who_deferred(z: Omgeving) -> None:
    case = z.tot_beoordeling()
    assert _beoordelen(case)["toegewezen_aan"] is None  # another element than the one anna completed
    case = z.doe("anna", "Aanvraag inhoudelijk", VERDAGEN)
    taak = _beoordelen(case)
    assert taak["toegewezen_aan"] == "anna"
    assert taak["id"] in [t["id"] for t in inbox.list_tasks(z.p, "anna", scope="mijn")["taken"]]
    team = inbox.list_tasks(z.p, "tom", scope="team")["taken"]  # a colleague in Vergunningen
    assert taak["id"] not in [t["id"] for t in team if t["toegewezen_aan"] is None]
    with z.p.uow(write=False) as uow:
        regels = uow.session.scalars(
            select(CaseEvent).where(CaseEvent.kind == "taak-toewijzing").order_by(CaseEvent.id)
        ).all()
        assert (regels[-1].actor, regels[-1].data) == (
            "systeem",
            {"taak": taak["id"], "zelfde_taak": True, "bij": "anna"},  # the login, as the text names her
        )
    assert regels[-1].message == (
        "Taak 'Aanvraag inhoudelijk beoordelen' blijft bij anna, die de taak net afrondde: het proces kwam "
        "direct bij dezelfde taak terug"
    )


def test_the_line_of_the_task_kept_reads_with_the_officers_name(z: Omgeving) -> None:
    """The line keeps the login in its text (reading the name would cost the step a statement): the case
    file a colleague reads names her, and who holds the task; a line of that kind stored before its data
    named her reads as it was written."""
    with z.p.uow() as uow:
        uow.session.execute(update(User).where(User.username == "anna").values(display_name="Anna de Vries"))
        uow.commit()
    z.tot_beoordeling()
    z.doe("anna", "Aanvraag inhoudelijk", VERDAGEN)
    with z.p.uow() as uow:  # an old line: without "bij" in its data
        old = uow.session.scalars(select(CaseEvent).where(CaseEvent.kind == "taak-toewijzing")).all()[-1]
        uow.session.add(
            CaseEvent(
                case_id=old.case_id,
                at=old.at,
                actor="systeem",
                kind=old.kind,
                message=old.message,
                public=False,
                data={"taak": old.data["taak"], "zelfde_taak": True},
            )
        )
        uow.commit()
    case = case_queries.case_file(z.p, z.ref, "tom")
    kept = [e for e in case["tijdlijn"] if (e["gegevens"] or {}).get("zelfde_taak")]
    assert [(e["tekst"], e["door"], e["door_naam"]) for e in kept] == [
        (
            "Taak 'Aanvraag inhoudelijk beoordelen' blijft bij Anna de Vries, die de taak net afrondde: het "
            "proces kwam direct bij dezelfde taak terug",
            "systeem",
            "systeem",
        ),
        (
            "Taak 'Aanvraag inhoudelijk beoordelen' blijft bij anna, die de taak net afrondde: het proces "
            "kwam direct bij dezelfde taak terug",
            "systeem",
            "systeem",
        ),
    ]
    assert [(t["toegewezen_aan"], t["houder"]) for t in case["open_taken"] if t["toegewezen_aan"]] == [
        ("anna", "Anna de Vries")
    ]


PID = "ronde"
#: 'Stap' in group A, then in group B (kandidaatgroepen from the data), then done
LUS = f"""<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
    xmlns:spiffworkflow="http://spiffworkflow.org/bpmn/schema/1.0/core" id="Defs_ronde"
    targetNamespace="http://bpmn.io/schema/bpmn">
  <bpmn:process id="{PID}" name="Rondes" isExecutable="true">
    <bpmn:startEvent id="start"><bpmn:outgoing>f0</bpmn:outgoing></bpmn:startEvent>
    <bpmn:scriptTask id="begin" name="Begin"><bpmn:incoming>f0</bpmn:incoming><bpmn:outgoing>f1</bpmn:outgoing>
      <bpmn:script>groep = "A"</bpmn:script></bpmn:scriptTask>
    <bpmn:userTask id="stap" name="Stap"><bpmn:extensionElements><spiffworkflow:properties>
      <spiffworkflow:property name="kandidaatgroepen" value="groep" /></spiffworkflow:properties>
      </bpmn:extensionElements><bpmn:incoming>f1</bpmn:incoming><bpmn:incoming>f4</bpmn:incoming>
      <bpmn:outgoing>f2</bpmn:outgoing></bpmn:userTask>
    <bpmn:exclusiveGateway id="nog" name="Nog een ronde?" default="f3"><bpmn:incoming>f2</bpmn:incoming>
      <bpmn:outgoing>f3</bpmn:outgoing><bpmn:outgoing>f5</bpmn:outgoing></bpmn:exclusiveGateway>
    <bpmn:scriptTask id="wissel" name="Volgende groep"><bpmn:incoming>f3</bpmn:incoming>
      <bpmn:outgoing>f4</bpmn:outgoing><bpmn:script>groep = "B"</bpmn:script></bpmn:scriptTask>
    <bpmn:endEvent id="einde"><bpmn:incoming>f5</bpmn:incoming></bpmn:endEvent>
    <bpmn:sequenceFlow id="f0" sourceRef="start" targetRef="begin" />
    <bpmn:sequenceFlow id="f1" sourceRef="begin" targetRef="stap" />
    <bpmn:sequenceFlow id="f2" sourceRef="stap" targetRef="nog" />
    <bpmn:sequenceFlow id="f3" sourceRef="nog" targetRef="wissel" />
    <bpmn:sequenceFlow id="f5" sourceRef="nog" targetRef="einde"><bpmn:conditionExpression>groep == "B"</bpmn:conditionExpression>
    </bpmn:sequenceFlow>
    <bpmn:sequenceFlow id="f4" sourceRef="wissel" targetRef="stap" />
  </bpmn:process>
</bpmn:definitions>
"""


def _next_round(platform: Platform, user: str) -> dict[str, Any]:
    deployments.deploy(platform, [("ronde.bpmn", LUS)])
    ref = cases.start_case(platform, PID, {}, user="bea")["zaak"]
    [eerste] = cases.get_case(platform, ref)["open_taken"]
    [tweede] = cases.complete_task(platform, eerste["id"], user, {})["open_taken"]
    assert tweede["id"] != eerste["id"] and tweede["kandidaatgroepen"] == ["B"]
    return tweede


def test_the_next_round_in_a_group_of_the_completer_stays_with_them(platform: Platform) -> None:
    users.add_user(platform, "bea", groups=["A"], role="beheerder")
    users.add_user(platform, "ab", groups=["A", "B"], role="medewerker")
    assert _next_round(platform, "ab")["toegewezen_aan"] == "ab"


def test_the_next_round_in_a_group_the_completer_is_not_in_goes_to_that_group(platform: Platform) -> None:
    users.add_user(platform, "bea", groups=["A"], role="beheerder")
    users.add_user(platform, "alleen_a", groups=["A"], role="medewerker")
    users.add_user(platform, "bob", groups=["B"], role="medewerker")
    tweede = _next_round(platform, "alleen_a")
    assert tweede["toegewezen_aan"] is None
    assert [t["id"] for t in inbox.list_tasks(platform, "bob", scope="team")["taken"]] == [tweede["id"]]


@pytest.mark.parametrize("pid", ["vier_ogen", "twee_lezingen", "lezen_in_deelproces"])
def test_the_next_instance_of_a_loop_or_multi_instance_stays_free(platform: Platform, pid: str) -> None:
    users.add_user(platform, "bea", groups=["A"], role="beheerder")
    users.add_user(platform, "eerste", groups=["A"], role="vergunningverlener")
    users.add_user(platform, "tweede", groups=["A"], role="vergunningverlener")
    deployments.deploy(platform, [("vier_ogen.bpmn", (FIXTURES / "bpmn" / "vier_ogen.bpmn").read_text())])
    ref = cases.start_case(platform, pid, {}, user="bea")["zaak"]
    [een] = cases.get_case(platform, ref)["open_taken"]
    [twee] = cases.complete_task(platform, een["id"], "eerste", {})["open_taken"]
    assert twee["id"] != een["id"] and twee["naam"] == een["naam"]
    assert twee["toegewezen_aan"] is None
    assert twee["id"] in [t["id"] for t in inbox.list_tasks(platform, "tweede", scope="team")["taken"]]
    with platform.uow(write=False) as uow:
        kinds = uow.session.scalars(select(CaseEvent.data).where(CaseEvent.kind == "taak-toewijzing")).all()
        assert not [d for d in kinds if d.get("zelfde_taak")]
