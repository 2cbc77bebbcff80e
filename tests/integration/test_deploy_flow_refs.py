"""An element's ``<outgoing>`` or ``<incoming>`` names a sequence flow of the file that leaves or enters it.

Left open in note24: a model whose start event named an outgoing flow that does not exist deployed
without a word (SpiffWorkflow follows only the flows' sourceRef and targetRef), and the diagram's edge of
that name drew nothing. SpiffWorkflow's own spiff_properties.bpmn was such a model (its flow was
``F2low_1hjrex4``). Refused like the other broken references: 422 model-geweigerd in the API, exit
code 2 in the CLI, nothing stored. The refusals of the deploy service, one per kind of stale reference,
are cases of tests/integration/test_validation_messages.py.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from services import deployments
from services.platform import Platform
from tests.integration.bpmn_text import process_xml
from tests.integration.deploy_refusals import api_refusal, cli_refusal

END = '<bpmn:endEvent id="e"><bpmn:incoming>f1</bpmn:incoming></bpmn:endEvent>'
FLOW = '<bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="e"/>'
START_NAMING_F9 = process_xml(
    '<bpmn:startEvent id="s"><bpmn:outgoing>f9</bpmn:outgoing></bpmn:startEvent>' + FLOW + END
)
NO_F9 = "De uitgaande verbinding 'f9' (outgoing) bestaat niet"


def test_a_consistent_model_deploys(platform: Platform) -> None:
    xml = process_xml(
        '<bpmn:startEvent id="s"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>' + FLOW + END
    )
    [deployed] = deployments.deploy(platform, [("proef.bpmn", xml)], user="bea")
    assert (deployed["process_id"], deployed["versie"]) == ("proef", 1), deployed


def test_the_api_refuses_it_as_problem_json(platform: Platform) -> None:
    body = api_refusal(platform, [("proef.bpmn", START_NAMING_F9)])  # 422 problem+json, nothing stored
    assert body["code"] == "model-geweigerd" and NO_F9 in body["detail"], body


def test_the_cli_refuses_it_with_exit_code_2(
    capsys: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("RUIMTEFLOW_INSTANCE", str(tmp_path))
    assert NO_F9 in cli_refusal(capsys, tmp_path, [("proef.bpmn", START_NAMING_F9)])


def test_a_prefixed_flow_name_deploys(platform: Platform) -> None:
    """<incoming>/<outgoing> are xsd:QName in BPMN 2.0: ``bpmn:f1`` names flow f1 (valid, was refused)."""
    start = '<bpmn:startEvent id="s"><bpmn:outgoing>bpmn:f1</bpmn:outgoing></bpmn:startEvent>'
    [deployed] = deployments.deploy(platform, [("proef.bpmn", process_xml(start + FLOW + END))], user="bea")
    assert (deployed["process_id"], deployed["versie"]) == ("proef", 1), deployed
