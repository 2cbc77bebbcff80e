"""A placeholder that the case data cannot fill is not shown as written to the initiator (review
modelleur15, F4): the public timeline, the "waits for" line and the result leave it out; the officer's
instructions keep it, so the modeller sees what is missing."""

from __future__ import annotations

from services import cases, deployments, inbox, status, users

MODEL = (
    '<?xml version="1.0" encoding="UTF-8"?><bpmn:definitions '
    'xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" '
    'xmlns:spiffworkflow="http://spiffworkflow.org/bpmn/schema/1.0/core" id="d" targetNamespace="x">'
    '<bpmn:process id="t_publiek" name="Publieke tekst" isExecutable="true"><bpmn:startEvent id="start"/>'
    '<bpmn:userTask id="tk" name="Aanvraag controleren"><bpmn:extensionElements>'
    "<spiffworkflow:instructionsForEndUser>Controleer dossier {dossiernummer}.</spiffworkflow:instructionsForEndUser>"
    '<spiffworkflow:properties><spiffworkflow:property name="kandidaatgroepen" value="&quot;Vergunningen&quot;"/>'
    '<spiffworkflow:property name="publiek" value="Uw aanvraag {aanvraag_naam} is ontvangen."/>'
    "</spiffworkflow:properties></bpmn:extensionElements></bpmn:userTask>"
    '<bpmn:intermediateCatchEvent id="wacht"><bpmn:extensionElements><spiffworkflow:properties>'
    '<spiffworkflow:property name="wacht_op" value="wacht op het advies van {adviseur}"/>'
    "</spiffworkflow:properties></bpmn:extensionElements>"
    '<bpmn:timerEventDefinition><bpmn:timeDuration>"P1D"</bpmn:timeDuration></bpmn:timerEventDefinition>'
    '</bpmn:intermediateCatchEvent><bpmn:endEvent id="eind"><bpmn:extensionElements><spiffworkflow:properties>'
    '<spiffworkflow:property name="resultaat" value="aanvraag {uitkomst} verwerkt"/>'
    "</spiffworkflow:properties></bpmn:extensionElements></bpmn:endEvent>"
    '<bpmn:sequenceFlow id="f0" sourceRef="start" targetRef="tk"/>'
    '<bpmn:sequenceFlow id="f1" sourceRef="tk" targetRef="wacht"/>'
    '<bpmn:sequenceFlow id="f2" sourceRef="wacht" targetRef="eind"/></bpmn:process></bpmn:definitions>'
)


def test_public_texts_leave_out_what_the_case_cannot_fill_and_the_officer_still_sees_it(platform, clock):
    deployments.deploy(platform, [("t_publiek.bpmn", MODEL)])
    users.add_user(platform, "anna", groups=["Vergunningen"], role="vergunningverlener", display_name="Anna")
    case = cases.start_case(platform, "t_publiek", {}, user="anna")
    [task] = inbox.list_tasks(platform, "anna")["taken"]
    assert task["instructies"] == "Controleer dossier {dossiernummer}."  # the officer's text as written

    waiting = cases.complete_task(platform, task["id"], "anna", {})
    assert waiting["wacht_op"] == "wacht op het advies van"
    page = status.public_status(platform, case["volgcode"])
    assert "Uw aanvraag is ontvangen." in [line["tekst"] for line in page["tijdlijn"]]
    assert page["wacht_op"] and "{" not in page["wacht_op"]

    clock.advance(days=1, minutes=1)
    cases.fire_due_timers(platform)
    full = cases.get_case(platform, case["zaak"])
    assert full["status"] == "afgerond" and full["samenvatting"]["resultaat"] == "aanvraag verwerkt"
    public = [e["tekst"] for e in full["tijdlijn"] if e["publiek"]]
    assert "Zaak afgerond: aanvraag verwerkt" in public
    assert not [line for line in public if "{" in line or "}" in line]
