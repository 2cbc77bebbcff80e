"""Standard BPMN constructs run through the service layer with an injected clock.

One model (tests/fixtures/bpmn/constructs/) has: lanes, user/manual/script/business-rule (DMN)
tasks, parallel, inclusive, exclusive and event-based gateways, a non-interrupting timer boundary
event, an interrupting message boundary event with a terminate end, an embedded subprocess, a call
activity, a message throw, an error end event caught by an error boundary event, a multi-instance
user task, a date timer and an interrupting duration timer boundary event.
"""

from __future__ import annotations

import pytest

from services import cases, deployments, inbox, users
from tests.conftest import FIXTURES

DIR = FIXTURES / "bpmn" / "constructs"


@pytest.fixture
def model(platform):
    deployments.deploy(platform, deployments.read_files([DIR / "constructs.bpmn", DIR / "tarief.dmn"]))
    users.add_user(platform, "a", groups=["Team A"])
    users.add_user(platform, "b", groups=["Team B"])
    return platform


def names(platform, user):
    return sorted(t["naam"] for t in inbox.list_tasks(platform, user)["taken"])


def do(platform, user, name, data=None):
    task = next(t for t in inbox.list_tasks(platform, user)["taken"] if t["naam"] == name)
    return cases.complete_task(platform, task["id"], user, data or {})


def test_all_constructs_to_the_end(model, clock):
    p = model
    case = cases.start_case(p, "constructs", {"items": ["dak", "gevel"], "uiterste_datum": "2026-03-10"})
    ref = case["zaak"]
    assert names(p, "a") == ["Taak A"]  # the subprocess with script + DMN ran in parallel
    clock.advance(hours=1, minutes=1)
    cases.fire_due_timers(p)
    # non-interrupting reminder: a manual task appears and Taak A stays
    assert names(p, "a") == ["Herinnering opvolgen", "Taak A"]
    do(p, "a", "Herinnering opvolgen")
    do(p, "a", "Taak A")
    assert names(p, "b") == [
        "Taak B (tarief hoog)"
    ]  # inclusive gateway took the x == 2 branch; DMN said hoog
    do(p, "b", "Taak B (tarief hoog)")
    called = cases.get_case(p, ref)["open_taken"]
    assert [t["naam"] for t in called] == ["Handwerk in deelproces"]  # call activity
    cases.complete_task(p, called[0]["id"], "a", {})
    # tarief hoog -> error end event in the subprocess, caught by the boundary event
    assert names(p, "b") == ["Fout afhandelen"]
    do(p, "b", "Fout afhandelen")
    assert names(p, "a") == ["Beoordeel dak", "Beoordeel gevel"]  # multi-instance
    do(p, "a", "Beoordeel dak", {"oordeel": "goed"})
    do(p, "a", "Beoordeel gevel", {"oordeel": "matig"})
    waiting = cases.get_case(p, ref)
    assert waiting["volgende_timer"].startswith("2026-03-10T23:00")  # end of 10 March, Amsterdam time
    done = cases.send_message(p, ref, "doorgaan", {})
    assert done["status"] == "afgerond"
    assert cases.get_case(p, ref)["samenvatting"]["resultaat"] == "klaar met tarief hoog"


def test_date_timer_then_interrupting_escalation(model, clock):
    p = model
    case = cases.start_case(p, "constructs", {"items": [], "uiterste_datum": "2026-03-03"})
    ref = case["zaak"]
    do(p, "a", "Taak A")
    do(p, "b", "Taak B (tarief hoog)")
    cases.complete_task(p, cases.get_case(p, ref)["open_taken"][0]["id"], "a", {})
    do(p, "b", "Fout afhandelen")  # empty multi-instance passes straight on
    clock.set(clock.now().replace(day=4))
    cases.fire_due_timers(p)
    assert names(p, "b") == ["Te laat"]
    with pytest.raises(Exception, match="wacht niet op bericht 'doorgaan'"):
        cases.send_message(p, ref, "doorgaan", {})
    clock.advance(days=1, minutes=1)
    cases.fire_due_timers(p)  # the interrupting boundary timer cancels "Te laat"
    final = cases.get_case(p, ref)
    assert final["status"] == "afgerond" and final["samenvatting"]["resultaat"] == "geëscaleerd"
    assert names(p, "b") == []


def test_message_boundary_interrupts_and_terminates(model):
    p = model
    case = cases.start_case(p, "constructs", {"items": [], "uiterste_datum": "2026-03-10"})
    do(p, "a", "Taak A")
    assert names(p, "b") == ["Taak B (tarief hoog)"]
    done = cases.send_message(p, case["zaak"], "intrekken", {"reden": "aanvrager trekt in"})
    assert done["status"] == "afgerond" and done["samenvatting"]["resultaat"] == "ingetrokken"
    assert names(p, "b") == [] and names(p, "a") == []


def test_message_start_event_subprocess_and_repeated_service_names(platform, tmp_path):
    deployments.deploy(platform, deployments.read_files([FIXTURES / "bpmn" / "event_subprocess.bpmn"]))
    case = cases.start_case(platform, "evsub", {})
    after = cases.send_message(platform, case["zaak"], "signaal", {"onderwerp": "subsidie"})
    assert sorted(t["naam"] for t in after["open_taken"]) == ["Signaal subsidie", "Werk"]
    again = cases.send_message(platform, case["zaak"], "signaal", {"onderwerp": "speeltuin"})
    assert sorted(t["naam"] for t in again["open_taken"]) == ["Signaal speeltuin", "Signaal subsidie", "Werk"]
    with pytest.raises(Exception, match="wacht niet op bericht 'onbekend'"):
        cases.send_message(platform, case["zaak"], "onbekend", {})
    # the same service (and parameter name) used by two service tasks is not a duplicate id
    ns = 'xmlns:spiffworkflow="http://spiffworkflow.org/bpmn/schema/1.0/core"'
    op = (
        f'<bpmn:extensionElements><spiffworkflow:serviceTaskOperator {ns} id="echo" resultVariable="r">'
        '<spiffworkflow:parameters><spiffworkflow:parameter id="x" type="int" value="1"/></spiffworkflow:parameters>'
        "</spiffworkflow:serviceTaskOperator></bpmn:extensionElements>"
    )
    model = (
        '<?xml version="1.0" encoding="UTF-8"?><bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" '
        'id="d2" targetNamespace="x"><bpmn:process id="tweemaal" isExecutable="true">'
        '<bpmn:startEvent id="s"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>'
        f'<bpmn:serviceTask id="a">{op}<bpmn:incoming>f1</bpmn:incoming><bpmn:outgoing>f2</bpmn:outgoing></bpmn:serviceTask>'
        f'<bpmn:serviceTask id="b">{op}<bpmn:incoming>f2</bpmn:incoming><bpmn:outgoing>f3</bpmn:outgoing></bpmn:serviceTask>'
        '<bpmn:endEvent id="e"><bpmn:incoming>f3</bpmn:incoming></bpmn:endEvent>'
        '<bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="a"/><bpmn:sequenceFlow id="f2" sourceRef="a" targetRef="b"/>'
        '<bpmn:sequenceFlow id="f3" sourceRef="b" targetRef="e"/></bpmn:process></bpmn:definitions>'
    )
    path = tmp_path / "tweemaal.bpmn"
    path.write_text(model)
    deployments.deploy(platform, deployments.read_files([path]))
    assert cases.start_case(platform, "tweemaal", {})["status"] == "afgerond"


def test_an_interrupting_message_event_subprocess_does_not_cancel_the_main_flow(platform, tmp_path):
    """The documented limit of SpiffWorkflow 3.2 (bpmn/MODELLING.md, "Known limits"): isInterrupting on an
    event subprocess's start is ignored. When a SpiffWorkflow upgrade honours it, this test fails and the
    limit (and the permit's intrekking work-around) can go."""
    model = (FIXTURES / "bpmn" / "event_subprocess.bpmn").read_text(encoding="utf-8")
    path = tmp_path / "evsub_onderbrekend.bpmn"
    path.write_text(model.replace('isInterrupting="false"', 'isInterrupting="true"'), encoding="utf-8")
    deployments.deploy(platform, deployments.read_files([path]))
    case = cases.start_case(platform, "evsub", {})
    after = cases.send_message(platform, case["zaak"], "signaal", {"onderwerp": "x"})
    assert sorted(t["naam"] for t in after["open_taken"]) == ["Signaal x", "Werk"]  # "Werk" not cancelled
