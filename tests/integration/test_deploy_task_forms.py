"""A task form that can never be completed is refused at deploy, naming the element and 'formulier'.

Review finding (rv11 editor, 6 and 7): a form field with a ``$ref`` to a remote schema
("https://example.invalid/s.json") or to a local "#/$defs/x" that does not exist passed deploy; posting
the form then gave a 500 (referencing.exceptions.Unresolvable in services/forms.py). A ``formulier`` that
is a schema of a string (``{"type": "string"}``) deployed, and every completion failed.

Review sessie11b (not covered, from the code): an empty confirmation form ``{}`` was refused as "geen type
en geen properties", although the task page shows it without fields and completes it; a form whose fields
sit behind a ``$ref`` at the top was refused with that same reason, while the actual reason is that the
task page shows only the top ``properties`` (nothing to fill in).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from services import cases, deployments, forms, users
from services.engine.deploy import ModelRefused
from services.platform import Platform
from tests.e2e.harness import csrf_from, logged_in
from tests.integration.core_helpers import snapshot
from web import create_app

KLEIN = Path("tests/fixtures/bpmn/vergunning_klein.bpmn").read_text()
FIELD = "&quot;toelichting&quot;: {&quot;type&quot;: &quot;string&quot;, &quot;maxLength&quot;: 500}"
OBJECT = "{&quot;type&quot;: &quot;object&quot;, &quot;required&quot;: [&quot;compleet&quot;]"


def quoted(value: object) -> str:
    return json.dumps(value).replace('"', "&quot;")


def with_field(schema: object) -> str:
    return KLEIN.replace(FIELD, "&quot;toelichting&quot;: " + quoted(schema))


REFUSED = {
    "verwijzing-buiten": (
        with_field({"$ref": "https://example.invalid/s.json"}),
        "verwijst buiten het formulier",
    ),
    "verwijzing-onbekend": (
        with_field({"$ref": "#/$defs/x"}),
        "'#/$defs/x' verwijst naar een onderdeel dat niet",
    ),
    "geen-object": (KLEIN.replace(OBJECT, OBJECT.replace("object", "string")), "type 'string'"),
    "velden-achter-verwijzing": (
        KLEIN.replace(
            KLEIN[KLEIN.index(OBJECT) : KLEIN.index('" />', KLEIN.index(OBJECT))],
            quoted(
                {
                    "$ref": "#/$defs/beoordeling",
                    "$defs": {
                        "beoordeling": {"type": "object", "properties": {"compleet": {"type": "boolean"}}}
                    },
                }
            ),
        ),
        "de taakpagina toont alleen de velden onder",
    ),
    # tester finding p7redos: a form's patterns are matched by RE2 (linear time), which reads neither
    "terugverwijzing": (
        with_field({"type": "string", "pattern": "^(a+)\\1$"}),
        "veld 'toelichting': het patroon '^(a+)\\1$' is niet te controleren: een terugverwijzing (\\1) kan niet",
    ),
    # review redos2: RE2's \b knows only ASCII letters (in "José" it finds one after "Jos")
    "woordgrens": (
        with_field({"type": "string", "pattern": "\\bJos\\b"}),
        "veld 'toelichting': het patroon '\\bJos\\b' gebruikt een woordgrens (\\b of \\B)",
    ),
    "vooruitkijken": (
        with_field({"type": "string", "pattern": "^(?![\\s\\S]*www\\.)"}),
        "veld 'toelichting': het patroon '^(?![\\s\\S]*www\\.)' is niet te controleren: vooruit- of terugkijken",
    ),
}


@pytest.mark.parametrize("case", sorted(REFUSED))
def test_a_form_that_cannot_be_completed_is_refused(platform: Platform, case: str) -> None:
    xml, fragment = REFUSED[case]
    before = snapshot(platform)
    with pytest.raises(ModelRefused) as err:
        deployments.deploy(platform, [("vergunning_klein.bpmn", xml)], user="bea")
    [problem] = err.value.extra["problemen"]
    assert (problem["element"], problem["naam"]) == ("beoordelen", "Aanvraag beoordelen"), problem
    assert problem["probleem"].startswith("Eigenschap 'formulier': ") and fragment in problem["probleem"]
    assert snapshot(platform) == before


def test_a_reference_inside_the_form_still_deploys(platform: Platform) -> None:
    xml = with_field({"$ref": "#/properties/compleet"})
    [row] = deployments.deploy(platform, [("vergunning_klein.bpmn", xml)], user="bea")
    assert row["process_id"] == "vergunning_klein"


@pytest.mark.parametrize("ref", ["https://example.invalid/s.json", "#/$defs/x"])
def test_an_unresolvable_reference_of_an_older_model_is_a_dutch_422_not_a_500(ref: str) -> None:
    schema = {"type": "object", "properties": {"toelichting": {"$ref": ref}}}
    with pytest.raises(forms.FormInvalid) as err:
        forms.validate(schema, {"toelichting": "hallo"})
    assert err.value.status == 422 and err.value.code == "formulier-verwijzing-onbekend"
    assert "verwijst naar een onderdeel dat niet bestaat" in err.value.detail


def _confirmation(schema: object) -> str:
    """A process with one task "Bevestigen" for Vergunningen whose formulier is ``schema``."""
    return (
        '<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" '
        'xmlns:spiffworkflow="http://spiffworkflow.org/bpmn/schema/1.0/core" id="d" targetNamespace="t">'
        '<bpmn:process id="bevestiging" isExecutable="true"><bpmn:startEvent id="s"><bpmn:outgoing>f1'
        '</bpmn:outgoing></bpmn:startEvent><bpmn:userTask id="bevestigen" name="Bevestigen">'
        "<bpmn:extensionElements><spiffworkflow:properties>"
        '<spiffworkflow:property name="kandidaatgroepen" value="&quot;Vergunningen&quot;" />'
        f'<spiffworkflow:property name="formulier" value="{quoted(schema)}" />'
        "</spiffworkflow:properties></bpmn:extensionElements><bpmn:incoming>f1</bpmn:incoming>"
        '<bpmn:outgoing>f2</bpmn:outgoing></bpmn:userTask><bpmn:endEvent id="e"><bpmn:incoming>f2'
        '</bpmn:incoming></bpmn:endEvent><bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="bevestigen" />'
        '<bpmn:sequenceFlow id="f2" sourceRef="bevestigen" targetRef="e" /></bpmn:process></bpmn:definitions>'
    )


@pytest.mark.parametrize("schema", [{}, {"title": "Bevestig de ontvangst"}])
def test_a_form_without_fields_deploys_and_the_task_page_completes_it(
    platform: Platform, schema: object
) -> None:
    deployments.deploy(platform, [("bevestiging.bpmn", _confirmation(schema))], user="bea")
    ref = cases.start_case(platform, "bevestiging", {})["zaak"]
    [task] = cases.get_case(platform, ref)["open_taken"]
    users.add_user(
        platform, "vera", groups=["Vergunningen"], role="vergunningverlener", password="geheim-wachtwoord-1"
    )
    client = logged_in(create_app(platform.settings, platform=platform), "vera", "geheim-wachtwoord-1")
    page = client.get(f"/taken/{task['id']}")
    assert page.status_code == 200 and "Bevestigen" in page.text
    token = csrf_from(page.text)
    assert client.post(f"/taken/{task['id']}/oppakken", data={"csrf_token": token}).status_code == 302
    done = client.post(f"/taken/{task['id']}", data={"csrf_token": token})
    assert done.status_code == 302, done.text
    assert cases.get_case(platform, ref)["status"] == "afgerond"


def test_a_form_that_an_empty_answer_does_not_satisfy_is_still_refused(platform: Platform) -> None:
    with pytest.raises(ModelRefused) as err:
        deployments.deploy(platform, [("bevestiging.bpmn", _confirmation({"enum": [1]}))], user="bea")
    [problem] = err.value.extra["problemen"]
    assert "geen type en geen properties" in problem["probleem"], problem


def test_a_catastrophic_pattern_is_matched_by_re2_inside_the_step(
    platform: Platform, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Tester finding p7redos: ``^(a+)+$`` deployed without a warning and completing the task with
    "a" * 30 + "!" ran Python's backtracking ``re`` inside the locked step until gunicorn killed the worker.
    It deploys (RE2 reads it) and the step refuses the value with the form's message, without ``re``."""
    evil = "^(a+)+$"
    form = {"type": "object", "properties": {"code": {"type": "string", "pattern": evil, "maxLength": 100}}}
    deployments.deploy(platform, [("bevestiging.bpmn", _confirmation(form))], user="bea")
    ref = cases.start_case(platform, "bevestiging", {})["zaak"]
    [task] = cases.get_case(platform, ref)["open_taken"]
    users.add_user(
        platform, "vera", groups=["Vergunningen"], role="vergunningverlener", password="geheim-ww-1"
    )
    search = re.search
    monkeypatch.setattr(
        re,
        "search",
        lambda p, *a, **k: pytest.fail("re ran the form's pattern") if p == evil else search(p, *a, **k),
    )
    with pytest.raises(forms.FormInvalid) as refused:
        cases.complete_task(platform, task["id"], "vera", {"code": "a" * 40 + "!"})
    assert refused.value.extra["velden"] == {"code": ["Veld 'code' heeft een ongeldig formaat."]}
    cases.complete_task(platform, task["id"], "vera", {"code": "a" * 40})
    assert cases.get_case(platform, ref)["status"] == "afgerond"


def test_the_editors_valideren_names_a_pattern_re2_cannot_read(platform: Platform) -> None:
    """The editor's Valideren runs the deploy's checks on a draft: what it passes is what deploys and runs."""
    from services.modeleditor.validation import validate_draft

    deployments.deploy(platform, [("vergunning_klein.bpmn", KLEIN)], user="bea")
    draft = with_field({"type": "string", "pattern": "^(?=x)a$"})
    found = validate_draft(platform, "vergunning_klein", "bea", {"xml": draft})
    [problem] = found["problemen"]
    assert found["geldig"] is False and problem["element"] == "beoordelen", problem
    assert (
        "veld 'toelichting': het patroon '^(?=x)a$' is niet te controleren: vooruit- of" in problem["melding"]
    )
