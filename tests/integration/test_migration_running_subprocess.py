"""A case migrated while a subprocess runs goes on along the new version after that subprocess.

Found by fixer zw11 (test_zienswijze_bij_besluit, a permit case in its ter-inzage subprocess): the
migration reported success, but the running subprocess kept the successors predicted from the old
version, so when it ended the case took the old path and a step the new version put after it never ran.
"""

from __future__ import annotations

from services import beheer, cases, deployments, modeleditor, users
from services.platform import Platform
from tests.integration.inbox_case import open_task_rows
from tests.integration.test_script_limits import H, lane

PID = "met_deelproces"


def _model(after: str = "") -> str:
    """A subprocess with one user task, then 'Besluit nemen'; ``after`` is a user task id put between."""
    between = (
        f'<bpmn:userTask id="{after}" name="Toets"><bpmn:incoming>b</bpmn:incoming>'
        "<bpmn:outgoing>b2</bpmn:outgoing></bpmn:userTask>\n"
        f'<bpmn:sequenceFlow id="b" sourceRef="behandeling" targetRef="{after}"/>'
        f'<bpmn:sequenceFlow id="b2" sourceRef="{after}" targetRef="besluiten"/>\n'
        if after
        else '<bpmn:sequenceFlow id="b" sourceRef="behandeling" targetRef="besluiten"/>\n'
    )
    return (
        H
        + f'<bpmn:process id="{PID}" name="Met deelproces" isExecutable="true">\n'
        + lane("s", "behandeling", *([after] if after else []), "besluiten", "e")
        + '<bpmn:startEvent id="s"><bpmn:outgoing>a</bpmn:outgoing></bpmn:startEvent>\n'
        '<bpmn:subProcess id="behandeling" name="Behandeling"><bpmn:incoming>a</bpmn:incoming>'
        "<bpmn:outgoing>b</bpmn:outgoing>"
        '<bpmn:startEvent id="s2"><bpmn:outgoing>x1</bpmn:outgoing></bpmn:startEvent>'
        '<bpmn:userTask id="beoordelen" name="Aanvraag beoordelen"><bpmn:incoming>x1</bpmn:incoming>'
        "<bpmn:outgoing>x2</bpmn:outgoing></bpmn:userTask>"
        '<bpmn:endEvent id="e2"><bpmn:incoming>x2</bpmn:incoming></bpmn:endEvent>'
        '<bpmn:sequenceFlow id="x1" sourceRef="s2" targetRef="beoordelen"/>'
        '<bpmn:sequenceFlow id="x2" sourceRef="beoordelen" targetRef="e2"/>'
        "</bpmn:subProcess>\n"
        '<bpmn:userTask id="besluiten" name="Besluit nemen"><bpmn:incoming>'
        + ("b2" if after else "b")
        + "</bpmn:incoming><bpmn:outgoing>c</bpmn:outgoing></bpmn:userTask>\n"
        '<bpmn:endEvent id="e"><bpmn:incoming>c</bpmn:incoming></bpmn:endEvent>\n'
        '<bpmn:sequenceFlow id="a" sourceRef="s" targetRef="behandeling"/>'
        + between
        + '<bpmn:sequenceFlow id="c" sourceRef="besluiten" targetRef="e"/>'
        "</bpmn:process>\n</bpmn:definitions>"
    )


def _done(platform: Platform, ref: str, name: str) -> None:
    [task] = open_task_rows(platform, ref)
    assert task.name == name
    cases.complete_task(platform, task.id, "anna", {})


def test_a_step_inserted_after_a_running_subprocess_runs_after_it(platform: Platform) -> None:
    users.add_user(platform, "anna", groups=["Vergunningen"], role="vergunningverlener")
    users.add_user(platform, "bea", groups=["Beheer"], role="beheerder")
    deployments.deploy(platform, [(f"{PID}.bpmn", _model())])
    ref = str(cases.start_case(platform, PID, {}, user="anna")["zaak"])
    assert [t.name for t in open_task_rows(platform, ref)] == ["Aanvraag beoordelen"]  # in the subprocess

    v2 = _model(after="toets")
    modeleditor.save_draft(platform, PID, "bea", {"xml": v2})
    assert modeleditor.compare_draft(platform, PID, "bea")["zaken_geweigerd"] == []
    deployments.deploy(platform, [(f"{PID}.bpmn", v2)], user="bea")
    result = beheer.migrate(platform, PID, "bea")
    assert result["gemigreerd"] == [ref] and result["geweigerd"] == []

    _done(platform, ref, "Aanvraag beoordelen")
    _done(platform, ref, "Toets")  # before: 'Besluit nemen', the old version's successor
    _done(platform, ref, "Besluit nemen")
    zaak = cases.get_case(platform, ref)
    assert zaak["status"] == "afgerond" and not zaak.get("incident")
