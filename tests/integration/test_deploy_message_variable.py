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


def test_a_later_rules_change_does_not_let_an_outsider_merge_into_the_process(
    platform: Platform, tmp_path: Path
):
    """Left in the last notes: the deploy checks the senders autorisatie.toml names at that moment. A model
    deployed while only a behandelaar registered the aanvulling merges it; once the municipality lets the
    initiator send it, the initiator's payload was merged into the process data (here ``compleet``,
    skipping the check of the aanvulling). The message is now refused at run time for an outside sender
    when the case's model catches it without a variable, and the case stays as it was."""
    from processes.errors import Conflict
    from services import cases, inbox, users

    only_behandelaar, initiator_too = tmp_path / "eerst", tmp_path / "later"
    for folder, senders in (
        (only_behandelaar, '["behandelaar"]'),
        (initiator_too, '["initiatiefnemer", "behandelaar"]'),
    ):
        folder.mkdir()
        (folder / "autorisatie.toml").write_text(
            f'[berichten]\naanvulling = {senders}\n"*" = ["behandelaar"]\n', encoding="utf-8"
        )
    platform.settings = platform.settings.with_(bpmn_dir=str(only_behandelaar))
    deployments.deploy(platform, _model(), user="bea")
    users.add_user(platform, "anna", groups=["Vergunningen"], role="vergunningverlener")
    case = cases.start_case(platform, "vergunning_klein", {}, user="anna")
    [task] = inbox.list_tasks(platform, "anna")["taken"]
    cases.complete_task(
        platform, task["id"], "anna", {"compleet": False, "toelichting": "tekening ontbreekt"}
    )

    platform.settings = platform.settings.with_(bpmn_dir=str(initiator_too))
    before = snapshot(platform)
    with pytest.raises(Conflict) as refused:
        cases.send_message(platform, case["zaak"], "aanvulling", {"compleet": True}, via_code=True)
    assert refused.value.code == "bericht-model-onveilig"
    assert "zonder messageVariable" in refused.value.detail and "Aanvulling ontvangen" in refused.value.detail
    assert snapshot(platform) == before

    # a behandelaar registering the letter is trusted, as the deploy check has it
    users.add_user(platform, "bea2", groups=["Vergunningen"], role="vergunningverlener")
    moved = cases.send_message(
        platform, case["zaak"], "aanvulling", {"bijlage": "tekening.pdf"}, actor="bea2"
    )
    assert moved["zaak"] == case["zaak"]


def test_a_message_variable_on_the_message_element_is_refused_in_dutch(platform: Platform):
    """Left in the last notes: SpiffWorkflow's older place for the variable, on ``bpmn:message`` itself,
    was refused by the engine's own validation in English (a DeprecationWarning text). It is refused in
    Dutch, naming the message and where the variable belongs; nothing is stored."""
    [(name, text)] = _model()
    old_place = text.replace(
        '<bpmn:message id="Msg_aanvulling" name="aanvulling" />',
        '<bpmn:message id="Msg_aanvulling" name="aanvulling"><bpmn:extensionElements><spiffworkflow:messageVariable>'
        "aanvulling</spiffworkflow:messageVariable></bpmn:extensionElements></bpmn:message>",
    )
    assert old_place != text
    before = snapshot(platform)
    with pytest.raises(ModelRefused) as refused:
        deployments.deploy(platform, [(name, old_place)], user="bea")
    problems = refused.value.extra["problemen"]
    assert [(p["element"], p["naam"]) for p in problems] == [("aanvulling_ontvangen", "Aanvulling ontvangen")]
    assert problems[0]["probleem"].startswith(
        "De spiffworkflow:messageVariable of spiffworkflow:messagePayload staat"
    )
    assert "zet hem bij het element dat het bericht vangt of stuurt" in problems[0]["probleem"]
    assert all("Deprecat" not in p["probleem"] and "deprecat" not in p["probleem"] for p in problems)
    assert snapshot(platform) == before
