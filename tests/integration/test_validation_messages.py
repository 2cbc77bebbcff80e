"""A refused model is named in Dutch, with the element, never with SpiffWorkflow's English text or
Python internals.

Review finding (rv5 modeller, 8): Valideren, the upload page, the API and the CLI showed texts such as
"TypeError(NodeParser.raise_validation_exception() got an unexpected keyword argument 'node')" for a
message reference to a deleted message, "Cannot resolve dataInputAssociation <Element ... at 0x...>",
a misleading "we found two items, perhaps a form has the same ID?" for a flow to an unknown element,
"No start event found.", "gevonden: 'None'" for a process without id, and a RecursionError for a long
chain of tasks; ``regel`` came back as "" instead of a number or null.
"""

from __future__ import annotations

import re

import pytest

from services import deployments
from services.engine.deploy import ModelRefused
from services.platform import Platform
from tests.integration.bpmn_text import process_xml
from tests.integration.core_helpers import snapshot

S = '<bpmn:startEvent id="s"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>'
E = '<bpmn:endEvent id="e"><bpmn:incoming>f2</bpmn:incoming></bpmn:endEvent>'


def _around(task: str) -> str:
    return (
        S + '<bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="t"/>' + task
        + '<bpmn:sequenceFlow id="f2" sourceRef="t" targetRef="e"/>' + E
    )  # fmt: skip


def _chain(n: int) -> str:
    parts = ['<bpmn:startEvent id="s"/><bpmn:sequenceFlow id="f0" sourceRef="s" targetRef="t1"/>']
    for i in range(1, n + 1):
        nxt = f"t{i + 1}" if i < n else "e"
        parts.append(
            f'<bpmn:task id="t{i}"/><bpmn:sequenceFlow id="f{i}" sourceRef="t{i}" targetRef="{nxt}"/>'
        )
    return process_xml("".join(parts) + '<bpmn:endEvent id="e"/>')


CASES = {
    "proces-zonder-id": (
        process_xml(_around('<bpmn:task id="t"/>'), 'isExecutable="true"'),
        None,
        "Proces zonder id",
    ),
    "stroom-naar-onbekend-doel": (
        process_xml(S + '<bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="nergens"/>'),
        "f1",
        "Verbinding (sequenceFlow) 'f1' gaat naar 'nergens', maar dat element bestaat niet",
    ),
    "geen-startgebeurtenis": (process_xml('<bpmn:task id="t"/>'), "proef", "geen startgebeurtenis"),
    "onbekend-bericht": (
        process_xml(
            _around(
                '<bpmn:intermediateCatchEvent id="t"><bpmn:messageEventDefinition messageRef="geen"/>'
                "</bpmn:intermediateCatchEvent>"
            )
        ),  # fmt: skip
        "t",
        "bericht 'geen' (messageRef) bestaat niet",
    ),
    "onbekende-gegevensbron": (
        process_xml(
            _around(
                '<bpmn:task id="t"><bpmn:dataInputAssociation id="dia"><bpmn:sourceRef>weg</bpmn:sourceRef>'
                "</bpmn:dataInputAssociation></bpmn:task>"
            )
        ),  # fmt: skip
        "dia",
        "verwijst naar 'weg' (sourceRef), maar",
    ),
    # an <outgoing> or <incoming> naming no flow of the element (note24; tests/integration/test_deploy_flow_refs.py)
    "start-naar-onbekende-verbinding": (
        process_xml(
            S.replace(">f1<", ">f9<") + '<bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="e"/>' + E
        ),
        "s",
        "De uitgaande verbinding 'f9' (outgoing) bestaat niet",
    ),
    "start-zonder-enige-verbinding": (
        process_xml(S.replace(">f1<", ">f9<") + '<bpmn:endEvent id="e"/>'),
        "s",
        "De uitgaande verbinding 'f9' (outgoing) bestaat niet",
    ),
    "einde-van-onbekende-verbinding": (
        process_xml(S + '<bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="e"/>' + E),
        "e",
        "De binnenkomende verbinding 'f2' (incoming) bestaat niet",
    ),
    "start-noemt-verbinding-van-een-ander-element": (
        process_xml(S.replace(">f1<", ">f2<") + _around('<bpmn:task id="t"/>')[len(S) :]),
        "s",
        "De uitgaande verbinding 'f2' (outgoing) komt van 't', niet van dit element",
    ),
    "leeg-subproces": (
        process_xml(_around('<bpmn:subProcess id="t"/>')),
        "t",
        "precies één startgebeurtenis",
    ),
    "lange-keten": (_chain(2000), None, "te lange keten"),
}
ENGLISH = re.compile(r"found|Cannot|Error|Exception|0x[0-9a-f]|None|SubWorkflow|Must|required|Duplicate")


@pytest.mark.parametrize("case", sorted(CASES))
def test_a_refused_model_is_named_in_dutch_with_its_element(platform: Platform, case: str) -> None:
    xml, element, dutch = CASES[case]
    before = snapshot(platform)
    with pytest.raises(ModelRefused) as err:
        deployments.deploy(platform, [("proef.bpmn", xml)], user="bea")
    problem = err.value.extra["problemen"][0]
    assert dutch in problem["probleem"], problem
    assert problem["element"] == element, problem
    assert not ENGLISH.search(problem["probleem"]), problem
    assert problem["regel"] is None or isinstance(problem["regel"], int), problem
    assert problem["naam"] is None or problem["naam"], problem
    assert snapshot(platform) == before
