"""A migration refuses a case with a token waiting at a parallel join whose incoming flows change.

Finding (wind12): a windpark case waited at the join 'samenvoegen' (the permit granted, the netbeheerder's
answer still open). v2 inserted an event 'Vergunning verleend' before the join on the done branch. The
migration went through; when the netbeheerder answered, the join waited for the new element, which the
case had already passed, and the case got stuck in an incident. (With an inclusive join the case went
on, but never ran the inserted step.) A case whose join has no token yet, or a change elsewhere, migrates.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import select

from services import beheer, cases, deployments, inbox, modeleditor, users
from services.engine.types import spiff
from services.platform import Platform
from services.store.models import Case
from services.workflow_store import read_workflow
from tests.conftest import FIXTURES

PID = "samenvoegen_klein"
V1 = (FIXTURES / "bpmn" / "samenvoegen_klein.bpmn").read_text(encoding="utf-8")

#: an intermediate event 'Vergunning verleend' between the permit task and the join


def inserted(branch: str, event: str, name: str) -> str:
    """V1 with an intermediate event ``event`` between the task ``branch`` and the join."""
    flow, after = f"f_{branch}_samenvoegen", f"f_{event}_samenvoegen"
    return (
        V1.replace(
            f'<bpmn:sequenceFlow id="{flow}" sourceRef="{branch}" targetRef="samenvoegen" />',
            f'<bpmn:sequenceFlow id="{flow}" sourceRef="{branch}" targetRef="{event}" />'
            f'<bpmn:sequenceFlow id="{after}" sourceRef="{event}" targetRef="samenvoegen" />',
        )
        .replace(f"<bpmn:incoming>{flow}</bpmn:incoming>", f"<bpmn:incoming>{after}</bpmn:incoming>")
        .replace(
            '<bpmn:endEvent id="einde"',
            f'<bpmn:intermediateThrowEvent id="{event}" name="{name}"><bpmn:incoming>{flow}</bpmn:incoming>'
            f'<bpmn:outgoing>{after}</bpmn:outgoing></bpmn:intermediateThrowEvent><bpmn:endEvent id="einde"',
        )
        .replace(
            "<bpmn:flowNodeRef>einde<",
            f"<bpmn:flowNodeRef>{event}</bpmn:flowNodeRef><bpmn:flowNodeRef>einde<",
        )
    )


#: the finding: an event 'Vergunning verleend' between the permit task and the join
INSERTED = inserted("vergunning", "verleend", "Vergunning verleend")
#: an event on the other branch, between the netbeheer task and the join
INSERTED_NETBEHEER = inserted("netbeheer", "antwoord", "Antwoord netbeheerder")
#: a change downstream of the join only: the end event's name
DOWNSTREAM = V1.replace('name="Afgerond"', 'name="Aanvraag afgerond"')


def inclusive(xml: str) -> str:
    """The model with an inclusive join 'samenvoegen' instead of a parallel one."""
    gateway = '<bpmn:parallelGateway id="samenvoegen" name="Samenvoegen">'
    assert gateway in xml
    head, tail = xml.split(gateway)
    return (
        head
        + gateway.replace("parallel", "inclusive")
        + tail.replace("parallelGateway>", "inclusiveGateway>", 1)
    )


def _setup(platform: Platform, xml: str = V1) -> None:
    deployments.deploy(platform, [("samenvoegen_klein.bpmn", xml)])
    users.add_user(platform, "anna", groups=["Vergunningen"], role="vergunningverlener")
    users.add_user(platform, "bea", groups=["Beheer"], role="beheerder")


def _open(platform: Platform) -> dict[str, int]:
    return {t["naam"]: t["id"] for t in inbox.list_tasks(platform, "anna")["taken"]}


def _do(platform: Platform, name: str) -> dict[str, Any]:
    return cases.complete_task(platform, _open(platform)[name], "anna", {})


def _compare(platform: Platform, xml: str) -> dict[str, Any]:
    modeleditor.save_draft(platform, PID, "bea", {"xml": xml})
    return modeleditor.compare_draft(platform, PID, "bea")


def _case(platform: Platform) -> str:
    ref: str = cases.start_case(platform, PID, {}, user="anna")["zaak"]
    return ref


def _passed(platform: Platform, ref: str) -> set[str]:
    """The BPMN elements the case's workflow completed."""
    from SpiffWorkflow.util.task import TaskState

    with platform.uow(write=False) as uow:
        case = uow.session.scalars(select(Case).where(Case.reference == ref)).one()
        wf = spiff(read_workflow(platform, uow.session, case))
    return {str(t.task_spec.bpmn_id) for t in wf.get_tasks(state=TaskState.COMPLETED) if t.task_spec.bpmn_id}


def _migrate(platform: Platform, xml: str) -> tuple[dict[str, Any], list[dict[str, str]]]:
    refused = _compare(platform, xml)["zaken_geweigerd"]
    deployments.deploy(platform, [("samenvoegen_klein.bpmn", xml)], user="bea")
    return beheer.migrate(platform, PID, "bea"), refused


@pytest.mark.parametrize("join", [str, inclusive], ids=["parallel", "inclusief"])
def test_a_step_inserted_before_a_join_a_branch_waits_at_is_refused(
    platform: Platform, join: Callable[[str], str]
) -> None:
    _setup(platform, join(V1))
    ref = _case(platform)
    _do(platform, "Vergunning beoordelen")  # its branch waits at the join for the netbeheer branch

    result, compared = _migrate(platform, join(INSERTED))

    assert result["gemigreerd"] == []
    [refused] = result["geweigerd"]
    assert refused["zaak"] == ref
    assert refused["reden"] == (
        "In versie 2 is de samenvoeging 'Samenvoegen' (samenvoegen), waar deze zaak al op de andere takken "
        "wacht, anders aangesloten: ze wacht dan ook op 'Vergunning verleend', waar deze zaak niet meer "
        "langskomt; de tak die er al is (van 'Vergunning beoordelen') komt er niet meer binnen. De zaak zou "
        "daar blijven steken. Rond de open takken eerst af en migreer de zaak daarna."
    )
    # the comparison said so beforehand, with the same reason (the same checks)
    assert compared == [refused]
    # the case stays on version 1 and ends when the other branch is done
    assert _do(platform, "Netaansluiting beoordelen")["status"] == "afgerond"


def test_a_change_downstream_of_a_join_a_branch_waits_at_migrates(platform: Platform) -> None:
    _setup(platform)
    ref = _case(platform)
    _do(platform, "Vergunning beoordelen")

    result, compared = _migrate(platform, DOWNSTREAM)

    assert result["gemigreerd"] == [ref] and result["geweigerd"] == [] and compared == []
    zaak = _do(platform, "Netaansluiting beoordelen")
    assert zaak["status"] == "afgerond" and zaak.get("incident") is None


def test_a_step_inserted_on_the_open_branch_before_the_join_migrates(platform: Platform) -> None:
    _setup(platform)
    ref = _case(platform)
    _do(platform, "Vergunning beoordelen")  # waits at the join; the netbeheer branch still reaches it

    result, compared = _migrate(platform, INSERTED_NETBEHEER)

    assert result["gemigreerd"] == [ref] and result["geweigerd"] == [] and compared == []
    zaak = _do(platform, "Netaansluiting beoordelen")
    assert zaak["status"] == "afgerond" and zaak.get("incident") is None
    assert {"antwoord", "samenvoegen", "einde"} <= _passed(platform, ref)


def test_a_renamed_id_of_the_arrived_step_migrates(platform: Platform) -> None:
    _setup(platform)
    ref = _case(platform)
    _do(platform, "Vergunning beoordelen")
    renamed = V1.replace('"vergunning"', '"vergunning2"').replace(">vergunning<", ">vergunning2<")

    result, compared = _migrate(platform, renamed)

    assert result["gemigreerd"] == [ref] and compared == []
    assert _do(platform, "Netaansluiting beoordelen")["status"] == "afgerond"


def test_a_case_with_both_branches_open_migrates_onto_the_inserted_step(platform: Platform) -> None:
    _setup(platform)
    ref = _case(platform)

    result, compared = _migrate(platform, INSERTED)

    assert result["gemigreerd"] == [ref] and result["geweigerd"] == [] and compared == []
    _do(platform, "Vergunning beoordelen")
    zaak = _do(platform, "Netaansluiting beoordelen")
    assert zaak["status"] == "afgerond" and zaak.get("incident") is None
    assert {"verleend", "samenvoegen", "einde"} <= _passed(platform, ref)
