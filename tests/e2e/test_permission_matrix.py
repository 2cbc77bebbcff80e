"""Every route of the app x every demo role, against the outcome the authorization policy promises.

The routes come from ``app.url_map``: a route (method + rule) without a line in ``MATRIX`` fails
``test_every_route_has_a_matrix_entry``, so a new endpoint cannot slip in unreviewed. Adding one is one
line: ``"METHOD /rule": "<outcome per column of ROLES>"``.

Outcomes: ``ok`` (authorized: any answer but the ones below, a 5xx always fails), ``login`` (401, or a
redirect to the login page), ``403``, ``404``. Path parameters are real ids from the demo data: a case
started by the initiator ``coop`` (open task 'Aanvraag beoordelen' for Vergunningen, one conflict).
Every GET runs on one database shared by the module; a write expected to be refused runs on a database
shared per route (a refusal changes nothing); an allowed write gets a fresh copy of the database of its
own.
"""

from __future__ import annotations

import io
import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from services import outbox
from services.clock import FixedClock
from services.documents.storage import blob_store
from tests.e2e.conftest import FIXTURE_BPMN, seeded_platform, token_of
from tests.integration.document_helpers import pdf
from tests.shared_build import shared_demo_layers

#: one demo user per role (services/demo.py DEMO_USERS); None = anonymous
ROLES: dict[str, str | None] = {
    "vergunningverlener": "anna",
    "teamleider": "tom",
    "adviseur": "rob",
    "projectleider": "pim",
    "extern": "nina",  # adviseur in the external group Netbeheerder
    "beheerder": "bea",
    "initiatiefnemer": "coop",
    "anoniem": None,
}

# fmt: off
#: "METHOD rule": outcomes in the column order of ROLES:
#:  vergunningverlener teamleider adviseur projectleider extern beheerder initiatiefnemer anoniem
MATRIX: dict[str, str] = {
    "GET /":                                         "ok    ok    ok    ok    ok    ok    ok    login",
    "GET /inloggen":                                 "ok    ok    ok    ok    ok    ok    ok    ok",
    "POST /inloggen":                                "login login login login login login login login",  # empty form: back to the login page
    "POST /uitloggen":                               "login login login login login login login login",  # logged out: to the login page
    "POST /sessie/verlengen":                        "ok    ok    ok    ok    ok    ok    ok    login",  # anonymous: no session to extend (401)
    "GET /inloggen/sso":                             "404   404   404   404   404   404   404   404",  # no OIDC issuer configured
    "GET /inloggen/sso/terug":                       "ok    ok    ok    ok    ok    ok    ok    ok",
    "GET /static/<path:filename>":                   "ok    ok    ok    ok    ok    ok    ok    ok",
    # the initiator's face (issue 16): its own cases; a lost tracking link (public, same answer for all)
    "GET /mijn-aanvragen":                           "403   403   403   403   403   403   ok    login",
    "GET /volglink":                                 "ok    ok    ok    ok    ok    ok    ok    ok",
    "POST /volglink":                                "ok    ok    ok    ok    ok    ok    ok    ok",
    "GET /beheer/mail":                              "403   403   403   403   403   ok    403   login",
    "GET /beheer/mail/<bestand>":                    "403   403   403   403   403   404   403   login",  # no mail in the seed
    # faces for staff
    "GET /inbox":                                    "ok    ok    ok    ok    ok    ok    403   login",
    "GET /zaken":                                    "ok    ok    ok    ok    ok    ok    403   login",
    "GET /zaken/<case_ref>":                         "ok    ok    404   404   404   ok    403   login",  # a case one may not open: as an unknown one
    "POST /zaken/<case_ref>/conflicten/<int:conflict_id>/overschrijven":
                                                     "ok    ok    404   404   404   ok    403   login",
    "POST /zaken/<case_ref>/berichten":              "ok    ok    404   404   404   ok    403   login",  # empty form: 422 when allowed
    "GET /taken/<int:task_id>":                      "ok    ok    403   403   403   ok    403   login",
    "POST /zaken/<case_ref>/documenten":             "ok    ok    404   404   404   ok    403   login",
    "GET /zaken/<case_ref>/documenten/<int:document_id>": "ok    ok    404   404   404   ok    403   login",
    "GET /zaken/<case_ref>/documenten/<int:document_id>/inhoud": "ok    ok    404   404   404   ok    403   login",
    "POST /zaken/<case_ref>/documenten/<int:document_id>/versies": "ok    ok    404   404   404   ok    403   login",
    "POST /zaken/<case_ref>/documenten/<int:document_id>/verwijderen": "ok    ok    404   404   404   ok    403   login",
    # the verzenddatum of an uploaded besluit (the seed's document is a bijlage: 409 where allowed)
    "POST /zaken/<case_ref>/documenten/<int:document_id>/verzenddatum": "ok    ok    404   404   404   ok    403   login",
    "POST /taken/<int:task_id>":                     "ok    ok    403   403   403   403   403   login",
    "POST /taken/<int:task_id>/besluit":             "404   404   403   403   403   404   403   login",  # the seed task takes no besluit
    "POST /taken/<int:task_id>/oppakken":            "ok    ok    403   403   403   403   403   login",
    "POST /taken/<int:task_id>/teruggeven":          "ok    ok    403   403   403   ok    403   login",
    "POST /taken/<int:task_id>/toewijzen":           "ok    ok    403   403   403   ok    403   login",
    "GET /kaart":                                    "ok    ok    ok    ok    ok    ok    403   login",
    "GET /dashboard":                                "403   ok    403   403   403   ok    403   login",
    "GET /beheer":                                   "403   403   403   403   403   ok    403   login",
    "POST /beheer/modellen":                         "403   403   403   403   403   ok    403   login",
    "GET /beheer/modellen/<process_id>":             "403   403   403   403   403   ok    403   login",
    "GET /beheer/modellen/<process_id>/bpmn":        "403   403   403   403   403   ok    403   login",
    "GET /beheer/modellen/<process_id>/bewerken":    "403   403   403   403   403   ok    403   login",  # the model editor page
    "POST /beheer/modellen/<process_id>/migreren":   "403   403   403   403   403   ok    403   login",
    "POST /beheer/zaken/<case_ref>/pauzeren":        "403   403   403   403   403   ok    403   login",
    "POST /beheer/zaken/<case_ref>/hervatten":       "403   403   403   403   403   ok    403   login",
    "POST /beheer/zaken/<case_ref>/opnieuw":         "403   403   403   403   403   ok    403   login",
    "GET /beheer/afleveringen":                      "403   403   403   403   403   ok    403   login",
    "POST /beheer/afleveringen/<int:message_id>/opnieuw": "403   403   403   403   403   ok    403   login",
    "POST /beheer/afleveringen/opnieuw":             "403   403   403   403   403   ok    403   login",
    "POST /beheer/afleveringen/<int:message_id>/terzijde": "403   403   403   403   403   ok    403   login",
    # the model editor's JSON routes (issue 17): only beheer edits models
    "GET /beheer/modellen/<process_id>/concept":     "403   403   403   403   403   ok    403   login",
    "PUT /beheer/modellen/<process_id>/concept":     "403   403   403   403   403   ok    403   login",
    "POST /beheer/modellen/<process_id>/concept/valideren": "403   403   403   403   403   ok    403   login",
    "POST /beheer/modellen/<process_id>/concept/vergelijken": "403   403   403   403   403   ok    403   login",
    "POST /beheer/modellen/<process_id>/concept/testen": "403   403   403   403   403   ok    403   login",
    "POST /beheer/modellen/<process_id>/concept/in-gebruik-nemen": "403   403   403   403   403   404   403   login",  # bea has no draft in the seed
    # waiting times per model (issue 15): [inzicht].heatmap in bpmn/autorisatie.toml
    "GET /wachttijden/<process_id>":                 "403   ok    403   403   403   ok    403   login",
    "GET /wachttijden/<process_id>/csv":             "403   ok    403   403   403   ok    403   login",
    "GET /wachttijden/<process_id>/bpmn":            "403   ok    403   403   403   ok    403   login",
    # public: application forms and the status page (the volgcode is the key)
    "GET /aanvragen":                                "ok    ok    ok    ok    ok    ok    ok    ok",
    "GET /aanvragen/<process_id>":                   "404   404   404   404   404   404   404   404",
    "POST /aanvragen/<process_id>":                  "404   404   404   404   404   404   404   404",
    "GET /aanvragen/<process_id>/ontvangen":         "ok    ok    ok    ok    ok    ok    ok    ok",
    "GET /aanvragen/adres":                          "ok    ok    ok    ok    ok    ok    ok    ok",
    "GET /aanvragen/gemeentegrens":                  "ok    ok    ok    ok    ok    ok    ok    ok",
    "POST /aanvragen/<process_id>/locatiecheck":     "404   404   404   404   404   404   404   404",
    "GET /aanvragen/<process_id>/kaartlagen/<naam>": "404   404   404   404   404   404   404   404",
    "GET /status/<code>":                            "ok    ok    ok    ok    ok    ok    ok    ok",
    "GET /status/<code>/documenten/<document_id>":   "ok    ok    ok    ok    ok    ok    ok    ok",
    "POST /status/<code>/<bericht>":                 "ok    ok    ok    ok    ok    ok    ok    ok",
    "GET /api/v1/status/<code>":                     "ok    ok    ok    ok    ok    ok    ok    ok",
    # API
    "GET /api/v1/openapi.json":                      "ok    ok    ok    ok    ok    ok    ok    ok",
    "GET /api/v1/modellen":                          "ok    ok    ok    ok    ok    ok    ok    login",
    "POST /api/v1/modellen":                         "403   403   403   403   403   ok    403   login",
    "GET /api/v1/modellen/<process_id>/xml":         "ok    ok    ok    ok    ok    ok    ok    login",
    "GET /api/v1/modellen/<process_id>/wachttijden": "403   ok    403   403   403   ok    403   login",
    "GET /api/v1/lagen":                             "ok    ok    ok    ok    ok    ok    ok    login",
    "POST /api/v1/locatiecheck":                     "ok    ok    ok    ok    ok    ok    ok    login",
    "POST /api/v1/zaken":                            "ok    ok    403   ok    403   ok    403   login",  # vergunning_klein has no application form: only registering staff start it (test_start_rule.py)
    "GET /api/v1/zaken":                             "ok    ok    ok    ok    ok    ok    ok    login",  # the cases each may see
    "GET /api/v1/zaken/<case_key>":                  "ok    ok    404   404   404   ok    ok    login",  # a case one may not open: as an unknown one
    "GET /api/v1/zaken/<case_key>/houders":          "ok    ok    404   404   404   ok    ok    login",
    "POST /api/v1/zaken/<case_key>/berichten":       "ok    ok    404   404   404   ok    ok    login",
    "POST /api/v1/zaken/<case_key>/conflicten/<int:conflict_id>/overschrijven":
                                                     "ok    ok    404   404   404   ok    403   login",
    "GET /api/v1/taken":                             "ok    ok    ok    ok    ok    ok    ok    login",
    "GET /api/v1/taken/<int:task_id>":               "ok    ok    403   403   403   ok    403   login",
    "POST /api/v1/taken/<int:task_id>/claim":        "ok    ok    403   403   403   403   403   login",
    "POST /api/v1/taken/<int:task_id>/unclaim":      "ok    ok    403   403   403   ok    403   login",
    "POST /api/v1/taken/<int:task_id>/toewijzen":    "ok    ok    403   403   403   ok    403   login",
    "POST /api/v1/taken/<int:task_id>/voltooien":    "ok    ok    403   403   403   403   403   login",
    "GET /api/v1/kaart/zaken":                       "ok    ok    ok    ok    ok    ok    403   login",
    "GET /api/v1/kaart/zaken/<zaak>":                "ok    ok    404   404   404   ok    403   login",
    "GET /api/v1/kaart/filters":                     "ok    ok    ok    ok    ok    ok    403   login",
    "GET /api/v1/kaart/lagen":                       "ok    ok    ok    ok    ok    ok    403   login",
    "GET /api/v1/kaart/lagen/<naam>":                "ok    ok    ok    ok    ok    ok    403   login",
    "GET /api/v1/beheer/incidenten":                 "403   403   403   403   403   ok    403   login",
    "GET /api/v1/beheer/herinneringen-zonder-ontvanger": "403   403   403   403   403   ok    403   login",
    "POST /api/v1/beheer/zaken/<zaak>/opnieuw":      "403   403   403   403   403   ok    403   login",
    "POST /api/v1/beheer/zaken/<zaak>/pauzeren":     "403   403   403   403   403   ok    403   login",
    "POST /api/v1/beheer/zaken/<zaak>/hervatten":    "403   403   403   403   403   ok    403   login",
    "POST /api/v1/beheer/modellen/<proces>/migreren": "403   403   403   403   403   ok    403   login",
    "GET /api/v1/beheer/afleveringen":               "403   403   403   403   403   ok    403   login",
    "POST /api/v1/beheer/afleveringen/<int:aflevering>/opnieuw": "403   403   403   403   403   ok    403   login",
    "POST /api/v1/beheer/afleveringen/opnieuw":      "403   403   403   403   403   ok    403   login",
    "POST /api/v1/beheer/afleveringen/<int:aflevering>/terzijde": "403   403   403   403   403   ok    403   login",
    "GET /api/v1/zaken/<case_key>/registratie":      "ok    ok    404   404   404   ok    403   login",  # staff who may see the case
    "GET /api/v1/mijn-aanvragen":                    "403   403   403   403   403   403   ok    login",
    "GET /api/v1/dashboard":                         "403   ok    403   403   403   ok    403   login",
    "POST /api/v1/status/<code>/berichten/<bericht>": "ok    ok    ok    ok    ok    ok    ok    ok",
    # documents of the case (a bijlage the initiator uploaded): documents follow the case, and a document
    # someone may not read is 404 (they cannot learn it exists)
    "POST /api/v1/zaken/<case_key>/documenten":      "ok    ok    404   404   404   ok    ok    login",
    "GET /api/v1/zaken/<case_key>/documenten":       "ok    ok    404   404   404   ok    ok    login",  # as GET of the case
    "GET /api/v1/documenten/<int:document_id>":      "ok    ok    404   404   404   ok    ok    login",
    "GET /api/v1/documenten/<int:document_id>/inhoud": "ok    ok    404   404   404   ok    ok    login",
    "POST /api/v1/documenten/<int:document_id>/versies": "ok    ok    404   404   404   ok    ok    login",
    "DELETE /api/v1/documenten/<int:document_id>":   "ok    ok    404   404   404   ok    403   login",
    # the seed's document is a bijlage the initiator may read and add: 409 "no besluit" for it too (a
    # besluit it may not add is 403: tests/e2e/test_api_verzenddatum.py)
    "POST /api/v1/documenten/<int:document_id>/verzenddatum": "ok    ok    404   404   404   ok    ok    login",
    "POST /api/v1/zaken/<case_key>/besluit/concept": "ok    ok    404   404   404   ok    403   login",
    "POST /api/v1/zaken/<case_key>/besluit":         "ok    ok    404   404   404   ok    403   login",
}
# fmt: on

OUTCOMES = {"ok", "login", "403", "404"}
POINT = {"type": "Point", "coordinates": [6.42, 52.015]}


@dataclass
class Seed:
    template: Path
    params: dict[str, str]
    layers: Path  # the run's generated demo layers (read only), for every copy of the database
    documents: Path | None = None  # the document store of the seed, copied into each fresh database
    cookies: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    csrf: dict[str, str] = field(default_factory=dict)


def _clock() -> FixedClock:
    from datetime import UTC, datetime

    return FixedClock(datetime(2026, 3, 2, 9, 0, tzinfo=UTC))


def _app(platform: Any) -> Flask:
    from web import create_app

    app = create_app(platform.settings, platform=platform)
    app.config["TESTING"] = True
    return app


def _cookies(client: FlaskClient) -> list[tuple[str, str]]:
    jar = getattr(client, "_cookies", {})
    return [(c.key, c.value) for c in jar.values()]


@pytest.fixture(scope="module")
def seed(tmp_path_factory: pytest.TempPathFactory, faces_template: Path) -> Seed:
    """The demo users and one case of the initiator, with every role logged in once (its cookies
    and CSRF token are reused by each fresh copy of the database)."""
    from services import cases, documents, inbox
    from services.store.models import CaseConflict, HumanTask

    folder = tmp_path_factory.mktemp("matrix")
    layers = shared_demo_layers(tmp_path_factory)
    platform = seeded_platform(folder, _clock(), faces_template, layers)
    case = cases.start_case(
        platform,
        "vergunning_klein",
        {},
        user="coop",
        title="Matrixzaak",
        initiator="Energiecoöperatie Ruimtedal",
        geometry_wkt="POINT (226000 448000)",
    )
    with platform.uow() as uow:
        task = uow.session.query(HumanTask).filter_by(case_id=case["id"]).one()
        conflict = CaseConflict(
            case_id=case["id"],
            regel="matrix",
            laag="natura2000",
            feature_id="1",
            ernst="waarschuwing",
            afdeling="Natuur",
            beschrijving="Matrixconflict",
        )
        uow.session.add(conflict)
        message = outbox.enqueue(uow.session, "matrix", case["id"], "matrix", {})  # an outbox delivery
        uow.session.flush()
        ids = {"task_id": str(task.id), "conflict_id": str(conflict.id)}
        ids.update(message_id=str(message.id), aflevering=str(message.id))
        uow.commit()
    doc = documents.upload_document(
        platform,
        case["zaak"],
        "coop",
        io.BytesIO(pdf("matrix")),
        documents.NewDocument(informatieobjecttype="bijlage", bestandsnaam="tekening.pdf"),
    )
    ids["document_id"] = str(doc["id"])
    held = cases.start_case(platform, "vergunning_klein", {}, user="coop", title="Opgepakt")
    held_task = inbox.list_tasks(platform, "anna", scope="team")["taken"]
    ids["held_task_id"] = str(next(t["id"] for t in held_task if t["zaak"] == held["zaak"]))
    inbox.claim(platform, int(ids["held_task_id"]), "anna")
    layer = (_layer_names(platform) or ["onbekend"])[0]
    out = Seed(
        folder / "faces.db",
        {
            "case_key": case["zaak"],
            "case_ref": case["zaak"],
            "zaak": case["zaak"],
            "process_id": "vergunning_klein",
            "proces": "vergunning_klein",
            "code": case["volgcode"],
            "bericht": "aanvulling",
            "naam": layer,
            "filename": "css/faces.css",
            "bestand": "00000001-ontvangst.eml",
            **ids,
        },
        layers,
        blob_store(platform).root,
    )
    app = _app(platform)
    for role, user in ROLES.items():
        client = app.test_client()
        page = client.get("/inloggen")
        if user is not None:  # issue 16: the initiator logs in too (to "Mijn aanvragen")
            client.post(
                "/inloggen",
                data={"gebruikersnaam": user, "wachtwoord": "demo", "csrf_token": token_of(page.text)},
            )
            page = client.get("/inbox" if role != "initiatiefnemer" else "/mijn-aanvragen")
        out.cookies[role] = _cookies(client)
        out.csrf[role] = token_of(page.text)
    platform.close()
    return out


def _layer_names(platform: Any) -> list[str]:
    from services import kaart

    return sorted(kaart.map_layers(kaart.configured_layers(platform)))


#: rules that need another value for a parameter: unclaiming needs a task someone holds (anna)
PARAMS_PER_RULE = {
    "/taken/<int:task_id>/teruggeven": {"task_id": "held_task_id"},
    "/api/v1/taken/<int:task_id>/unclaim": {"task_id": "held_task_id"},
}


def _path(rule: str, params: dict[str, str]) -> str:
    names = PARAMS_PER_RULE.get(rule, {})
    return re.sub(r"<(?:[a-z]+:)?([a-z_]+)>", lambda m: params[names.get(m.group(1), m.group(1))], rule)


#: multipart uploads (a fresh file per request: a stream is read once)
UPLOADS = {
    "/api/v1/zaken/<case_key>/documenten": {"informatieobjecttype": "bijlage"},
    "/api/v1/documenten/<int:document_id>/versies": {},
    "/zaken/<case_ref>/documenten": {"informatieobjecttype": "bijlage"},
    "/zaken/<case_ref>/documenten/<int:document_id>/versies": {},
}


def _body(method: str, rule: str, seed: Seed) -> dict[str, Any]:
    if method == "DELETE" and rule.startswith("/api/v1/"):
        return {"json": {"reden": "matrix"}}
    if method != "POST":
        return {}
    if rule in UPLOADS:
        upload = {"bestand": (io.BytesIO(pdf("matrix nieuw")), "nieuw.pdf"), **UPLOADS[rule]}
        return {"data": upload, "content_type": "multipart/form-data"}
    if rule.startswith("/api/v1/"):
        bodies: dict[str, Any] = {
            "/api/v1/zaken": {"proces": "vergunning_klein", "titel": "Matrix"},
            "/api/v1/zaken/<case_key>/berichten": {"naam": "aanvulling", "gegevens": {}},
            "/api/v1/status/<code>/berichten/<bericht>": {"tekst": "matrix"},
            "/api/v1/beheer/zaken/<zaak>/pauzeren": {"reden": "matrix"},
            "/api/v1/taken/<int:task_id>/toewijzen": {"gebruiker": "anna"},
            "/api/v1/taken/<int:task_id>/voltooien": {"gegevens": {"compleet": True}},
            "/api/v1/zaken/<case_key>/besluit/concept": {"uitkomst": "verlenen"},
            "/api/v1/zaken/<case_key>/besluit": {"uitkomst": "verlenen"},  # incomplete: 400 when allowed
            "/api/v1/documenten/<int:document_id>/verzenddatum": {"verzenddatum": "2026-03-02"},
            "/api/v1/modellen": {
                "bestanden": [
                    {
                        "naam": "vergunning_klein.bpmn",
                        "inhoud": (FIXTURE_BPMN / "vergunning_klein.bpmn").read_text(),
                    }
                ]
            },
        }
        if rule == "/api/v1/locatiecheck":
            return {"json": {"type": "Feature", "geometry": POINT, "properties": {}}}
        if rule.endswith("/overschrijven"):
            return {"json": {"reden": "matrix: niet van toepassing"}}
        return {"json": bodies.get(rule, {})}
    forms = {
        "/taken/<int:task_id>": {"compleet": "true"},
        "/taken/<int:task_id>/toewijzen": {"gebruiker": "anna"},
        "/zaken/<case_ref>/conflicten/<int:conflict_id>/overschrijven": {
            "reden": "matrix: niet van toepassing"
        },
        "/status/<code>/<bericht>": {"tekst": "matrix"},
        "/zaken/<case_ref>/documenten/<int:document_id>/verwijderen": {"reden": "matrix"},
        "/zaken/<case_ref>/documenten/<int:document_id>/verzenddatum": {"verzenddatum": "2026-03-02"},
    }
    return {"data": forms.get(rule, {})}


def _outcome(resp: Any) -> str:
    assert resp.status_code < 500, resp.get_data(as_text=True)[:500]
    if resp.status_code == 401 or (
        resp.status_code in (301, 302, 303) and "/inloggen" in resp.headers.get("Location", "").split("?")[0]
    ):
        return "login"
    if resp.status_code in (403, 404):
        return str(resp.status_code)
    return "ok"


def _takes_body(app: Flask, method: str, rule: str) -> bool:
    """Does the route take a body: an API operation only when its contract declares one (JSON or an
    upload; one that declares none refuses any body, 400 inhoud-niet-verwacht), a face's form always."""
    if not rule.startswith("/api/v1/"):
        return True
    [endpoint] = [
        r.endpoint for r in app.url_map.iter_rules() if r.rule == rule and method in (r.methods or ())
    ]
    spec = getattr(app.view_functions[endpoint], "__contract__", None)
    return spec is None or spec.body is not None or spec.multipart is not None


def _request(app: Flask, seed: Seed, role: str, method: str, rule: str) -> Any:
    client = app.test_client()
    for key, value in seed.cookies[role]:
        client.set_cookie(key, value)
    kw = _body(method, rule, seed) if _takes_body(app, method, rule) else {}
    headers: dict[str, str] = {}
    user = ROLES[role]
    if rule.startswith("/api/v1/") and user is not None:
        headers["Authorization"] = f"Bearer demo-{user}"
        client = app.test_client()  # bearer alone: no session, no CSRF
    elif method in ("POST", "PUT") and not rule.startswith("/api/v1/"):
        kw.setdefault("data", {})["csrf_token"] = seed.csrf[role]
    return client.open(_path(rule, seed.params), method=method, headers=headers, **kw)


def _copy(folder: Path, seed: Seed) -> Any:
    """A platform on a fresh copy of the seed database and its document store."""
    folder.mkdir()
    platform = seeded_platform(folder, _clock(), seed.template, seed.layers)
    if seed.documents is not None and seed.documents.is_dir():
        shutil.copytree(seed.documents, blob_store(platform).root, dirs_exist_ok=True)
    return platform


@pytest.fixture(scope="module")
def reader(tmp_path_factory: pytest.TempPathFactory, seed: Seed) -> Iterator[Flask]:
    """One app for every GET request of the module: a GET changes nothing the matrix depends on, and
    building an app (its url map) costs more than most requests."""
    platform = _copy(tmp_path_factory.mktemp("matrix_get") / "db", seed)
    yield _app(platform)
    platform.close()


@pytest.fixture
def fresh(tmp_path: Path, seed: Seed) -> Any:
    made: list[Any] = []

    def make() -> Flask:
        made.append(_copy(tmp_path / f"db{len(made)}", seed))
        return _app(made[-1])

    yield make
    for p in made:
        p.close()


def test_matrix_lines_are_well_formed():
    for key, line in MATRIX.items():
        method, _, rule = key.partition(" ")
        assert method in {"GET", "POST", "PUT", "PATCH", "DELETE"} and rule.startswith("/"), key
        cells = line.split()
        assert len(cells) == len(ROLES) and set(cells) <= OUTCOMES, key


def test_every_route_has_a_matrix_entry(fresh):
    app = fresh()
    routes = {
        f"{method} {rule.rule}"
        for rule in app.url_map.iter_rules()
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"})
    }
    missing = sorted(routes - set(MATRIX))
    assert not missing, "routes without an entry in MATRIX (add one line each):\n" + "\n".join(missing)
    assert not sorted(set(MATRIX) - routes), "MATRIX entries for routes that no longer exist"


@pytest.mark.parametrize("key", sorted(MATRIX))
def test_route_answers_each_role_as_the_matrix_says(key, seed, fresh, reader):
    method, _, rule = key.partition(" ")
    expected = dict(zip(ROLES, MATRIX[key].split(), strict=True))
    shared = reader if method == "GET" else fresh()
    got = {}
    for role in ROLES:
        app = fresh() if method != "GET" and expected[role] == "ok" else shared
        resp = _request(app, seed, role, method, rule)
        got[role] = _outcome(resp)
        resp.close()
    assert got == expected, f'"{key}": "{"  ".join(got.values())}"  (got)'
