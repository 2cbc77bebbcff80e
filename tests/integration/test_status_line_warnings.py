"""The deploy and the model editor's Valideren warn (they do not refuse) about a public status line that
addresses the applicant ("u", "uw") without a third-person form (``publiek_voor_derden``): every other
reader of the case then reads a neutral line. The third-person form is a text like ``publiek``: its
placeholders are checked, and one that says "uw" itself is warned about too."""

from __future__ import annotations

import pytest

from services import deployments, modeleditor, users
from services.engine.deploy import ModelRefused
from services.platform import Platform
from tests.integration.test_script_limits import H

PROPERTY = '<spiffworkflow:property name="{}" value="{}"/>'
WARNING = "De statustekst (publiek) van 'Aanvulling ontvangen' (aanvulling), 'Uw aanvulling is ontvangen', "


def model(**texts: str) -> str:
    """A start, a catch event "Aanvulling ontvangen" with ``texts`` as its properties, an end."""
    props = "".join(PROPERTY.format(name, value) for name, value in texts.items())
    return (
        H + '<bpmn:process id="statustekst" name="Statustekst" isExecutable="true">'
        '<bpmn:startEvent id="s"><bpmn:outgoing>a</bpmn:outgoing></bpmn:startEvent>'
        '<bpmn:intermediateCatchEvent id="aanvulling" name="Aanvulling ontvangen"><bpmn:extensionElements>'
        f"<spiffworkflow:properties>{props}</spiffworkflow:properties></bpmn:extensionElements>"
        "<bpmn:incoming>a</bpmn:incoming><bpmn:outgoing>b</bpmn:outgoing>"
        '<bpmn:timerEventDefinition><bpmn:timeDuration>"P1D"</bpmn:timeDuration></bpmn:timerEventDefinition>'
        "</bpmn:intermediateCatchEvent>"
        '<bpmn:endEvent id="e"><bpmn:incoming>b</bpmn:incoming></bpmn:endEvent>'
        '<bpmn:sequenceFlow id="a" sourceRef="s" targetRef="aanvulling"/>'
        '<bpmn:sequenceFlow id="b" sourceRef="aanvulling" targetRef="e"/>'
        "</bpmn:process></bpmn:definitions>"
    )


def _warnings(platform: Platform, xml: str) -> list[str]:
    [row] = deployments.deploy(platform, [("statustekst.bpmn", xml)])
    assert row["versie"] >= 1  # deployed
    return [w for w in row["waarschuwingen"] if "statustekst" in w]


def test_an_uw_line_without_a_third_person_form_is_deployed_with_a_warning(platform: Platform) -> None:
    assert _warnings(platform, model(publiek="Uw aanvulling is ontvangen")) == [
        WARNING + "spreekt de aanvrager aan (u/uw). Wie de zaak verder volgt (een externe partij, de "
        "medewerkers) leest daarom 'Aanvulling ontvangen'. Geef in 'publiek_voor_derden' de tekst in de "
        "derde persoon, zoals 'De aanvraag is ontvangen'."
    ]


def test_a_line_with_its_third_person_form_or_that_addresses_nobody_gives_no_warning(
    platform: Platform,
) -> None:
    both = model(publiek="Uw aanvulling is ontvangen", publiek_voor_derden="De aanvulling is ontvangen")
    assert _warnings(platform, both) == []
    assert _warnings(platform, model(publiek="De aanvulling is ontvangen op {datum}")) == []


def test_a_third_person_form_that_says_uw_is_warned_about(platform: Platform) -> None:
    said = _warnings(
        platform, model(publiek="Uw aanvulling is ontvangen", publiek_voor_derden="Uw aanvulling")
    )
    assert said == [
        "De statustekst voor derden (publiek_voor_derden) van 'Aanvulling ontvangen' (aanvulling), 'Uw "
        "aanvulling', spreekt de lezer aan (u/uw), maar wie haar leest is niet de aanvrager. Schrijf haar in "
        "de derde persoon."
    ]


def test_the_third_person_forms_placeholders_are_checked_as_the_public_texts(platform: Platform) -> None:
    xml = model(publiek="Uw aanvulling", publiek_voor_derden="De {aanvulling.naam}")
    with pytest.raises(ModelRefused, match=r"Eigenschap 'publiek_voor_derden' \('De \{aanvulling.naam\}'\)"):
        deployments.deploy(platform, [("statustekst.bpmn", xml)])


def test_the_editors_validation_warns_without_refusing(platform: Platform) -> None:
    users.add_user(platform, "bea", groups=["Beheer"], role="beheerder")
    deployments.deploy(platform, [("statustekst.bpmn", model(publiek="De aanvulling is ontvangen"))])
    found = modeleditor.validate_draft(
        platform, "statustekst", "bea", {"xml": model(publiek="Uw aanvulling is ontvangen")}
    )
    assert (found["geldig"], found["problemen"]) == (True, [])
    assert [w[: len(WARNING)] for w in found["waarschuwingen"]] == [WARNING]
