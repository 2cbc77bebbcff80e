"""A model that loops without waiting is stopped with the production settings too (issue #8, Trust).

With cheap scripts a loop of a script task and a gateway does not spend the step's CPU budget (20 times
``RUIMTEFLOW_SCRIPT_CPU_SECONDS``, 20 s by default) before SpiffWorkflow's task iterator, which looks
1000 tasks deep, loses sight of the next task. The engine then stopped without an error after about 500
rounds: the start was stored as a case that "waits for nothing", a loop beside an open task left a
running case (which later ended with its loop unfinished), and after a timer the incident named no
element. Now the step is refused (``services.engine.step_depth``), on SQLite and PostgreSQL alike:
a 422 on start with nothing stored, an incident in a running case. This module keeps the default
settings (no smaller budget): the depth limit does not depend on the budget."""

from __future__ import annotations

import pytest

from processes.errors import RuimteflowError
from services import cases, deployments, inbox, users
from services.config import Settings
from tests.integration.core_helpers import case_row, snapshot
from tests.integration.test_script_limits import H, lane

LOOP_HINT = "kring zonder wachtmoment"


@pytest.fixture
def platform(any_platform):
    """On SQLite and on PostgreSQL, with the default script budget."""
    assert any_platform.settings.script_cpu_seconds == Settings.script_cpu_seconds
    users.add_user(any_platform, "anna", groups=["Vergunningen"], role="vergunningverlener")
    return any_platform


def counting(before: str, after: str, flows: str = "", until: str = "n &gt; 0") -> str:
    """A process ``kring_proef``: ``before`` (elements from start event 's' to flow 'in'), then a script
    task 'tel' that counts ``n`` up and a gateway that goes back to it while ``until`` holds, then
    ``after`` (elements from flow 'uit' to an end event)."""
    return (
        H
        + '<bpmn:process id="kring_proef" isExecutable="true">\n'
        + lane("s", "tel", "gw", "controle")
        + before
        + '<bpmn:scriptTask id="tel" name="Tellen"><bpmn:incoming>in</bpmn:incoming><bpmn:incoming>terug'
        "</bpmn:incoming><bpmn:outgoing>b</bpmn:outgoing><bpmn:script>n = n + 1</bpmn:script></bpmn:scriptTask>\n"
        '<bpmn:exclusiveGateway id="gw" default="uit"><bpmn:incoming>b</bpmn:incoming>'
        "<bpmn:outgoing>terug</bpmn:outgoing><bpmn:outgoing>uit</bpmn:outgoing></bpmn:exclusiveGateway>\n"
        + after
        + '<bpmn:sequenceFlow id="b" sourceRef="tel" targetRef="gw"/>'
        f'<bpmn:sequenceFlow id="terug" sourceRef="gw" targetRef="tel"><bpmn:conditionExpression>{until}'
        "</bpmn:conditionExpression></bpmn:sequenceFlow>" + flows + "</bpmn:process></bpmn:definitions>"
    )


START = '<bpmn:startEvent id="s"><bpmn:outgoing>in</bpmn:outgoing></bpmn:startEvent>\n'
END = '<bpmn:endEvent id="e"><bpmn:incoming>uit</bpmn:incoming></bpmn:endEvent>\n'
TO_END = '<bpmn:sequenceFlow id="uit" sourceRef="gw" targetRef="e"/>'
START_FLOWS = '<bpmn:sequenceFlow id="in" sourceRef="s" targetRef="tel"/>'
#: the loop in one branch, a user task in the other
BESIDE = (
    '<bpmn:startEvent id="s"><bpmn:outgoing>a</bpmn:outgoing></bpmn:startEvent>\n'
    '<bpmn:parallelGateway id="splits"><bpmn:incoming>a</bpmn:incoming><bpmn:outgoing>in</bpmn:outgoing>'
    "<bpmn:outgoing>p</bpmn:outgoing></bpmn:parallelGateway>\n"
    '<bpmn:userTask id="controle" name="Controle"><bpmn:incoming>p</bpmn:incoming><bpmn:outgoing>q</bpmn:outgoing>'
    "</bpmn:userTask>\n"
    '<bpmn:endEvent id="e2"><bpmn:incoming>q</bpmn:incoming></bpmn:endEvent>\n'
)
BESIDE_FLOWS = (
    '<bpmn:sequenceFlow id="a" sourceRef="s" targetRef="splits"/><bpmn:sequenceFlow id="in" sourceRef="splits" '
    'targetRef="tel"/><bpmn:sequenceFlow id="p" sourceRef="splits" targetRef="controle"/>'
    '<bpmn:sequenceFlow id="q" sourceRef="controle" targetRef="e2"/>'
)
#: the loop after a one-hour timer
AFTER_TIMER = (
    '<bpmn:startEvent id="s"><bpmn:outgoing>a</bpmn:outgoing></bpmn:startEvent>\n'
    '<bpmn:intermediateCatchEvent id="wacht"><bpmn:incoming>a</bpmn:incoming><bpmn:outgoing>in</bpmn:outgoing>'
    '<bpmn:timerEventDefinition><bpmn:timeDuration>"PT1H"</bpmn:timeDuration></bpmn:timerEventDefinition>'
    "</bpmn:intermediateCatchEvent>\n"
)
AFTER_TIMER_FLOWS = (
    '<bpmn:sequenceFlow id="a" sourceRef="s" targetRef="wacht"/><bpmn:sequenceFlow id="in" sourceRef="wacht" '
    'targetRef="tel"/>'
)
#: the loop inside an embedded subprocess: its depth counts from the case's process
IN_SUBPROCESS = (
    '<bpmn:startEvent id="s"><bpmn:outgoing>a</bpmn:outgoing></bpmn:startEvent>\n'
    '<bpmn:subProcess id="sub" name="Deelproces"><bpmn:incoming>a</bpmn:incoming><bpmn:outgoing>z</bpmn:outgoing>'
    '<bpmn:startEvent id="ss"><bpmn:outgoing>in</bpmn:outgoing></bpmn:startEvent>\n'
)
IN_SUBPROCESS_FLOWS = (
    '<bpmn:sequenceFlow id="in" sourceRef="ss" targetRef="tel"/>'
    '<bpmn:endEvent id="se"><bpmn:incoming>uit</bpmn:incoming></bpmn:endEvent>'
    '<bpmn:sequenceFlow id="uit" sourceRef="gw" targetRef="se"/></bpmn:subProcess>\n'
    '<bpmn:endEvent id="e"><bpmn:incoming>z</bpmn:incoming></bpmn:endEvent>'
    '<bpmn:sequenceFlow id="a" sourceRef="s" targetRef="sub"/><bpmn:sequenceFlow id="z" sourceRef="sub" targetRef="e"/>'
)


def _refused_start(platform, model: str) -> str:
    deployments.deploy(platform, [("kring.bpmn", model)])
    before = snapshot(platform)
    with pytest.raises(RuimteflowError) as err:
        cases.start_case(platform, "kring_proef", {"n": 1}, user="anna")
    assert snapshot(platform) == before
    assert err.value.status == 422 and err.value.code == "script-limiet"
    return err.value.detail


@pytest.mark.parametrize(
    "model",
    [
        counting(START, END, TO_END + START_FLOWS),
        counting(BESIDE, END, TO_END + BESIDE_FLOWS),
        counting(IN_SUBPROCESS, "", IN_SUBPROCESS_FLOWS),
    ],
    ids=["alone", "beside_a_task", "in_a_subprocess"],
)
def test_a_cheap_loop_without_waiting_refuses_the_start_and_stores_nothing(platform, model):
    # before: the start returned a stored case (an incident "staat stil bij onbekend", or beside the task
    # a running case whose loop stood still, after about 500 rounds)
    detail = _refused_start(platform, model)
    assert LOOP_HINT in detail and "elementen na elkaar" in detail
    assert "element 'tel' (Tellen)" in detail or "element 'gw'" in detail


def test_a_cheap_loop_after_a_timer_is_an_incident_that_names_the_loop(platform, clock):
    deployments.deploy(platform, [("kring.bpmn", counting(AFTER_TIMER, END, TO_END + AFTER_TIMER_FLOWS))])
    ref = cases.start_case(platform, "kring_proef", {"n": 1}, user="anna")["zaak"]
    clock.advance(hours=2)
    [fired] = cases.fire_due_timers(platform)
    assert fired["zaak"] == ref and LOOP_HINT in fired["incident"]
    case = case_row(platform, ref)
    assert (case.status, case.incident) == ("incident", fired["incident"])
    assert case.summary["gegevens"]["n"] == 1  # the step was rolled back: no round of it is stored


def test_a_loop_that_ends_within_the_limit_still_runs(platform):
    model = counting(BESIDE, END, TO_END + BESIDE_FLOWS, until="n &lt; 300")
    deployments.deploy(platform, [("kring.bpmn", model)])
    started = cases.start_case(platform, "kring_proef", {"n": 1}, user="anna")
    assert started["status"] == "lopend" and started["samenvatting"]["gegevens"]["n"] == 300
    assert [t["naam"] for t in inbox.list_tasks(platform, "anna")["taken"]] == ["Controle"]
