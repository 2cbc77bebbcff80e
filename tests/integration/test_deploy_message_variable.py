"""A message an outside party may send is caught into a messageVariable, or the deploy is refused.

Left in the last notes: a message catch event without ``spiffworkflow:messageVariable`` merges the
message's payload into the process data (SpiffWorkflow's default, and Camunda's correlation). The
shipped models all name a variable, but a municipality's own model (or a converted Camunda model) that
does not let the initiator, through the API with ``gegevens``, set or overwrite any process variable
(``compleet``, ``besluit``...). The deploy now refuses such a catch for a message autorisatie.toml lets
an outside party send (the initiator, an organisation's group), in Dutch, naming the element; a message
only a behandelaar registers keeps the merge.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from services import deployments
from services.engine.deploy import ModelRefused
from services.platform import Platform
from tests.integration.core_helpers import snapshot

KLEIN = Path(__file__).resolve().parents[1] / "fixtures" / "bpmn" / "vergunning_klein.bpmn"
VARIABLE = re.compile(
    r"<bpmn:extensionElements><spiffworkflow:messageVariable>\w+</spiffworkflow:messageVariable></bpmn:extensionElements>"
)


def _model(message: str = "aanvulling", *, variable: bool = False) -> list[tuple[str, str]]:
    text = KLEIN.read_text(encoding="utf-8")
    if not variable:
        text, n = VARIABLE.subn("", text)
        assert n == 1
    text = text.replace(
        '<bpmn:message id="Msg_aanvulling" name="aanvulling" />',
        f'<bpmn:message id="Msg_aanvulling" name="{message}" />',
    )
    return [("vergunning_klein.bpmn", text)]


@pytest.mark.parametrize(
    ("message", "who"),
    [("aanvulling", "de initiatiefnemer"), ("netbeheerder_antwoord", "de Netbeheerder")],
)
def test_an_outside_message_caught_without_a_variable_is_refused(platform: Platform, message: str, who: str):
    before = snapshot(platform)
    with pytest.raises(ModelRefused) as refused:
        deployments.deploy(platform, _model(message), user="bea")
    [problem] = refused.value.extra["problemen"]
    assert problem["element"] == "aanvulling_ontvangen" and problem["naam"] == "Aanvulling ontvangen"
    assert f"Het bericht '{message}' mag worden gestuurd door {who}" in problem["probleem"]
    assert "messageVariable" in problem["probleem"] and "overschrijven" in problem["probleem"]
    assert problem["regel"] and problem["bestand"] == "vergunning_klein.bpmn"
    assert snapshot(platform) == before


def test_a_message_only_a_behandelaar_registers_may_merge(platform: Platform):
    deployed = deployments.deploy(platform, _model("interne_melding"), user="bea")
    assert [d["process_id"] for d in deployed] == ["vergunning_klein"]


def test_with_a_message_variable_the_outside_message_is_deployed(platform: Platform):
    deployed = deployments.deploy(platform, _model(variable=True), user="bea")
    assert [d["process_id"] for d in deployed] == ["vergunning_klein"]


def test_the_municipalitys_own_rules_decide_who_is_outside(platform: Platform, tmp_path: Path):
    """A deployment whose autorisatie.toml lets only a behandelaar register an aanvulling may merge it."""
    (tmp_path / "autorisatie.toml").write_text(
        '[berichten]\naanvulling = ["behandelaar"]\n"*" = ["behandelaar"]\n', encoding="utf-8"
    )
    platform.settings = platform.settings.with_(bpmn_dir=str(tmp_path))
    deployed = deployments.deploy(platform, _model(), user="bea")
    assert [d["process_id"] for d in deployed] == ["vergunning_klein"]


def test_an_empty_message_variable_counts_as_none(platform: Platform):
    """Review sessie8b 3: ``<spiffworkflow:messageVariable/>`` passed the check, but SpiffWorkflow reads its
    empty text as no variable and merged the initiator's payload into the process data all the same."""
    [(name, text)] = _model(variable=True)
    empty = text.replace(">aanvulling</spiffworkflow:messageVariable>", ">  </spiffworkflow:messageVariable>")
    assert "<spiffworkflow:messageVariable>  </spiffworkflow:messageVariable>" in empty
    with pytest.raises(ModelRefused) as refused:
        deployments.deploy(platform, [(name, empty)], user="bea")
    assert refused.value.extra["problemen"][0]["element"] == "aanvulling_ontvangen"


def test_the_camunda_converter_reads_catches_as_the_deploy_does(platform: Platform):
    """Code review crH 5: the converter had its own copy of the catch detection, which took an empty
    messageVariable as present, so its output was then refused at deploy. One detection now serves both:
    the converter fills the empty variable, and the result deploys."""
    from services.camunda.conversion import convert

    [(name, text)] = _model(variable=True)
    empty = text.replace(">aanvulling</spiffworkflow:messageVariable>", "></spiffworkflow:messageVariable>")
    [(converted_name, converted)], report = convert([(name, empty)])
    assert ">aanvulling</spiffworkflow:messageVariable>" in converted
    assert any(c["construct"] == "bericht" for e in report["elementen"] for c in e["wijzigingen"])
    deployed = deployments.deploy(platform, [(converted_name, converted)], user="bea")
    assert [d["process_id"] for d in deployed] == ["vergunning_klein"]
