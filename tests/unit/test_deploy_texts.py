"""What a model gives people to read is checked at deploy (review modelleur15, F4-F6): placeholders the
templating cannot fill, a FEEL unary test in a DMN, a lane without a name that hands out tasks. Each is
refused in Dutch, naming the element; the shipped models pass."""

from __future__ import annotations

from pathlib import Path

import pytest

from processes.templating import fill, fill_public, placeholder_faults
from services.engine import deploy as dep
from tests.conftest import shared_path

ROOT = Path(__file__).resolve().parents[2]
HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?><bpmn:definitions '
    'xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" '
    'xmlns:spiffworkflow="http://spiffworkflow.org/bpmn/schema/1.0/core" id="d" targetNamespace="x">'
)


def model(task: str, lanes: str = "") -> str:
    return (
        HEAD + f'<bpmn:process id="t" isExecutable="true">{lanes}<bpmn:startEvent id="start"/>{task}'
        '<bpmn:endEvent id="eind"/><bpmn:sequenceFlow id="f0" sourceRef="start" targetRef="tk"/>'
        '<bpmn:sequenceFlow id="f1" sourceRef="tk" targetRef="eind"/></bpmn:process></bpmn:definitions>'
    )


def with_property(name: str, value: str) -> str:
    return model(
        '<bpmn:userTask id="tk" name="Taak tk"><bpmn:extensionElements><spiffworkflow:properties>'
        f'<spiffworkflow:property name="{name}" value="{value}"/></spiffworkflow:properties>'
        "</bpmn:extensionElements></bpmn:userTask>"
    )


def problems(filename: str, text: str) -> list[dict]:
    with pytest.raises(dep.ModelRefused) as info:
        dep.check_sources([(filename, text)])
    return info.value.extra["problemen"]


# -- F4: placeholders -------------------------------------------------------------------------------
def test_the_reviewers_public_text_is_refused_naming_element_property_and_both_faults():
    found = problems("t.bpmn", with_property("publiek", "Uw {aanvraag.naam} is ontvangen {onbekend"))
    assert [p["element"] for p in found] == ["tk", "tk"]
    first, second = (p["probleem"] for p in found)
    assert first.startswith("Eigenschap 'publiek' ('Uw {aanvraag.naam} is ontvangen {onbekend'):")
    assert "'{aanvraag.naam}' is geen plaatshouder die ingevuld kan worden" in first
    assert "'{onbekend' mist de sluitende '}'" in second


@pytest.mark.parametrize("name", ["publiek", "resultaat", "wacht_op", "houder", "reden"])
@pytest.mark.parametrize("text", ["{a!r}", "{a:>10}", "{}", "{0}", "a } b", "{a[b}"])
def test_every_text_property_refuses_a_form_the_templating_cannot_fill(name: str, text: str):
    [found] = problems("t.bpmn", with_property(name, text))
    assert found["element"] == "tk" and found["probleem"].startswith(f"Eigenschap '{name}'")


def test_task_instructions_are_checked_too():
    text = model(
        '<bpmn:userTask id="tk"><bpmn:extensionElements><spiffworkflow:instructionsForEndUser>'
        "Bel {aanvrager.telefoon}</spiffworkflow:instructionsForEndUser></bpmn:extensionElements></bpmn:userTask>"
    )
    [found] = problems("t.bpmn", text)
    assert found["element"] == "tk" and "'instructionsForEndUser'" in found["probleem"]


@pytest.mark.parametrize(
    "text", ["Uw aanvraag {zaak} is ontvangen", "{wup[fase]} en {lijst[0]}", "{{letterlijk}}", "geen"]
)
def test_placeholders_the_templating_fills_and_doubled_braces_pass(text: str):
    assert placeholder_faults(text) == []
    [src] = dep.check_sources([("t.bpmn", with_property("publiek", text))])
    assert src.process_ids == ["t"]


def test_a_public_text_leaves_out_what_it_cannot_fill_the_officers_text_keeps_it():
    data = {"besluit": "verleend"}
    assert fill_public("Uw aanvraag {naam} is ontvangen.", data) == "Uw aanvraag is ontvangen."
    assert fill_public("Besluit: {besluit} ({wie}).", data) == "Besluit: verleend ()."
    assert fill_public("Besluit: {besluit}, {{x}}", data) == "Besluit: verleend, {x}"
    assert fill_public("{onbekend}", data) == ""
    assert fill("Uw aanvraag {naam} is ontvangen.", data) == "Uw aanvraag {naam} is ontvangen."


# -- F5: FEEL in a DMN ------------------------------------------------------------------------------
def dmn(entry: str) -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8"?><definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" '
        'id="d" name="d" namespace="x"><decision id="risico" name="Risico"><decisionTable id="dt">'
        '<input id="i1" label="grootte"><inputExpression id="ie1" typeRef="number"><text>grootte</text>'
        '</inputExpression></input><output id="o1" name="risico" typeRef="string"/>'
        f'<rule id="r1"><inputEntry id="e1"><text>{entry}</text></inputEntry>'
        '<outputEntry id="u1"><text>"Laag"</text></outputEntry></rule></decisionTable></decision></definitions>'
    )


def test_the_camunda_sample_with_feel_ranges_is_refused_as_feel_pointing_to_convert():
    found = problems(
        "risico.dmn", shared_path("bpmn-samples", "evenementenvergunning-risico.dmn").read_text()
    )
    ranges = [p for p in found if p["regel"] == 13]
    assert len(ranges) == 1 and ranges[0]["element"] == "UnaryTests_0kr1kou"
    reason = ranges[0]["probleem"]
    assert reason.startswith("FEEL-test '[1..20]' (bereik) wordt niet ondersteund")
    assert "ruimteflow models convert" in reason
    assert not any("Python-syntax" in p["probleem"] for p in found)


@pytest.mark.parametrize(
    ("entry", "form"),
    [
        ("[1..20]", "bereik"),
        ("(1..20]", "bereik"),
        ("]1..20[", "bereik"),
        ("[1..5], [10..20]", "bereik"),
        ('not("a", "b")', "ontkenning"),
        ("not(&lt; 3)", "ontkenning"),
        ('"klein", "middel"', "lijst van waarden"),
    ],
)
def test_feel_unary_tests_are_refused_as_feel(entry: str, form: str):
    [found] = problems("r.dmn", dmn(entry))
    assert found["element"] == "e1"
    assert found["probleem"].startswith("FEEL-test ") and f"({form}" in found["probleem"]


@pytest.mark.parametrize(
    "entry", ["-", "", "&gt; 1000", "1 &lt;= ? &lt;= 20", '"a"', '"x, y" in ?', "? in [1, 2]"]
)
def test_python_tests_and_any_still_pass(entry: str):
    [src] = dep.check_sources([("r.dmn", dmn(entry))])
    assert src.decision_ids == ["risico"]


# -- F6: a lane without a name ----------------------------------------------------------------------
def lane(attrs: str) -> str:
    return f'<bpmn:laneSet id="ls"><bpmn:lane id="Lane_04l6c3s" {attrs}><bpmn:flowNodeRef>tk</bpmn:flowNodeRef></bpmn:lane></bpmn:laneSet>'


def test_the_reviewers_converted_bezwaar_without_kandidaatgroepen_is_refused_naming_the_lane():
    found = problems(
        "G_bezwaar.bpmn", (ROOT / "tests/fixtures/bpmn/bezwaar_lane_zonder_naam.bpmn").read_text()
    )
    [unnamed] = [p for p in found if p["element"] == "Lane_04l6c3s"]
    assert unnamed["probleem"] == (
        "Lane 'Lane_04l6c3s' heeft geen naam, maar taken 'Valideer gegevens aanvrager' (validate-request), "
        "'In behandeling' (in-behandeling) krijgen hun groep van deze lane. Geef de lane de naam van de groep "
        "(afdeling of organisatie) of geef de taak 'kandidaatgroepen'."
    )


@pytest.mark.parametrize("attrs", ["", 'name=""', 'name="  "'])
def test_an_unnamed_lane_that_hands_out_a_task_is_refused(attrs: str):
    [found] = problems("t.bpmn", model('<bpmn:userTask id="tk" name="Taak tk"/>', lane(attrs)))
    assert found["element"] == "Lane_04l6c3s" and "taak 'Taak tk' (tk) krijgt haar groep" in found["probleem"]


def test_a_named_lane_or_a_task_with_kandidaatgroepen_passes():
    [src] = dep.check_sources([("t.bpmn", model('<bpmn:userTask id="tk"/>', lane('name="Vergunningen"')))])
    assert src.lanes == {"t": ["Vergunningen"]}
    own = with_property("kandidaatgroepen", "&quot;Vergunningen&quot;").replace(
        '<bpmn:startEvent id="start"/>', lane("") + '<bpmn:startEvent id="start"/>'
    )
    [src] = dep.check_sources([("t.bpmn", own)])
    assert src.task_lanes == {"t": []}


def test_the_shipped_models_pass():
    files = [(f.name, f.read_text()) for f in sorted((ROOT / "bpmn").glob("*.[bd][pm][mn]*"))]
    assert len(dep.check_sources(files)) >= 6
