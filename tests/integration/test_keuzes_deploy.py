"""A task's ``keuzes`` that does not fit its form is refused at deploy, naming the element, in Dutch.

Review finding (sessie12, 2): the deploy only compiled ``keuzes`` (02ab28a). Renaming the form choice
``beoordeling_gereed`` to ``gereed`` in the omgevingsvergunning deployed as version 2 without a word; the
task then offered only ['verdagen'], and after deferring, completing failed with 422 procesfout ("laat voor
veld 'actie' geen enkele keuze over") and the case was stuck. A constant naming a field that does not
exist, leaving no choice or giving a list instead of a mapping also deployed and stopped every case at its
start; a ``keuzes`` on a task without a ``formulier`` was silently ignored.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from services import deployments
from services.engine.deploy import ModelRefused
from services.platform import Platform
from tests.integration import test_omgevingsvergunning as ov
from tests.integration.core_helpers import snapshot

FORM = (
    '<spiffworkflow:property name="formulier" value=\'{"type": "object", "required": ["actie"], '
    '"properties": {"actie": {"type": "string", "enum": ["gereed", "terug"]}, "tekst": {"type": "string"}}}\' />'
)


def model(keuzes: str, form: bool = True) -> str:
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
    xmlns:spiffworkflow="http://spiffworkflow.org/bpmn/schema/1.0/core" id="Defs_keuzes"
    targetNamespace="http://bpmn.io/schema/bpmn">
  <bpmn:process id="keuzes_proef" name="keuzes_proef" isExecutable="true">
    <bpmn:startEvent id="start"><bpmn:outgoing>f0</bpmn:outgoing></bpmn:startEvent>
    <bpmn:userTask id="stap" name="Stap"><bpmn:extensionElements><spiffworkflow:properties>
      <spiffworkflow:property name="kandidaatgroepen" value='"A"' />{FORM if form else ""}
      <spiffworkflow:property name="keuzes" value='{keuzes}' /></spiffworkflow:properties></bpmn:extensionElements>
      <bpmn:incoming>f0</bpmn:incoming><bpmn:outgoing>f1</bpmn:outgoing></bpmn:userTask>
    <bpmn:endEvent id="einde"><bpmn:incoming>f1</bpmn:incoming></bpmn:endEvent>
    <bpmn:sequenceFlow id="f0" sourceRef="start" targetRef="stap" />
    <bpmn:sequenceFlow id="f1" sourceRef="stap" targetRef="einde" />
  </bpmn:process>
</bpmn:definitions>
"""


REFUSED = {
    "onbekend-veld": (
        '{"actei": ["gereed"]}',
        "noemt het veld 'actei', maar het formulier heeft geen keuzeveld",
    ),
    "geen-keuzeveld": ('{"tekst": ["gereed"]}', "noemt het veld 'tekst'"),
    "onbekende-waarde": (
        '{"actie": ["klaar"]}',
        "noemt voor veld 'actie' de waarde 'klaar', maar die staat niet",
    ),
    "geen-keuze": ('{"actie": []}', "laat voor veld 'actie' geen enkele keuze over"),
    "lijst": ('["gereed"]', "moet per veld een lijst van toegestane waarden geven"),
    "geen-lijst": ('{"actie": "gereed"}', "geeft voor veld 'actie' geen lijst van waarden"),
    "expressie-onbekende-waarde": (
        '{"actie": ["klaar"] if termijn.get("verdaging") else ["gereed", "terug"]}',
        "de waarde 'klaar'",
    ),
    "expressie-onbekend-veld": ('{"actei": ["gereed"] if x else ["terug"]}', "noemt het veld 'actei'"),
    "expressie-lijst": ('["gereed"] if x else ["terug"]', "moet per veld een lijst"),
}


@pytest.mark.parametrize("case", sorted(REFUSED))
def test_a_keuzes_that_does_not_fit_the_form_is_refused_naming_the_element(
    platform: Platform, case: str
) -> None:
    keuzes, reason = REFUSED[case]
    before = snapshot(platform)
    with pytest.raises(ModelRefused) as err:
        deployments.deploy(platform, [("keuzes_proef.bpmn", model(keuzes))], user="bea")
    [problem] = err.value.extra["problemen"]
    assert (problem["element"], problem["naam"]) == ("stap", "Stap"), problem
    assert problem["probleem"].startswith("De eigenschap 'keuzes' "), problem
    assert reason in problem["probleem"], problem
    assert snapshot(platform) == before


def test_a_keuzes_on_a_task_without_a_form_is_refused(platform: Platform) -> None:
    with pytest.raises(ModelRefused) as err:
        deployments.deploy(platform, [("keuzes_proef.bpmn", model('{"actie": ["gereed"]}', form=False))])
    [problem] = err.value.extra["problemen"]
    assert problem["element"] == "stap"
    assert "werkt alleen op een taak met een 'formulier'" in problem["probleem"]


@pytest.mark.parametrize(
    "keuzes",
    [
        '{"actie": ["gereed"]}',
        '{"actie": ("terug", "gereed")}',
        '{"actie": ["gereed"] if termijn.get("verdaging") else ["gereed", "terug"]}',
        '{"actie": toegestaan}',  # computed: only the field name can be checked
        "toegestane_keuzes",
    ],
)
def test_a_keuzes_that_fits_the_form_deploys(platform: Platform, keuzes: str) -> None:
    [out] = deployments.deploy(platform, [("keuzes_proef.bpmn", model(keuzes))], user="bea")
    assert out["process_id"] == "keuzes_proef"


def test_renaming_a_choice_of_the_omgevingsvergunning_without_its_keuzes_is_refused(
    platform: Platform, tmp_path: Path
) -> None:
    source = ov.MODELS[0].read_text()
    enum = '"enum": ["beoordeling_gereed", "verdagen"]'
    assert source.count(enum) == 1
    edited = tmp_path / ov.MODELS[0].name
    edited.write_text(source.replace(enum, '"enum": ["gereed", "verdagen"]'))
    with pytest.raises(ModelRefused) as err:
        deployments.deploy(platform, deployments.read_files([edited, *ov.MODELS[1:]]), user="bea")
    [problem] = err.value.extra["problemen"]
    assert problem["element"] == "beoordelen", problem
    assert (
        "de waarde 'beoordeling_gereed', maar die staat niet in de keuzes van het formulier"
        in (problem["probleem"])
    )


@pytest.mark.parametrize("n", [300, 600, 3000])
def test_a_long_keuzes_expression_is_refused_as_too_deep_not_a_crash(
    platform: Platform, tmp_path: Path, caplog: pytest.LogCaptureFixture, n: int
) -> None:
    """Review pentest13, 5: a ``+`` chain of 600 lists in the omgevingsvergunning's ``keuzes`` gave a 500
    (RecursionError in the deploy's walk of its listed choices) and a traceback in the log; 300 gave the
    422 "te diep genest". Every length is now that refusal, with no traceback."""
    source = ov.MODELS[0].read_text()
    lang = '{"actie": ' + " + ".join(['["beoordeling_gereed"]'] * n) + "}"
    edited_source, count = re.subn(
        r"(name=\"keuzes\" value=')[^']*'", lambda m: m.group(1) + lang + "'", source
    )
    assert count >= 1
    edited = tmp_path / ov.MODELS[0].name
    edited.write_text(edited_source)
    before = snapshot(platform)
    with pytest.raises(ModelRefused) as err:
        deployments.deploy(platform, deployments.read_files([edited, *ov.MODELS[1:]]), user="bea")
    problems = err.value.extra["problemen"]
    assert problems and all("te diep genest" in p["probleem"] for p in problems), problems
    assert not [r for r in caplog.records if r.exc_info or "Traceback" in r.getMessage()]
    assert snapshot(platform) == before
