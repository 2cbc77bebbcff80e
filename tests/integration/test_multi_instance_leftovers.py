"""A multi-instance leaves no loop variables behind, also when its model forgot to delete them (upgrade
review, finding 2): the engine drops the item a multi-instance without an output item merged back, so a
later multi-instance with that item starts. A value a later step set itself is kept, and the refusal
then is Dutch and names the element (it said "Fout in element 'ronde' (): Multiinstance input item
adviseur already exists..")."""

from __future__ import annotations

import pytest

from processes.errors import RuimteflowError
from services import cases, deployments, users
from services.platform import Platform
from tests.integration.test_migration_multi_instance import _open
from tests.integration.test_script_limits import H, lane


def twee_rondes(between: str) -> str:
    """Two rounds of one advice task per adviser: a multi-instance without an output item and without
    a postScript, so it leaks ``adviseur``; script ``between`` runs after each round (same engine step)."""
    return (
        H
        + '<bpmn:process id="twee_rondes" name="Twee rondes" isExecutable="true">\n'
        + lane("s", "verdelen", "ronde", "tussen", "nog_een", "e")
        + '<bpmn:startEvent id="s"><bpmn:outgoing>a</bpmn:outgoing></bpmn:startEvent>\n'
        '<bpmn:scriptTask id="verdelen" name="Verdelen"><bpmn:incoming>a</bpmn:incoming>'
        '<bpmn:outgoing>b</bpmn:outgoing><bpmn:script>adviseurs = ["Milieu", "Erfgoed"]\nrondes = 0'
        "</bpmn:script></bpmn:scriptTask>\n"
        '<bpmn:userTask id="ronde" name="Advies {adviseur}"><bpmn:incoming>b</bpmn:incoming>'
        "<bpmn:incoming>terug</bpmn:incoming><bpmn:outgoing>c</bpmn:outgoing>"
        '<bpmn:multiInstanceLoopCharacteristics isSequential="false">'
        "<bpmn:loopDataInputRef>adviseurs</bpmn:loopDataInputRef>"
        '<bpmn:inputDataItem id="adviseur" name="adviseur" /></bpmn:multiInstanceLoopCharacteristics>'
        "</bpmn:userTask>\n"
        '<bpmn:scriptTask id="tussen" name="Tussen"><bpmn:incoming>c</bpmn:incoming>'
        f"<bpmn:outgoing>d</bpmn:outgoing><bpmn:script>rondes = rondes + 1\n{between}</bpmn:script>"
        "</bpmn:scriptTask>\n"
        '<bpmn:exclusiveGateway id="nog_een" default="klaar"><bpmn:incoming>d</bpmn:incoming>'
        "<bpmn:outgoing>terug</bpmn:outgoing><bpmn:outgoing>klaar</bpmn:outgoing></bpmn:exclusiveGateway>\n"
        '<bpmn:endEvent id="e"><bpmn:incoming>klaar</bpmn:incoming></bpmn:endEvent>\n'
        '<bpmn:sequenceFlow id="a" sourceRef="s" targetRef="verdelen"/>'
        '<bpmn:sequenceFlow id="b" sourceRef="verdelen" targetRef="ronde"/>'
        '<bpmn:sequenceFlow id="c" sourceRef="ronde" targetRef="tussen"/>'
        '<bpmn:sequenceFlow id="d" sourceRef="tussen" targetRef="nog_een"/>'
        '<bpmn:sequenceFlow id="terug" sourceRef="nog_een" targetRef="ronde">'
        "<bpmn:conditionExpression>rondes &lt; 2</bpmn:conditionExpression></bpmn:sequenceFlow>"
        '<bpmn:sequenceFlow id="klaar" sourceRef="nog_een" targetRef="e"/>'
        "</bpmn:process></bpmn:definitions>"
    )


def _first_round(platform: Platform, between: str) -> tuple[str, list[int]]:
    users.add_user(platform, "anna", groups=["Vergunningen"], role="vergunningverlener")
    deployments.deploy(platform, [("twee_rondes.bpmn", twee_rondes(between))])
    ref = cases.start_case(platform, "twee_rondes", {}, user="anna")["zaak"]
    tasks = _open(platform, ref)
    assert [t.name for t in tasks] == ["Advies Milieu", "Advies Erfgoed"]
    return ref, [t.id for t in tasks]


def test_a_leaked_item_is_dropped_and_the_next_round_starts(platform: Platform) -> None:
    ref, (first, second) = _first_round(platform, "klaar = rondes == 2")
    cases.complete_task(platform, first, "anna", {"oordeel": "akkoord"})
    zaak = cases.complete_task(platform, second, "anna", {"oordeel": "akkoord"})  # before: 422

    assert zaak["status"] == "lopend" and zaak.get("incident") is None
    assert [t.name for t in _open(platform, ref)] == ["Advies Milieu", "Advies Erfgoed"]  # round two
    for task in _open(platform, ref):
        cases.complete_task(platform, task.id, "anna", {})
    assert cases.get_case(platform, ref)["status"] == "afgerond"


def test_a_value_set_after_the_round_is_kept_and_refused_in_dutch(platform: Platform) -> None:
    ref, (first, second) = _first_round(platform, 'adviseur = "Zelf"')
    cases.complete_task(platform, first, "anna", {})

    with pytest.raises(RuimteflowError) as err:
        cases.complete_task(platform, second, "anna", {})

    detail = err.value.detail
    assert detail.startswith(
        "Fout in element 'ronde' (Advies {adviseur}): de multi-instance kan niet starten"
    )
    assert "de zaakgegevens bevatten al 'adviseur', de naam van het invoeritem van elke instantie" in detail
    assert "Multiinstance" not in detail and "()" not in detail
    assert [t.name for t in _open(platform, ref)] == ["Advies Erfgoed"]  # the step was undone
