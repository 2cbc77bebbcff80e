"""Status page, status API and application forms over HTTP (no browser): privacy, wrong codes, messages."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from services import cases, inbox
from services.store.models import Case, CaseConflict, CaseEvent
from tests.e2e import kaart_status_fixtures as fx
from tests.e2e.kaart_status_fixtures import csrf_from, make_app, status_form

app, clock, demo_layers = fx.app, fx.clock, fx.demo_layers

FORM = {
    "aanvrager": "Piet Jansen",
    "email": "piet@example.nl",
    "omschrijving": "Aanbouw achterzijde",
    "locatie_naam": "Dorpsstraat 1, Ruimtedal",
    "activiteiten": "technische_bouwactiviteit",
    "soort_initiatiefnemer": "inwoner",
    "coordinaat": "52.015, 6.42",
}


def form_tokens(page: str) -> dict[str, str]:
    """The CSRF token and the single-use submission token of an application form page."""
    match = re.search(r'name="indiening" value="([^"]+)"', page)
    assert match, "geen indieningstoken in het formulier"
    return {"csrf_token": csrf_from(page), "indiening": match.group(1)}


def apply(client: Any, process_id: str = "kaart_status_vergunning", **changes: str) -> Any:
    tokens = form_tokens(client.get(f"/aanvragen/{process_id}").text)
    return client.post(f"/aanvragen/{process_id}", data={**tokens, **FORM, **changes})


def started(client: Any) -> str:
    resp = apply(client)
    assert resp.status_code == 303, resp.text
    page = client.get(resp.headers["Location"])
    assert "Uw aanvraag is ontvangen" in page.text
    return re.search(r"/status/([A-Za-z0-9_-]{32})", page.text).group(1)  # type: ignore[union-attr]


def count_cases(app: Any) -> int:
    with app.extensions["ruimteflow"].uow(write=False) as uow:
        return int(uow.session.scalar(select(func.count()).select_from(Case)))


def test_application_gives_tracking_link_and_status_in_plain_dutch(app):
    client = app.test_client()
    code = started(client)
    page = client.get(f"/status/{code}")
    assert page.status_code == 200
    text = page.text
    assert "Status van uw aanvraag" in text and "In behandeling" in text
    assert "Vergunningen" in text and "uiterlijk 28 april 2026" in text
    assert "Er is nog geen definitief besluit" in text
    assert (
        page.headers["Referrer-Policy"] == "no-referrer"
        and "script-src 'self'" in page.headers["Content-Security-Policy"]
    )
    body = client.get(f"/api/v1/status/{code}")
    assert body.status_code == 200 and body.headers["API-Version"]
    data = body.json
    assert data["termijn"]["uiterste_beslisdatum"] == "2026-04-28" and data["besluit"]["definitief"] is False
    assert [a["bericht"] for a in data["acties"]] == ["aanvulling", "zienswijze"]
    assert not any(a["verwacht"] for a in data["acties"])
    # readme review 1: the public never gets the model (lanes, scripts) or its element ids
    assert "diagram" not in data and "beoordelen" not in json.dumps(data)
    for url in (f"/status/{code}/diagram.bpmn", f"/api/v1/status/{code}/diagram"):
        gone = client.get(url)  # 405: only a message may be posted at /status/<code>/<name>
        assert gone.status_code in (404, 405) and "lane" not in gone.text


def test_bad_application_stores_nothing_and_explains_in_dutch(app):
    client = app.test_client()
    before = count_cases(app)
    resp = apply(client, email="geen-adres", coordinaat="", aanvrager="", bouwkosten="veel")
    assert resp.status_code == 400
    for message in (
        "Vul &#39;Naam aanvrager&#39; in.",
        "Dit is geen geldig e-mailadres.",
        "Geef de locatie aan",
        "moet een getal zijn",
    ):
        assert message in resp.text
    resp = apply(client, coordinaat="40.0, 2.0")
    assert resp.status_code == 400 and "niet in Nederland" in resp.text
    resp = apply(client, locatie='{"type": "LineString", "coordinates": [[6.4, 52.0], [6.41, 52.0]]}')
    assert resp.status_code == 400 and "Teken een punt" in resp.text
    token = csrf_from(client.get("/aanvragen/kaart_status_vergunning").text)
    assert (
        client.post("/aanvragen/kaart_status_vergunning", data={**FORM, "csrf_token": "fout"}).status_code
        == 400
    )
    assert token and count_cases(app) == before
    assert client.get("/aanvragen/bestaat_niet").status_code == 404
    assert "Omgevingsvergunning aanvragen" in client.get("/aanvragen").text


def test_supplement_through_status_page_moves_the_deadline(app, clock):
    client = app.test_client()
    platform = app.extensions["ruimteflow"]
    code = started(client)
    form = status_form(client.get(f"/status/{code}").text)
    refused = client.post(f"/status/{code}/aanvulling", data={**form, "tekst": "te vroeg"})
    assert refused.status_code == 409 and "geen aanvulling nodig" in refused.text
    [task] = inbox.list_tasks(platform, "anna")["taken"]
    clock.advance(days=3)
    cases.complete_task(platform, task["id"], "anna", {"compleet": False})
    waiting = client.get(f"/api/v1/status/{code}").json
    assert waiting["wacht_op"] == "wacht op aanvulling van u" and waiting["termijn"]["opgeschort"] is True
    assert waiting["termijn"]["uiterste_beslisdatum"] == "2026-05-26"
    # requested on 5 March: the term stands still from the next day (Awb 4:15), as the mail says
    suspended = [e["tekst"] for e in waiting["tijdlijn"] if e["tekst"].startswith("Beslistermijn opgeschort")]
    assert suspended and suspended[0].startswith("Beslistermijn opgeschort vanaf 6 maart 2026 "), suspended
    assert [a["verwacht"] for a in waiting["acties"]] == [True, False]
    assert client.post(f"/status/{code}/aanvulling", data={"tekst": "zonder token"}).status_code == 400
    form = status_form(client.get(f"/status/{code}").text)  # days later: the page again (a form lasts hours)
    empty = client.post(f"/status/{code}/aanvulling", data={**form, "tekst": "  "})
    assert empty.status_code == 400 and "Vul het veld" in empty.text
    clock.advance(days=7)
    form = status_form(client.get(f"/status/{code}").text)
    sent = client.post(
        f"/status/{code}/aanvulling",
        data={**form, "tekst": "Hierbij de tekeningen.", "documenten": "gevel.pdf\n"},
    )
    assert sent.status_code == 303
    after = client.get(sent.headers["Location"].split("#")[0])
    assert "Bedankt. Uw aanvulling is ontvangen" in after.text
    data = client.get(f"/api/v1/status/{code}").json
    assert (
        "2026-04-28" < data["termijn"]["uiterste_beslisdatum"] < "2026-05-26"
    )  # a week of suspension counted
    assert data["termijn"]["opgeschort"] is False
    assert data["wacht_op"] == "in behandeling bij Team Vergunningen"
    assert "Uw aanvulling is ontvangen" in [e["tekst"] for e in data["tijdlijn"]]
    zienswijze = client.post(f"/status/{code}/zienswijze", data={**form, "tekst": "bezwaar"})
    assert zienswijze.status_code == 409


def test_internal_notes_names_and_internal_conflicts_never_shown(app):
    client = app.test_client()
    platform = app.extensions["ruimteflow"]
    code = started(client)
    [task] = inbox.list_tasks(platform, "anna")["taken"]
    cases.complete_task(
        platform, task["id"], "anna", {"compleet": True, "notitie": "GEHEIM-NOTITIE in formulier"}
    )
    with platform.uow() as uow:
        case = uow.session.scalars(select(Case).where(Case.tracking_code == code)).one()
        now = platform.clock.now()
        uow.session.add_all(
            [
                CaseEvent(
                    case_id=case.id,
                    at=now,
                    actor="anna",
                    kind="notitie",
                    public=False,
                    message="Interne notitie: GEHEIM-NOTITIE aanvrager lastig",
                ),
                CaseEvent(
                    case_id=case.id,
                    at=now,
                    actor="Mila Visser",
                    kind="advies",
                    public=False,
                    message="Advies gegeven door Mila Visser (Milieu)",
                ),
                CaseConflict(
                    case_id=case.id,
                    regel="bevi",
                    laag="bevi",
                    feature_id="1",
                    ernst="waarschuwing",
                    afdeling="Veiligheid",
                    beschrijving="INTERN-CONFLICT nabij risicobedrijf",
                    intern=True,
                ),
                CaseConflict(
                    case_id=case.id,
                    regel="natuur",
                    laag="natura2000",
                    feature_id="1",
                    ernst="info",
                    afdeling="Natuur",
                    beschrijving="Binnen 3 km van Natura 2000",
                    intern=False,
                ),
            ]
        )
        case.summary = {**(case.summary or {}), "buurman": "Jan de Buurman, Dorpsstraat 3"}
        uow.commit()
    html = client.get(f"/status/{code}").text
    json_text = client.get(f"/api/v1/status/{code}").get_data(as_text=True)
    for secret in (
        "GEHEIM-NOTITIE",
        "Mila Visser",
        "INTERN-CONFLICT",
        "Anna de Vries",
        "Jan de Buurman",
        "piet@example.nl",
    ):
        assert secret not in html, secret
        assert secret not in json_text, secret
    assert "Binnen 3 km van Natura 2000" in html and "Binnen 3 km van Natura 2000" in json_text


def test_wrong_code_is_a_plain_404_and_repeats_are_rate_limited(tmp_path: Path, demo_layers: Path, clock):
    app = make_app(tmp_path, demo_layers, clock, STATUS_MAX_WRONG_CODES=3)
    client = app.test_client()
    code = started(client)
    wrong = client.get("/api/v1/status/" + "x" * 32)
    malformed = client.get("/api/v1/status/kort")
    assert wrong.status_code == malformed.status_code == 404
    assert {k: v for k, v in wrong.json.items() if k != "instance"} == {
        k: v for k, v in malformed.json.items() if k != "instance"
    }
    assert client.get(f"/api/v1/status/{code}").status_code == 200  # a right code never counts
    third = client.get("/status/" + "y" * 32)
    assert third.status_code == 404 and "volgcode" in third.text
    limited = client.get(f"/api/v1/status/{code}")
    assert limited.status_code == 429 and limited.mimetype == "application/problem+json"
    assert int(limited.headers["Retry-After"]) > 0
    assert client.get(f"/status/{code}").status_code == 429
    other = app.test_client()
    assert other.get(f"/api/v1/status/{code}", environ_base={"REMOTE_ADDR": "10.0.0.9"}).status_code == 200
    app.extensions["ruimteflow"].close()


def test_the_rate_limit_message_names_the_real_wait(tmp_path: Path, demo_layers: Path, clock):
    app = make_app(tmp_path, demo_layers, clock, STATUS_MAX_WRONG_CODES=1, STATUS_WRONG_CODE_WINDOW=900)
    client = app.test_client()
    assert client.get("/api/v1/status/" + "x" * 32).status_code == 404
    limited = client.get("/api/v1/status/" + "x" * 32)
    assert limited.status_code == 429
    assert "Wacht 15 minuten" in limited.json["detail"], limited.json["detail"]
    app.extensions["ruimteflow"].close()


def test_openapi_lists_status_and_kaart_routes(app):
    doc = app.test_client().get("/api/v1/openapi.json").json
    assert "/status/{code}" in doc["paths"] and "security" not in doc["paths"]["/status/{code}"]["get"]
    assert "/kaart/zaken" in doc["paths"] and doc["paths"]["/kaart/zaken"]["get"]["security"]


def test_unknown_message_is_not_found(app):
    client = app.test_client()
    code = started(client)
    token = csrf_from(client.get(f"/status/{code}").text)
    assert (
        client.post(f"/status/{code}/onbekend", data={"csrf_token": token, "tekst": "x"}).status_code == 404
    )


def test_public_forms_start_the_real_procedures(app):
    from services import deployments
    from services.config import Settings
    from services.demo import model_files

    files = model_files(Settings().bpmn_dir)
    platform = app.extensions["ruimteflow"]
    deployments.deploy(platform, deployments.read_files(list(files)))
    client = app.test_client()
    permit = apply(client, "omgevingsvergunning", activiteiten="technische_bouwactiviteit")
    assert permit.status_code == 303, permit.text
    wind = apply(
        client,
        "windpark",
        soort_initiatiefnemer="energiecoöperatie",
        soort="wind",
        vermogen_mw="12",
        aantal_turbines="3",
        lokaal_eigendom_pct="50",
        omschrijving="Windpark De Kamp",
        coordinaat="",
        locatie='{"type": "MultiPoint", "coordinates": [[6.40, 52.015], [6.405, 52.016], [6.41, 52.017]]}',
    )
    assert wind.status_code == 303, wind.text
    code = re.search(r"/status/([A-Za-z0-9_-]{32})", client.get(wind.headers["Location"]).text).group(1)  # type: ignore[union-attr]
    status = client.get(f"/api/v1/status/{code}").json
    assert "netbeheerder" in status["wacht_op"]
    mismatch = apply(
        client,
        "windpark",
        soort_initiatiefnemer="energiecoöperatie",
        soort="wind",
        vermogen_mw="12",
        aantal_turbines="5",
        coordinaat="",
        locatie='{"type": "MultiPoint", "coordinates": [[6.40, 52.015]]}',
    )
    assert mismatch.status_code == 400 and "turbine" in mismatch.text


def test_holder_timeline_says_one_werkdag_not_werkdagen(app):
    """Tester finding (initiator11 #6): a bar's title read "(1 werkdagen)"."""
    from flask import render_template

    bar = {"van": "2026-03-02", "tot": "2026-03-03", "werkdagen": 1, "x": 0, "breedte": 1, "reden": ""}
    row = {
        "houder": "Team Vergunningen",
        "soort": "afdeling",
        "segmenten": [bar],
        "dagen": 1.0,
        "werkdagen": 1,
    }
    houders = {
        "rijen": [row],
        "publiek": True,
        "nu": None,
        "vrije_dagen": [],
        "van": "2026-03-02",
        "tot": "2026-03-03",
    }
    with app.test_request_context("/"):
        html = render_template("_houders.html", houders=houders)
    assert "(1 werkdag)" in html and "1 werkdagen" not in html
