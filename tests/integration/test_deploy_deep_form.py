"""A task form nested deeper than strict JSON allows (tester p7, 2): `formulier` nested 150 levels gave a
500 at the deploy (RecursionError in jsonschema's check_schema) and at the model editor's "Valideren",
whose draft was already saved. The deploy now bounds the form's depth before anything recurses through
it (processes.strikte_json.MAX_DEPTH): 422 model-geweigerd naming the element, nothing stored; the
editor lists it as the draft's problem."""

from __future__ import annotations

from html import escape

import pytest

from services import deployments, modeleditor, users
from services.platform import Platform
from tests.integration.bpmn_text import process_xml
from tests.integration.deploy_refusals import api_refusal

TOO_DEEP = "Eigenschap 'formulier' is te diep genest (meer dan 40 niveaus)"


def deep_form_model(levels: int) -> str:
    """The tester's model: a user task 'taak' whose form nests an object ``levels`` times."""
    deep = '{"type": "object", "properties": {"x": ' * levels + '{"type": "string"}' + "}}" * levels
    form = escape(f'{{"type": "object", "properties": {{"diep": {deep}}}}}')
    return process_xml(
        '<bpmn:laneSet id="ls"><bpmn:lane id="l1" name="Vergunningen"><bpmn:flowNodeRef>s</bpmn:flowNodeRef>'
        "<bpmn:flowNodeRef>taak</bpmn:flowNodeRef><bpmn:flowNodeRef>e</bpmn:flowNodeRef></bpmn:lane></bpmn:laneSet>"
        '<bpmn:startEvent id="s"><bpmn:outgoing>a</bpmn:outgoing></bpmn:startEvent>'
        '<bpmn:userTask id="taak" name="Taak"><bpmn:extensionElements><spiffworkflow:properties>'
        f'<spiffworkflow:property name="formulier" value="{form}"/></spiffworkflow:properties>'
        "</bpmn:extensionElements><bpmn:incoming>a</bpmn:incoming><bpmn:outgoing>b</bpmn:outgoing></bpmn:userTask>"
        '<bpmn:endEvent id="e"><bpmn:incoming>b</bpmn:incoming></bpmn:endEvent>'
        '<bpmn:sequenceFlow id="a" sourceRef="s" targetRef="taak"/><bpmn:sequenceFlow id="b" sourceRef="taak" targetRef="e"/>'
    )


def test_a_form_within_the_bound_deploys(platform: Platform) -> None:
    [deployed] = deployments.deploy(platform, [("proef.bpmn", deep_form_model(15))])
    assert deployed["versie"] == 1


@pytest.mark.parametrize("levels", [150, 3000])  # 3000: past json's own reach (RecursionError in loads)
def test_the_api_refuses_a_too_deep_form_naming_the_element(platform: Platform, levels: int) -> None:
    body = api_refusal(platform, [("proef.bpmn", deep_form_model(levels))])  # 422, nothing stored
    assert body["code"] == "model-geweigerd" and TOO_DEEP in body["detail"], body
    assert [(p["element"], p["probleem"]) for p in body["problemen"]] == [("taak", TOO_DEEP)]


def test_the_editor_lists_a_too_deep_form_as_the_drafts_problem(platform: Platform) -> None:
    users.add_user(platform, "bea", groups=["Beheer"], role="beheerder")
    deployments.deploy(platform, [("proef.bpmn", deep_form_model(1))])
    found = modeleditor.validate_draft(platform, "proef", "bea", {"xml": deep_form_model(150)})
    assert found["geldig"] is False
    assert [(p["element"], p["melding"]) for p in found["problemen"]] == [("taak", TOO_DEEP)]
