"""Migrating a case whose multi-instance task is open, onto a version that changed that task.

Review finding: the windpark's advice task runs once per adviser. A new version that changed that task
was refused for every case at the advice step with "name 'adviseur' is not defined": the migration
reset each open instance to its parent's data, which dropped the instance's own item.
"""

from __future__ import annotations

from services import beheer, cases, deployments, users
from services.platform import Platform
from tests.integration.inbox_case import open_task_rows
from tests.integration.test_script_limits import H, lane


def advies_model(name: str, props: str = "") -> str:
    """A script that lists two advisers, then one advice task per adviser (named after the adviser)."""
    return (
        H
        + '<bpmn:process id="advies_proef" name="Adviesproef" isExecutable="true">\n'
        + lane("s", "verdelen", "advies", "e")
        + '<bpmn:startEvent id="s"><bpmn:outgoing>a</bpmn:outgoing></bpmn:startEvent>\n'
        '<bpmn:scriptTask id="verdelen" name="Verdelen"><bpmn:incoming>a</bpmn:incoming>'
        '<bpmn:outgoing>b</bpmn:outgoing><bpmn:script>adviseurs = ["Milieu", "Erfgoed"]</bpmn:script>'
        "</bpmn:scriptTask>\n"
        f'<bpmn:userTask id="advies" name="{name}"><bpmn:extensionElements>'
        f"<spiffworkflow:properties>{props}</spiffworkflow:properties>"
        "<spiffworkflow:postScript>del adviseur</spiffworkflow:postScript></bpmn:extensionElements>"
        "<bpmn:incoming>b</bpmn:incoming><bpmn:outgoing>c</bpmn:outgoing>"
        '<bpmn:multiInstanceLoopCharacteristics isSequential="false">'
        "<bpmn:loopDataInputRef>adviseurs</bpmn:loopDataInputRef>"
        '<bpmn:inputDataItem id="adviseur" name="adviseur" /></bpmn:multiInstanceLoopCharacteristics>'
        "</bpmn:userTask>\n"
        '<bpmn:endEvent id="e"><bpmn:incoming>c</bpmn:incoming></bpmn:endEvent>\n'
        '<bpmn:sequenceFlow id="a" sourceRef="s" targetRef="verdelen"/>'
        '<bpmn:sequenceFlow id="b" sourceRef="verdelen" targetRef="advies"/>'
        '<bpmn:sequenceFlow id="c" sourceRef="advies" targetRef="e"/>'
        "</bpmn:process></bpmn:definitions>"
    )


#: v2 also puts the advice in a phase of its own (a changed element, not only a changed name)
FASE = '<spiffworkflow:property name="fase" value="advies" />'


def test_a_changed_multi_instance_task_migrates_with_each_instance_keeping_its_item(platform: Platform):
    users.add_user(platform, "anna", groups=["Vergunningen"], role="vergunningverlener")
    users.add_user(platform, "bea", groups=["Beheer"], role="beheerder")
    deployments.deploy(platform, [("advies.bpmn", advies_model("Advies {adviseur}"))], user="bea")
    ref = cases.start_case(platform, "advies_proef", {}, user="anna")["zaak"]
    before = open_task_rows(platform, ref)
    assert [t.name for t in before] == ["Advies Milieu", "Advies Erfgoed"]

    deployments.deploy(platform, [("advies.bpmn", advies_model("Advies van {adviseur}", FASE))], user="bea")
    result = beheer.migrate(platform, "advies_proef", "bea")

    assert result["geweigerd"] == [] and result["gemigreerd"] == [ref]
    after = open_task_rows(platform, ref)
    assert [t.name for t in after] == ["Advies van Milieu", "Advies van Erfgoed"]
    for task in after:
        cases.complete_task(platform, task.id, "anna", {})
    assert open_task_rows(platform, ref) == []
    case = cases.get_case(platform, ref)
    assert case["status"] == "afgerond", case.get("incident")


def test_an_unchanged_multi_instance_task_finishes_after_a_migration_for_another_element(
    platform: Platform,
):
    """The open instances keep their task, but on the new version's spec: the loop must still finish
    when the last instance completes (before, the case stood still with no open task)."""
    users.add_user(platform, "anna", groups=["Vergunningen"], role="vergunningverlener")
    users.add_user(platform, "bea", groups=["Beheer"], role="beheerder")
    deployments.deploy(platform, [("advies.bpmn", advies_model("Advies {adviseur}"))], user="bea")
    ref = cases.start_case(platform, "advies_proef", {}, user="anna")["zaak"]
    before = [(t.id, t.name) for t in open_task_rows(platform, ref)]
    v2 = advies_model("Advies {adviseur}").replace('name="Verdelen"', 'name="Adviseurs verdelen"')
    deployments.deploy(platform, [("advies.bpmn", v2)], user="bea")

    assert beheer.migrate(platform, "advies_proef", "bea")["gemigreerd"] == [ref]
    assert [(t.id, t.name) for t in open_task_rows(platform, ref)] == before
    for task_id, _ in before:
        cases.complete_task(platform, task_id, "anna", {})
    case = cases.get_case(platform, ref)
    assert case["status"] == "afgerond", case.get("incident")
