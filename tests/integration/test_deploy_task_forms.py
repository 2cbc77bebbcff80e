"""A task form that can never be completed is refused at deploy, naming the element and 'formulier'.

Review finding (rv11 editor, 6 and 7): a form field with a ``$ref`` to a remote schema
("https://example.invalid/s.json") or to a local "#/$defs/x" that does not exist passed deploy; posting
the form then gave a 500 (referencing.exceptions.Unresolvable in services/forms.py). A ``formulier`` that
is a schema of a string (``{"type": "string"}``) deployed, and every completion failed.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from services import deployments, forms
from services.engine.deploy import ModelRefused
from services.platform import Platform
from tests.integration.core_helpers import snapshot

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
