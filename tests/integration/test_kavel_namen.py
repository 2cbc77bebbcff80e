"""An outside party reads a case's open tasks without the officer's account name.

Tester finding (kavel2, 2): the case view (API, case page, map panel) gave an outside organisation the
open tasks it may see with ``toegewezen_aan``: the account name of the municipal officer who claimed a
task the organisation shares with a department. The view already hides account names from an outside
party elsewhere (the timeline's ``door``, a document's ``geupload_door``: policy.account_name); now the
open tasks follow the same rule, and say only that the task is taken (``opgepakt``).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from services import case_queries, deployments, kaart_panel, users
from services.platform import Platform
from tests.integration.inbox_case import claimed_by

MODEL = """<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
  xmlns:spiffworkflow="http://spiffworkflow.org/bpmn/schema/1.0/core" id="Defs_samen"
  targetNamespace="http://bpmn.io/schema/bpmn">
  <bpmn:process id="samen_overleggen" name="Samen overleggen" isExecutable="true">
    <bpmn:ioSpecification><bpmn:dataInput id="groepen" name="groepen" /></bpmn:ioSpecification>
    <bpmn:startEvent id="start"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
    <bpmn:userTask id="overleg" name="Overleg netaansluiting">
      <bpmn:extensionElements><spiffworkflow:properties>
        <spiffworkflow:property name="kandidaatgroepen" value="groepen" />
      </spiffworkflow:properties></bpmn:extensionElements>
      <bpmn:incoming>f1</bpmn:incoming><bpmn:outgoing>f2</bpmn:outgoing></bpmn:userTask>
    <bpmn:endEvent id="einde"><bpmn:incoming>f2</bpmn:incoming></bpmn:endEvent>
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="overleg" />
    <bpmn:sequenceFlow id="f2" sourceRef="overleg" targetRef="einde" />
  </bpmn:process>
</bpmn:definitions>
"""


@pytest.fixture
def samen(platform: Platform, tmp_path: Path) -> Platform:
    path = tmp_path / "samen_overleggen.bpmn"
    path.write_text(MODEL, encoding="utf-8")
    deployments.deploy(platform, deployments.read_files([path]))
    users.add_user(platform, "vera", groups=["Vergunningen"], role="vergunningverlener")
    users.add_user(platform, "nina", groups=["Netbeheerder"], role="adviseur")
    return platform


def test_an_outside_party_does_not_read_the_officers_name_on_an_open_task(samen: Platform) -> None:
    ref = claimed_by(samen, "vera")
    [task] = case_queries.read_case(samen, ref, "nina")["open_taken"]  # the API's case
    assert task["toegewezen_aan"] is None and task["opgepakt"] is True
    [task] = case_queries.case_file(samen, ref, "nina")["open_taken"]  # the case page
    assert task["toegewezen_aan"] is None and task["opgepakt"] is True
    [task] = kaart_panel.case_panel(samen, ref, "nina")["open_taken"]  # the map's panel
    assert task["toegewezen_aan"] is None and task["opgepakt"] is True
    # the municipality's own staff still read who holds it
    [task] = case_queries.read_case(samen, ref, "vera")["open_taken"]
    assert task["toegewezen_aan"] == "vera"
    assert kaart_panel.case_panel(samen, ref, "vera")["open_taken"][0]["toegewezen_aan"] == "vera"


def test_an_outside_party_reads_its_own_name(samen: Platform) -> None:
    ref = claimed_by(samen, "nina")
    [task] = case_queries.read_case(samen, ref, "nina")["open_taken"]
    assert task["toegewezen_aan"] == "nina"
    assert kaart_panel.case_panel(samen, ref, "nina")["open_taken"][0]["toegewezen_aan"] == "nina"
