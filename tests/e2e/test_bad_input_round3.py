"""Bad input found by the third tester round: each was a 500, an English message, or a request that
acted on data it should not have reached. Every refusal is Dutch and leaves every table unchanged."""

from __future__ import annotations

import json
from typing import Any

import pytest

from services import forms, inbox
from tests.e2e import test_api_documenten as docs
from tests.e2e.test_api_bad_input import table_counts

client, zaak = docs.client, docs.zaak


def _platform(client: Any) -> Any:
    return client.application.extensions["ruimteflow"]


def _problem(resp: Any, status: int, code: str) -> dict[str, Any]:
    assert resp.status_code == status, resp.text[:300]
    assert resp.mimetype == "application/problem+json", resp.text[:300]
    body = json.loads(resp.text)
    assert body["code"] == code, body
    return body


def test_deeply_nested_case_data_is_refused_before_any_service(client: Any) -> None:
    """900 levels passed the JSON parser and crashed the summary's recursive copy (500)."""
    before = table_counts(_platform(client))
    deep: Any = "x"
    for _ in range(900):
        deep = [deep]
    body = {"proces": "vergunning_klein", "gegevens": {"diep": deep}}
    resp = client.post("/api/v1/zaken", json=body, headers=docs.auth("t-anna"))
    assert "te diep genest" in _problem(resp, 400, "json-te-diep")["detail"]
    assert table_counts(_platform(client)) == before


def test_an_id_in_other_digits_than_ascii_names_nothing(client: Any, zaak: str) -> None:
    """werkzeug's int converter read Arabic-Indic digits as an id: the claim went through."""
    platform = _platform(client)
    [task] = inbox.list_tasks(platform, "anna")["taken"]
    arabic = str(task["id"]).translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))
    before = table_counts(platform)
    resp = client.post(f"/api/v1/taken/{arabic}/claim", headers=docs.auth("t-anna"))
    assert resp.status_code == 404, resp.text[:300]
    assert table_counts(platform) == before
    [after] = inbox.list_tasks(platform, "anna")["taken"]
    assert after["toegewezen_aan"] is None
    math_one = "\U0001d7cf"  # MATHEMATICAL BOLD DIGIT ONE
    assert client.get(f"/api/v1/documenten/{math_one}", headers=docs.auth("t-anna")).status_code == 404


@pytest.mark.parametrize(
    ("form", "field"),
    [
        ({"auteur": "a" * 5000}, "auteur"),
        ({"organisatie": "o" * 256}, "organisatie"),
        ({"gedeeld_met": [f"g{i}" for i in range(21)]}, "gedeeld_met"),
    ],
    ids=["auteur", "organisatie", "gedeeld_met"],
)
def test_multipart_text_fields_are_checked_against_the_contract(
    client: Any, zaak: str, form: dict[str, Any], field: str
) -> None:
    """The multipart contract was not checked: 5000 characters were stored on SQLite and were a 500
    (StringDataRightTruncation) on PostgreSQL."""
    before = table_counts(_platform(client))
    url = f"/api/v1/zaken/{zaak}/documenten"
    resp = docs.post_file(client, url, "t-anna", docs.pdf("x"), informatieobjecttype="bijlage", **form)
    assert f"'{field}'" in _problem(resp, 400, "veld-ongeldig")["detail"]
    assert table_counts(_platform(client)) == before


def test_the_service_refuses_overlong_upload_fields_too(client: Any, zaak: str) -> None:
    """The faces and the CLI do not pass the API's contract: the service checks the columns itself."""
    import io

    from processes.errors import ValidationError
    from services.documents import NewDocument, upload_document

    platform = _platform(client)
    before = table_counts(platform)
    meta = NewDocument(informatieobjecttype="bijlage", bestandsnaam="a.pdf", auteur="a" * 256)
    with pytest.raises(ValidationError, match="'auteur' mag ten hoogste 255"):
        upload_document(platform, zaak, "anna", io.BytesIO(docs.pdf("y")), meta)
    assert table_counts(platform) == before


def test_a_wrong_method_on_the_model_editor_is_problem_json(client: Any) -> None:
    resp = client.get("/beheer/modellen/vergunning_klein/concept/valideren")
    body = _problem(resp, 405, "http-405")
    assert body["detail"] == "Deze methode is hier niet toegestaan."


@pytest.mark.parametrize(
    ("schema", "data", "message"),
    [
        (
            {"type": "object", "properties": {"d": {"type": "array", "uniqueItems": True}}},
            {"d": ["bijlage", "bijlage"]},
            "Veld 'd' noemt een waarde meer dan eens.",
        ),
        (
            {"type": "object", "properties": {"m": {"type": "array", "minItems": 1}}},
            {"m": []},
            "Veld 'm' heeft te weinig waarden (minimaal 1).",
        ),
        (
            {"type": "object", "properties": {"t": {"type": ["string", "integer"]}}},
            {"t": []},
            "Veld 't' heeft een verkeerd type (verwacht: tekst of geheel getal).",
        ),
        (
            {"type": "object", "properties": {"a": {"type": "string"}}, "additionalProperties": False},
            {"a": "x", "zz": 1},
            "Onbekend veld in het formulier: 'zz'.",
        ),
        (
            {"type": "object", "properties": {"a": {}, "b": {}}, "dependentRequired": {"a": ["b"]}},
            {"a": "x"},
            "Veld 'b' is verplicht als veld 'a' is ingevuld.",
        ),
    ],
    ids=["uniqueItems", "minItems", "type", "additionalProperties", "dependentRequired"],
)
def test_form_errors_are_dutch(schema: dict[str, Any], data: dict[str, Any], message: str) -> None:
    """jsonschema's English message came through for these keywords."""
    assert forms.errors_of(schema, data) == [message]


@pytest.mark.parametrize("levels", [60, 3000], ids=["deeper-than-allowed", "past-the-parser"])
def test_deeply_nested_scenario_yaml_is_refused_in_dutch(levels: int) -> None:
    """The model editor's scenarios: 3000 levels were a 500 with werkzeug's English description."""
    from processes.errors import ValidationError
    from services.scenarios.format import load_text

    text = "model: m\nbestanden: [m.bpmn]\nscenarios: " + "[" * levels + "]" * levels + "\n"
    with pytest.raises(ValidationError, match="te diep genest") as err:
        load_text(text, "m.yaml", {"m.bpmn": "<x/>"})
    assert err.value.code == "scenario-ongeldig"


def test_a_version_of_another_partys_document_is_refused(client: Any, zaak: str) -> None:
    """Tester finding: the initiator added version 2 to the municipality's drawing, which then
    downloaded as the municipality's document."""
    url = f"/api/v1/zaken/{zaak}/documenten"
    made = docs.post_file(
        client,
        url,
        "t-anna",
        docs.pdf("gemeente"),
        informatieobjecttype="bijlage",
        vertrouwelijkheidaanduiding="beperkt_openbaar",  # the initiator may read it
    )
    assert made.status_code == 201, made.text[:300]
    doc_id = json.loads(made.text)["id"]
    before = table_counts(_platform(client))
    other = docs.post_file(client, f"/api/v1/documenten/{doc_id}/versies", "t-piet", docs.pdf("piet"))
    assert _problem(other, 403, "document-geen-toegang")
    assert table_counts(_platform(client)) == before
    own = docs.post_file(client, url, "t-piet", docs.pdf("eigen"), informatieobjecttype="bijlage")
    own_id = json.loads(own.text)["id"]
    again = docs.post_file(client, f"/api/v1/documenten/{own_id}/versies", "t-piet", docs.pdf("eigen 2"))
    assert again.status_code == 201, again.text[:300]  # one's own document, yes
    handled = docs.post_file(client, f"/api/v1/documenten/{own_id}/versies", "t-anna", docs.pdf("eigen 3"))
    assert handled.status_code == 201, handled.text[:300]  # and a behandelaar, yes


def test_a_handler_role_in_an_outside_partys_group_is_that_party_for_documents() -> None:
    """Tester finding: a vergunningverlener in Omgevingsdienst (an outside party) was 'extern' for the
    case but 'behandelaar' for its documents: it deleted the initiator's upload and made a besluit final."""
    from services.policy.documents import document_actor_of, may_handle_documents

    actor = document_actor_of(
        "odvv",
        frozenset({"Omgevingsdienst"}),
        "extern",
        sees_case=True,
        levels=None,
    )
    assert actor.party == "extern"
    assert not may_handle_documents(actor)
