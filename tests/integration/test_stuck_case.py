"""A case that is not finished but has nothing left to wait for (issue 17) becomes an incident that
beheer sees, instead of staying 'lopend' silently."""

from __future__ import annotations

import pytest

from services import beheer, cases, deployments, inbox, users

GROUP = (
    "<bpmn:extensionElements><spiffworkflow:properties>"
    '<spiffworkflow:property name="kandidaatgroepen" value="[\'Team A\']"/>'
    "</spiffworkflow:properties></bpmn:extensionElements>"
)
# After "Kiezen" the case waits for a signal that no branch of the case can throw any more: not
# finished, and no task, timer or message to wait for.
MODEL = f"""<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
    xmlns:spiffworkflow="http://spiffworkflow.org/bpmn/schema/1.0/core" id="d" targetNamespace="x">
  <bpmn:signal id="sig" name="nooit"/>
  <bpmn:process id="vastloper" isExecutable="true">
    <bpmn:startEvent id="s"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
    <bpmn:userTask id="kiezen" name="Kiezen">{GROUP}<bpmn:incoming>f1</bpmn:incoming>
      <bpmn:outgoing>f2</bpmn:outgoing></bpmn:userTask>
    <bpmn:intermediateCatchEvent id="samen"><bpmn:incoming>f2</bpmn:incoming>
      <bpmn:outgoing>f3</bpmn:outgoing><bpmn:signalEventDefinition signalRef="sig"/>
    </bpmn:intermediateCatchEvent>
    <bpmn:endEvent id="e"><bpmn:incoming>f3</bpmn:incoming></bpmn:endEvent>
    <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="kiezen"/>
    <bpmn:sequenceFlow id="f2" sourceRef="kiezen" targetRef="samen"/>
    <bpmn:sequenceFlow id="f3" sourceRef="samen" targetRef="e"/>
  </bpmn:process>
</bpmn:definitions>
"""


@pytest.fixture
def stuck(platform, tmp_path):
    path = tmp_path / "vastloper.bpmn"
    path.write_text(MODEL, encoding="utf-8")
    deployments.deploy(platform, deployments.read_files([path]))
    users.add_user(platform, "a", groups=["Team A"])
    return platform


def test_case_with_nothing_to_wait_for_becomes_an_incident_in_beheer(stuck):
    case = cases.start_case(stuck, "vastloper", {})
    assert case["status"] == "lopend"
    [task] = inbox.list_tasks(stuck, "a")["taken"]
    after = cases.complete_task(stuck, task["id"], "a", {})
    assert after["status"] == "incident"
    assert after["open_taken"] == []
    [row] = beheer.problem_cases(stuck)["incidenten"]
    assert row["zaak"] == case["zaak"]
    assert "wacht nergens op" in row["incident"]
    assert "samen" in row["incident"]  # the element it is stuck at
