"""Every property an API answer carries is declared in the published OpenAPI document.

A generated client drops what the contract does not declare (review api12, F4: the legal deadline,
the opschorting, the timeline's texts, the dashboard's totals). Schemathesis (test_api_contract.py)
checks answers against the document, but a JSON Schema object admits any extra property; here every
declared object is closed (``additionalProperties: false``, in the test only) and the GET operations
are called on the demo data, for a beheerder, an officer, a team lead and an initiator.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from sqlalchemy import select

from services.clock import FixedClock
from services.store.models import Case, Document, HumanTask
from tests.e2e import kaart_status_fixtures as fx
from tests.integration.test_waits_demo import NOW

demo_layers, demo_database = fx.demo_layers, fx.demo_database
demo_app = fx.module_demo_app  # one copy of the demo database for the module
USERS = ("bea", "anna", "tom", "coop")


def closed(schema: Any) -> Any:
    """``schema`` with every object that declares its properties closed to undeclared ones."""
    if isinstance(schema, list):
        return [closed(item) for item in schema]
    if not isinstance(schema, dict):
        return schema
    out = {key: closed(value) for key, value in schema.items()}
    if "properties" in schema and "additionalProperties" not in schema:
        out["additionalProperties"] = False
    return out


def _known(app: Any) -> dict[str, list[Any]]:
    """Path values that exist: every case, a task of each state, a document of each case."""
    with app.extensions["ruimteflow"].uow(write=False) as uow:
        s = uow.session
        cases = list(s.scalars(select(Case.reference).order_by(Case.id)))
        tasks = [
            s.scalars(select(HumanTask.id).where(HumanTask.state == st).limit(3))
            for st in ("open", "voltooid")
        ]
        documents = list(s.scalars(select(Document.id).order_by(Document.id).limit(20)))
        processes = sorted(set(s.scalars(select(Case.process_id))))
    return {
        "case_key": cases,
        "task_id": [t for ids in tasks for t in ids],
        "document_id": documents,
        "process_id": processes,
        "proces": processes,
    }


def _calls(doc: dict[str, Any], known: dict[str, list[Any]]) -> Iterator[tuple[str, str]]:
    """(template, url) of every GET with a JSON answer (only) whose path values are known."""
    for template, item in doc["paths"].items():
        op = item.get("get")
        if op is None or list(op["responses"]["200"].get("content", {})) != ["application/json"]:
            continue
        names = re.findall(r"{([a-z_]+)}", template)
        if any(n not in known for n in names):
            continue
        if not names:
            yield template, template
            continue
        for value in known[names[0]]:
            url = template.replace("{" + names[0] + "}", str(value))
            for n in names[1:]:
                url = url.replace("{" + n + "}", str(known[n][0]))
            yield template, url


def test_every_answered_property_is_declared(demo_app: Any) -> None:
    client = demo_app.test_client()
    doc = client.get("/api/v1/openapi.json").get_json()
    known = _known(demo_app)
    queries = {"/taken": "?selectie=alle", "/kaart/zaken": "?zoom=10"}
    failures: dict[str, str] = {}
    checked = 0
    for template, url in _calls(doc, known):
        schema = closed(doc["paths"][template]["get"]["responses"]["200"]["content"]["application/json"])
        validator = Draft202012Validator(schema["schema"])
        for user in USERS:
            resp = client.get(
                "/api/v1" + url + queries.get(template, ""), headers={"Authorization": f"Bearer demo-{user}"}
            )
            if resp.status_code != 200:
                continue
            checked += 1
            for error in validator.iter_errors(resp.get_json()):
                where = "/".join(str(p) for p in error.absolute_path if not isinstance(p, int))
                failures.setdefault(f"{template} {where}: {error.message[:160]}", f"{user} {url}")
    assert checked > 100, checked
    assert not failures, "\n".join(f"{k}  ({v})" for k, v in sorted(failures.items()))


def test_the_legal_deadline_has_a_snake_case_name_and_a_deprecated_alias(demo_app: Any) -> None:
    client = demo_app.test_client()
    doc = client.get("/api/v1/openapi.json").get_json()
    props = doc["paths"]["/zaken/{case_key}"]["get"]["responses"]["200"]["content"]["application/json"]
    props = props["schema"]["properties"]
    assert props["uiterlijkeEinddatumAfdoening"]["deprecated"] is True
    assert "deprecated" not in props["uiterlijke_einddatum_afdoening"]
    assert props["status"]["enum"] == ["lopend", "afgerond", "incident", "gepauzeerd"]
    case = client.get("/api/v1/zaken/Z-2026-000001", headers={"Authorization": "Bearer demo-bea"}).get_json()
    assert case["uiterlijke_einddatum_afdoening"] is not None
    assert case["uiterlijke_einddatum_afdoening"] == case["uiterlijkeEinddatumAfdoening"]


def test_an_initiator_and_an_outside_party_read_the_deadline_under_both_names(demo_app: Any) -> None:
    """The snake_case name was declared but not in the [velden] of initiators and outside parties: they
    read null there and the date only under the deprecated alias (api13's left item)."""
    client = demo_app.test_client()
    seen = 0
    for user in ("coop", "nina"):
        auth = {"Authorization": f"Bearer demo-{user}"}
        for row in client.get("/api/v1/zaken?limiet=20", headers=auth).get_json()["zaken"]:
            case = client.get(f"/api/v1/zaken/{row['zaak']}", headers=auth).get_json()
            assert case["uiterlijke_einddatum_afdoening"] == case["uiterlijkeEinddatumAfdoening"], (user, row)
            assert row["uiterlijke_einddatum_afdoening"] == row["uiterlijkeEinddatumAfdoening"], (user, row)
            seen += case["uiterlijkeEinddatumAfdoening"] is not None
    assert seen >= 2  # the demo gives both accounts cases with a legal deadline


def test_a_document_download_is_sent_as_a_documented_media_type(demo_app: Any) -> None:
    # review api12, F8: the contract documented only application/octet-stream, the server sends the
    # document's own type (application/pdf for the besluiten and aanvraagformulieren of the demo)
    client = demo_app.test_client()
    doc = client.get("/api/v1/openapi.json").get_json()
    documented = doc["paths"]["/documenten/{document_id}/inhoud"]["get"]["responses"]["200"]["content"]
    sent = set()
    for document_id in _known(demo_app)["document_id"]:
        resp = client.get(
            f"/api/v1/documenten/{document_id}/inhoud", headers={"Authorization": "Bearer demo-bea"}
        )
        assert resp.status_code == 200, resp.text
        sent.add(resp.mimetype)
    assert "application/pdf" in sent and sent <= set(documented), (sent, sorted(documented))
    assert "application/octet-stream" not in documented


def test_every_member_of_an_error_answer_is_declared(
    tmp_path: Path, demo_layers: Path, demo_database: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The Problem schema closed like the answers above (review api17, finding 2): velden on 422
    formulier-ongeldig, document_id and versie on 409 document-dubbel, gedetecteerd on
    document-verkeerd-type, onderwerp_index on gis-geen-soort and foutcode on a 500 were undeclared.
    On its own copy of the demo: the upload stores a document."""
    app = fx.make_demo_app(tmp_path, demo_layers, FixedClock(NOW), demo_database)
    try:
        client = app.test_client()
        doc = client.get("/api/v1/openapi.json").get_json()
        validator = Draft202012Validator(closed(doc["components"]["schemas"]["Problem"]))
        anna = {"Authorization": "Bearer demo-anna"}
        answers = {}
        for task in client.get("/api/v1/taken?limiet=50", headers=anna).get_json()["taken"]:
            form = client.get(f"/api/v1/taken/{task['id']}", headers=anna).get_json()["formulier"] or {}
            if form.get("required"):  # refused whole: nothing completed
                answers["formulier"] = client.post(
                    f"/api/v1/taken/{task['id']}/voltooien", json={"gegevens": {}}, headers=anna
                )
                break
        upload = f"/api/v1/zaken/{task['zaak']}/documenten"
        pdf = b"%PDF-1.4\n% sleutels\n%%EOF\n"
        for name in ("dubbel", "nog eens"):
            answers[name] = client.post(
                upload,
                headers=anna,
                data={"bestand": (io.BytesIO(pdf), "a.pdf"), "informatieobjecttype": "bijlage"},
            )
        answers["type"] = client.post(
            upload,
            headers=anna,
            data={"bestand": (io.BytesIO(b"<html>hoi</html>"), "x.pdf"), "informatieobjecttype": "bijlage"},
        )
        point = {
            "type": "Feature",
            "properties": {"soort": ""},
            "geometry": {"type": "Point", "coordinates": [155000, 463000]},
        }
        answers["soort"] = client.post(
            "/api/v1/locatiecheck", json={"type": "FeatureCollection", "features": [point]}, headers=anna
        )
        monkeypatch.setattr("web.api.locatiecheck.service.layer_list", lambda *a: 1 / 0)
        answers["500"] = client.get("/api/v1/lagen", headers=anna)
    finally:
        app.extensions["ruimteflow"].close()
    codes = {name: (resp.status_code, resp.get_json().get("code")) for name, resp in answers.items()}
    assert codes == {
        "formulier": (422, "formulier-ongeldig"),
        "dubbel": (201, None),
        "nog eens": (409, "document-dubbel"),
        "type": (400, "document-verkeerd-type"),
        "soort": (400, "gis-geen-soort"),
        "500": (500, "http-500"),
    }, codes
    failures = {
        f"{name}: {error.message[:160]}"
        for name, resp in answers.items()
        if resp.status_code >= 400
        for error in validator.iter_errors(resp.get_json())
    }
    assert not failures, "\n".join(sorted(failures))
