"""A case that stands still from its start (its only wait is a signal that nothing throws: a 'stuck'
incident), for the beheer tests."""

from __future__ import annotations

from services import cases, deployments

STUCK = """<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="D" targetNamespace="x">
  <bpmn:signal id="sig" name="nooit" />
  <bpmn:process id="vast_proef" name="Vastproef" isExecutable="true">
    <bpmn:startEvent id="s"><bpmn:outgoing>a</bpmn:outgoing></bpmn:startEvent>
    <bpmn:intermediateCatchEvent id="w" name="Wacht op signaal"><bpmn:incoming>a</bpmn:incoming>
      <bpmn:outgoing>b</bpmn:outgoing><bpmn:signalEventDefinition id="sd" signalRef="sig" />
    </bpmn:intermediateCatchEvent>
    <bpmn:endEvent id="e"><bpmn:incoming>b</bpmn:incoming></bpmn:endEvent>
    <bpmn:sequenceFlow id="a" sourceRef="s" targetRef="w" /><bpmn:sequenceFlow id="b" sourceRef="w" targetRef="e" />
  </bpmn:process>
</bpmn:definitions>"""


def stuck_case(platform) -> str:
    """The STUCK model deployed and a case of it started by anna, in incident: its reference."""
    deployments.deploy(platform, [("vast.bpmn", STUCK)], user="bea")
    ref = cases.start_case(platform, "vast_proef", {}, user="anna", title="Vast")["zaak"]
    assert cases.get_case(platform, ref)["status"] == "incident"
    return ref
