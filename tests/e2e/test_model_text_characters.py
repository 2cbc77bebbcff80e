"""A model's names and shown texts (a task's name in the inbox, a lane's name as the group of its tasks,
the ``publiek`` text on the status page) are typed in the model editor and shown to officers and
initiators: a bidi control or a control character is refused at the element (processes.tekens), and a
lane named with invisible characters alone has no name. Over the API's deploy and the model editor's
validation; nothing stored on refusal; accents and emoji stay."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest

from services.config import PROJECT_ROOT
from tests.e2e.modeleditor_fixtures import EditorClient, editor_app, editor_platform, editor_template
from tests.e2e.test_api_bad_input import make_client, platform_of, table_counts
from tests.e2e.test_api_deploy_checks import MODEL, as_json

__all__ = ["editor_app", "editor_platform", "editor_template"]  # the fixtures of the editor's JSON routes

#: (what is changed, the element the refusal names, what it says)
BAD = [
    (('name="Aanvraag beoordelen"', 'name="Aanvraag \u202eneledroeb"'), "beoordelen", "leesrichting omkeert"),
    (('name="Juridisch"', 'name="Juridisch&#x85;"'), "Lane_jur", "stuurteken"),
    (
        ('value="Uw aanvraag is ontvangen"', 'value="Uw aanvraag is \u2067ontvangen"'),
        "start",
        "Eigenschap 'publiek' bevat een onzichtbaar teken",
    ),
    (('name="Vergunningen"', 'name="\u200b"'), "Lane_verg", "heeft geen naam"),
]


@pytest.fixture
def client(platform: Any) -> Any:
    return make_client(platform)


def test_the_api_refuses_a_model_whose_names_hold_refused_characters(client: Any) -> None:
    before = table_counts(platform_of(client))
    for (old, new), element, said in BAD:
        assert old in MODEL
        resp = as_json(client, ("vergunning_klein.bpmn", MODEL.replace(old, new)))
        assert (resp.status_code, resp.mimetype) == (422, "application/problem+json"), resp.text[:300]
        problem = json.loads(resp.text)
        found = [p for p in problem["problemen"] if p["element"] == element]
        assert found and said in json.dumps(found, ensure_ascii=False), problem
    assert table_counts(platform_of(client)) == before
    good = MODEL.replace('name="Aanvraag beoordelen"', 'name="Aanvraag beoordelen ✅ (café, Zoë)"')
    resp = as_json(client, ("vergunning_klein.bpmn", good))
    assert resp.status_code == 201, resp.text[:500]


XML = (PROJECT_ROOT / "bpmn" / "omgevingsvergunning.bpmn").read_text(encoding="utf-8")


def test_the_model_editor_marks_the_element_whose_name_holds_a_bidi_control(editor_app, editor_platform):
    bea = EditorClient(editor_app, "bea")
    reversed_name = XML.replace('name="Aanvraag registreren"', 'name="Aanvraag \u202enerertsiger"', 1)
    resp = bea.post("omgevingsvergunning", "valideren", json={"xml": reversed_name})
    assert resp.status_code == 200, resp.text
    assert resp.json["geldig"] is False
    [problem] = resp.json["problemen"]
    assert problem["element"] == "intake" and "leesrichting omkeert" in problem["melding"], problem
    refused = bea.post("omgevingsvergunning", "in-gebruik-nemen", json={"reden": "toch doen"})
    assert refused.status_code == 422 and refused.json["code"] == "model-geweigerd"
    good = XML.replace('name="Aanvraag registreren"', 'name="Aanvraag registreren 📥 (één keer)"', 1)
    assert bea.post("omgevingsvergunning", "valideren", json={"xml": good}).json["geldig"] is True


def test_a_model_file_name_with_a_bidi_control_is_refused_over_the_api_and_in_beheer(client, browser_for):
    """The file's name is shown in beheer and names every problem of the file (stricter, as a document's
    file name: no invisible character at all)."""
    before = table_counts(platform_of(client))
    for name in ("klein\u202enmpb.bpmn", "klein\u200b.bpmn"):
        resp = as_json(client, (name, MODEL))
        assert (resp.status_code, json.loads(resp.text)["code"]) == (422, "bestandsnaam-ongeldig"), resp.text
    assert table_counts(platform_of(client)) == before
    page = _beheer_upload(browser_for("bea"), "klein\u2066.bpmn")
    assert (
        page.status_code == 422
        and "De bestandsnaam bevat een stuurteken of een onzichtbaar teken" in page.text
    )
    assert as_json(client, ("klein café.bpmn", MODEL)).status_code == 201


def _beheer_upload(browser: Any, name: str) -> Any:
    data = {"bestand": [(io.BytesIO(MODEL.encode()), name)]}
    return browser.post("/beheer/modellen", data, content_type="multipart/form-data")
