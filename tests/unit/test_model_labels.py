"""Waiting elements and expected messages in words for the officers' case file (issue #16 item 5)."""

from __future__ import annotations

from services.model_labels import element_names, message_name

MODEL = """<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"><bpmn:process id="p">
  <bpmn:eventBasedGateway id="d_wacht"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:eventBasedGateway>
  <bpmn:intermediateCatchEvent id="d_dag" name="Volgende dag" />
  <bpmn:intermediateCatchEvent id="d_besluit" name="Besluit   genomen &amp; verzonden" />
  <bpmn:sequenceFlow id="f1" sourceRef="d_wacht" targetRef="d_dag" />
  <bpmn:sequenceFlow id="f2" sourceRef="d_wacht" targetRef="d_besluit" />
  <bpmn:subProcess id="ter_inzage" name="Ter inzage"><bpmn:eventBasedGateway id="ti_wacht" /></bpmn:subProcess>
  <bpmn:userTask id="naamloos" />
</bpmn:process></bpmn:definitions>"""


def test_named_elements_by_name_unnamed_gateway_by_the_events_after_it():
    assert element_names(MODEL, ["ter_inzage", "d_wacht"]) == [
        "Ter inzage",
        "Volgende dag of Besluit genomen & verzonden",
    ]


def test_elements_without_a_name_or_unknown_are_left_out_and_names_shown_once():
    assert element_names(MODEL, ["naamloos", "ti_wacht", "elders_in_een_subproces", "ter_inzage"]) == [
        "Ter inzage"
    ]
    assert element_names(MODEL, ["ter_inzage", "ter_inzage"]) == ["Ter inzage"]
    assert element_names("", ["d_wacht"]) == []


def test_message_names_made_readable():
    assert message_name("ingebrekestelling") == "Ingebrekestelling"
    assert message_name("netbeheerder_antwoord") == "Netbeheerder antwoord"
