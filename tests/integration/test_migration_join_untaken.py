"""A migration of a case waiting at a join refuses only inputs that changed, not an untaken branch's.

Finding (review sessie11b, 2): an inclusive split into 'Advies A', 'Advies B' and 'Advies C' took A and
B only (C's condition False). With A done and B open, the case waits at the inclusive join; a new
version that changed only the end event's name was refused ("ze wacht dan ook op 'Advies C', waar deze
zaak niet meer langskomt"), though on v1 the case finishes after B. The refusal now counts only the
join's inputs the old join did not have (and arrived tokens whose step is no input any more).
"""

from __future__ import annotations

from typing import Any

from services import beheer, cases, deployments, inbox, modeleditor, users
from services.platform import Platform

PID = "adviezen_drie"
BRANCHES = "".join(f"<bpmn:flowNodeRef>{e}</bpmn:flowNodeRef>" for e in ("a", "b", "c"))
V1 = f"""<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="Defs_a"
    targetNamespace="http://bpmn.io/schema/bpmn">
  <bpmn:process id="{PID}" name="Adviezen" isExecutable="true">
    <bpmn:laneSet id="LS"><bpmn:lane id="L" name="Vergunningen"><bpmn:flowNodeRef>start</bpmn:flowNodeRef>
      <bpmn:flowNodeRef>split</bpmn:flowNodeRef>{BRANCHES}<bpmn:flowNodeRef>join</bpmn:flowNodeRef>
      <bpmn:flowNodeRef>einde</bpmn:flowNodeRef></bpmn:lane></bpmn:laneSet>
    <bpmn:startEvent id="start"><bpmn:outgoing>f0</bpmn:outgoing></bpmn:startEvent>
    <bpmn:inclusiveGateway id="split" name="Welke adviezen"><bpmn:incoming>f0</bpmn:incoming>
      <bpmn:outgoing>fa</bpmn:outgoing><bpmn:outgoing>fb</bpmn:outgoing><bpmn:outgoing>fc</bpmn:outgoing>
    </bpmn:inclusiveGateway>
    <bpmn:userTask id="a" name="Advies A"><bpmn:incoming>fa</bpmn:incoming><bpmn:outgoing>fa2</bpmn:outgoing>
    </bpmn:userTask>
    <bpmn:userTask id="b" name="Advies B"><bpmn:incoming>fb</bpmn:incoming><bpmn:outgoing>fb2</bpmn:outgoing>
    </bpmn:userTask>
    <bpmn:userTask id="c" name="Advies C"><bpmn:incoming>fc</bpmn:incoming><bpmn:outgoing>fc2</bpmn:outgoing>
    </bpmn:userTask>
    <bpmn:inclusiveGateway id="join" name="Adviezen samen"><bpmn:incoming>fa2</bpmn:incoming>
      <bpmn:incoming>fb2</bpmn:incoming><bpmn:incoming>fc2</bpmn:incoming><bpmn:outgoing>f9</bpmn:outgoing>
    </bpmn:inclusiveGateway>
    <bpmn:endEvent id="einde" name="Afgerond"><bpmn:incoming>f9</bpmn:incoming></bpmn:endEvent>
    <bpmn:sequenceFlow id="f0" sourceRef="start" targetRef="split" />
    <bpmn:sequenceFlow id="fa" sourceRef="split" targetRef="a"><bpmn:conditionExpression>True</bpmn:conditionExpression>
    </bpmn:sequenceFlow>
    <bpmn:sequenceFlow id="fb" sourceRef="split" targetRef="b"><bpmn:conditionExpression>True</bpmn:conditionExpression>
    </bpmn:sequenceFlow>
    <bpmn:sequenceFlow id="fc" sourceRef="split" targetRef="c"><bpmn:conditionExpression>False</bpmn:conditionExpression>
    </bpmn:sequenceFlow>
    <bpmn:sequenceFlow id="fa2" sourceRef="a" targetRef="join" />
    <bpmn:sequenceFlow id="fb2" sourceRef="b" targetRef="join" />
    <bpmn:sequenceFlow id="fc2" sourceRef="c" targetRef="join" />
    <bpmn:sequenceFlow id="f9" sourceRef="join" targetRef="einde" />
  </bpmn:process>
</bpmn:definitions>
"""
#: only the end event's name changes
RENAMED_END = V1.replace('name="Afgerond"', 'name="Adviezen afgerond"')


def parallel(xml: str) -> str:
    """The model with a parallel split and join: all three branches are taken."""
    return (
        xml.replace("inclusiveGateway", "parallelGateway")
        .replace("<bpmn:conditionExpression>False</bpmn:conditionExpression>", "")
        .replace("<bpmn:conditionExpression>True</bpmn:conditionExpression>", "")
    )


def parallel_join(xml: str) -> str:
    """The model with the inclusive split kept and only the join made parallel."""
    head, tail = xml.split('<bpmn:inclusiveGateway id="join"')
    return head + '<bpmn:parallelGateway id="join"' + tail.replace("inclusiveGateway>", "parallelGateway>", 1)


def _open(platform: Platform) -> dict[str, int]:
    return {t["naam"]: t["id"] for t in inbox.list_tasks(platform, "anna")["taken"]}


def _do(platform: Platform, name: str) -> dict[str, Any]:
    return cases.complete_task(platform, _open(platform)[name], "anna", {})


def _waiting_case(platform: Platform, xml: str) -> str:
    """A case on ``xml`` whose branch A is done and waits at the join."""
    deployments.deploy(platform, [("adviezen_drie.bpmn", xml)])
    users.add_user(platform, "anna", groups=["Vergunningen"], role="vergunningverlener")
    users.add_user(platform, "bea", groups=["Beheer"], role="beheerder")
    ref: str = cases.start_case(platform, PID, {}, user="anna")["zaak"]
    _do(platform, "Advies A")
    return ref


def _migrate(platform: Platform, xml: str) -> tuple[dict[str, Any], list[dict[str, str]]]:
    modeleditor.save_draft(platform, PID, "bea", {"xml": xml})
    compared = modeleditor.compare_draft(platform, PID, "bea")["zaken_geweigerd"]
    deployments.deploy(platform, [("adviezen_drie.bpmn", xml)], user="bea")
    return beheer.migrate(platform, PID, "bea"), compared


def test_an_unrelated_change_migrates_a_case_at_an_inclusive_join_with_an_untaken_branch(
    platform: Platform,
) -> None:
    ref = _waiting_case(platform, V1)
    assert sorted(_open(platform)) == ["Advies B"]  # C was not taken

    result, compared = _migrate(platform, RENAMED_END)

    assert result["gemigreerd"] == [ref] and result["geweigerd"] == [] and compared == []
    zaak = _do(platform, "Advies B")
    assert zaak["status"] == "afgerond" and zaak.get("incident") is None


def test_an_unrelated_change_migrates_a_case_at_a_parallel_join(platform: Platform) -> None:
    ref = _waiting_case(platform, parallel(V1))
    assert sorted(_open(platform)) == ["Advies B", "Advies C"]

    result, compared = _migrate(platform, parallel(RENAMED_END))

    assert result["gemigreerd"] == [ref] and result["geweigerd"] == [] and compared == []
    _do(platform, "Advies B")
    zaak = _do(platform, "Advies C")
    assert zaak["status"] == "afgerond" and zaak.get("incident") is None


def test_a_join_made_parallel_that_would_wait_for_the_untaken_branch_is_refused(platform: Platform) -> None:
    ref = _waiting_case(platform, V1)

    result, compared = _migrate(platform, parallel_join(V1))

    assert result["gemigreerd"] == []
    [refused] = result["geweigerd"]
    assert refused["zaak"] == ref and compared == [refused]
    assert "ze wacht dan ook op 'Advies C', waar deze zaak niet meer langskomt" in refused["reden"]
    zaak = _do(platform, "Advies B")  # the case stays on version 1 and ends there
    assert zaak["status"] == "afgerond" and zaak.get("incident") is None
