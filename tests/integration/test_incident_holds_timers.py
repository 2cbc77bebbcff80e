"""A case in incident holds its due timers in an officer's step, as a paused case does (cases.holds_timers).

A timer's script failed in one parallel branch: the scheduler made the case an incident and skips it from
then on. An officer who completed a task in the OTHER branch ran an engine step that fired the due (failing)
timer again, and the officer's completion was refused with the timer's error. Now the officer's work in the
healthy branch goes on, the case stays an incident and the timer waits; after beheer's retry on a fixed
version it fires.
"""

from __future__ import annotations

import pytest

from services import beheer, cases, deployments, inbox, users
from tests.integration.bpmn_text import definitions_xml
from tests.integration.core_helpers import case_row, open_task_names

NODES = ("s", "split", "wacht", "reken", "controle", "ea", "taak_b", "eb")

#: branch B: user task 'Invoer B'
USER_TASK = (
    '<bpmn:userTask id="taak_b" name="Invoer B"><bpmn:incoming>pb</bpmn:incoming>'
    "<bpmn:outgoing>be</bpmn:outgoing></bpmn:userTask>"
)
#: branch B waiting for message 'antwoord' instead of a user task
MESSAGE = (
    '<bpmn:intermediateCatchEvent id="taak_b" name="Antwoord"><bpmn:incoming>pb</bpmn:incoming>'
    '<bpmn:outgoing>be</bpmn:outgoing><bpmn:messageEventDefinition id="md" messageRef="m"/>'
    "</bpmn:intermediateCatchEvent>"
)


def _model(script: str, branch_b: str = USER_TASK) -> str:
    """A parallel split into a one-hour timer, then a script and 'Controle' (branch A), and ``branch_b``."""
    refs = "".join(f"<bpmn:flowNodeRef>{n}</bpmn:flowNodeRef>" for n in NODES)
    return definitions_xml(
        '<bpmn:message id="m" name="antwoord"/><bpmn:process id="tak_proef" isExecutable="true">'
        f'<bpmn:laneSet id="ls"><bpmn:lane id="l1" name="Vergunningen">{refs}</bpmn:lane></bpmn:laneSet>'
        '<bpmn:startEvent id="s"><bpmn:outgoing>a</bpmn:outgoing></bpmn:startEvent>'
        '<bpmn:parallelGateway id="split"><bpmn:incoming>a</bpmn:incoming><bpmn:outgoing>pa</bpmn:outgoing>'
        "<bpmn:outgoing>pb</bpmn:outgoing></bpmn:parallelGateway>"
        '<bpmn:intermediateCatchEvent id="wacht"><bpmn:incoming>pa</bpmn:incoming><bpmn:outgoing>w</bpmn:outgoing>'
        '<bpmn:timerEventDefinition><bpmn:timeDuration>"PT1H"</bpmn:timeDuration></bpmn:timerEventDefinition>'
        "</bpmn:intermediateCatchEvent>"
        '<bpmn:scriptTask id="reken" name="Rekenen"><bpmn:incoming>w</bpmn:incoming><bpmn:outgoing>r</bpmn:outgoing>'
        f"<bpmn:script>{script}</bpmn:script></bpmn:scriptTask>"
        '<bpmn:userTask id="controle" name="Controle"><bpmn:incoming>r</bpmn:incoming>'
        "<bpmn:outgoing>c</bpmn:outgoing></bpmn:userTask>"
        '<bpmn:endEvent id="ea"><bpmn:incoming>c</bpmn:incoming></bpmn:endEvent>'
        + branch_b
        + '<bpmn:endEvent id="eb"><bpmn:incoming>be</bpmn:incoming></bpmn:endEvent>'
        '<bpmn:sequenceFlow id="a" sourceRef="s" targetRef="split"/>'
        '<bpmn:sequenceFlow id="pa" sourceRef="split" targetRef="wacht"/>'
        '<bpmn:sequenceFlow id="pb" sourceRef="split" targetRef="taak_b"/>'
        '<bpmn:sequenceFlow id="w" sourceRef="wacht" targetRef="reken"/>'
        '<bpmn:sequenceFlow id="r" sourceRef="reken" targetRef="controle"/>'
        '<bpmn:sequenceFlow id="c" sourceRef="controle" targetRef="ea"/>'
        '<bpmn:sequenceFlow id="be" sourceRef="taak_b" targetRef="eb"/></bpmn:process>'
    )


@pytest.fixture
def platform(any_platform):
    users.add_user(any_platform, "anna", groups=["Vergunningen"], role="vergunningverlener")
    users.add_user(any_platform, "bea", groups=["Beheer"], role="beheerder")
    return any_platform


def _in_incident(platform, clock, model: str | None = None) -> str:
    deployments.deploy(platform, [("tak.bpmn", model or _model("y = 1 / 0"))])
    ref = cases.start_case(platform, "tak_proef", {}, user="anna")["zaak"]
    clock.advance(hours=2)  # the timer is due: the scheduler fires it, its script fails
    cases.fire_due_timers(platform)
    assert case_row(platform, ref).status == "incident"
    return ref


def _task_b(platform) -> int:
    return next(t["id"] for t in inbox.list_tasks(platform, "anna")["taken"] if t["naam"] == "Invoer B")


def test_an_officer_completes_a_task_in_the_healthy_branch_of_a_case_in_incident(platform, clock):
    ref = _in_incident(platform, clock)
    incident = case_row(platform, ref).incident

    done = cases.complete_task(platform, _task_b(platform), "anna", {})

    case = case_row(platform, ref)
    assert (done["status"], case.status, case.incident) == ("incident", "incident", incident)
    assert open_task_names(platform) == []  # the timer did not fire: no 'Controle'
    assert case.next_timer_at is not None  # still waiting, for the end of the incident


def test_the_held_timer_fires_after_beheer_retries_on_a_fixed_version(platform, clock):
    ref = _in_incident(platform, clock)
    cases.complete_task(platform, _task_b(platform), "anna", {})
    assert cases.fire_due_timers(platform) == []  # the scheduler still skips the case in incident

    deployments.deploy(platform, [("tak.bpmn", _model("y = 1"))])
    beheer.migrate(platform, "tak_proef", "bea")
    row = beheer.retry(platform, ref, "bea")

    assert row["status"] == "lopend"
    assert open_task_names(platform) == ["Controle"]


def test_a_message_to_a_case_in_incident_fires_no_due_timer(platform, clock):
    ref = _in_incident(platform, clock, _model("y = 1 / 0", MESSAGE))

    done = cases.send_message(platform, ref, "antwoord", {"tekst": "ja"})

    case = case_row(platform, ref)
    assert (done["status"], case.status) == ("incident", "incident")
    assert case.next_timer_at is not None  # the timer did not fire in the message's step: still waiting
