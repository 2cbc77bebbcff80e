"""Issue #16 item 3: the initiator logs in and sees its own cases under "Mijn aanvragen".

Holes on the old main: the demo initiator ``coop`` was refused at login ("Deze omgeving is voor
medewerkers"); a case applied for with the initiator's e-mail address was not its own; a lost tracking
link was a dead end; the 404 page sent citizens to the staff login.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from services import cases, inbox, users
from services.store.models import OutboxMessage
from tests.e2e import kaart_status_fixtures as fx
from tests.e2e.harness import log_in

app, clock, demo_layers = fx.app, fx.clock, fx.demo_layers
COOP_MAIL = "coop@ruimtedal.example"


def _start(
    platform: Any, title: str, *, user: str | None = "anna", email: str | None = None
) -> dict[str, Any]:
    return cases.start_case(
        platform,
        "kaart_status_vergunning",
        {"email": email} if email else {},
        user=user,
        title=title,
        initiator="Energiecoöperatie Ruimtedal",
        geometry_wkt="POINT (226000 448000)",
    )


def _mails(platform: Any, kind: str | None = None) -> list[dict[str, Any]]:
    with platform.uow(write=False) as uow:
        rows = uow.session.scalars(select(OutboxMessage).where(OutboxMessage.channel == "email")).all()
        return [dict(r.payload) for r in rows if kind is None or r.kind == kind]


def test_initiator_logs_in_and_sees_its_own_cases_only(app):
    platform = app.extensions["ruimteflow"]
    users.add_user(platform, "coop", role="initiatiefnemer", email=COOP_MAIL.upper(), token="token-coop")
    mine_by_mail = _start(platform, "Zonnedak sporthal", email=COOP_MAIL)
    mine_started = _start(platform, "Laadpaal Dorpsplein", user="coop")
    other = _start(platform, "Dakkapel buurman", email="buurman@example.nl")
    client = app.test_client()
    resp = log_in(client, "coop")
    assert resp.status_code == 302 and resp.headers["Location"].endswith("/mijn-aanvragen")
    page = client.get("/mijn-aanvragen")
    assert page.status_code == 200
    assert mine_by_mail["zaak"] in page.text and mine_started["zaak"] in page.text
    assert other["zaak"] not in page.text and "Dakkapel buurman" not in page.text
    assert f"/status/{mine_by_mail['volgcode']}" in page.text  # its own case's tracking link
    assert f"/status/{other['volgcode']}" not in page.text
    # the API asks the same policy
    api = app.test_client()
    own = api.get(f"/api/v1/zaken/{mine_by_mail['zaak']}", headers={"Authorization": "Bearer token-coop"})
    assert own.status_code == 200
    refused = api.get(f"/api/v1/zaken/{other['zaak']}", headers={"Authorization": "Bearer token-coop"})
    assert refused.status_code == 404  # as an unknown case
    listed = api.get("/api/v1/mijn-aanvragen", headers={"Authorization": "Bearer token-coop"}).get_json()
    assert sorted(z["zaak"] for z in listed["zaken"]) == sorted([mine_by_mail["zaak"], mine_started["zaak"]])
    staff = api.get("/api/v1/mijn-aanvragen", headers={"Authorization": "Bearer token-anna"})
    assert staff.status_code == 403 and staff.mimetype == "application/problem+json"


def test_initiator_cannot_use_the_staff_faces(app):
    client = app.test_client()
    log_in(client, "coop")
    for url in ("/inbox", "/zaken", "/kaart", "/beheer"):
        resp = client.get(url)
        assert resp.status_code == 403, url
        assert "medewerkers" in resp.text or "rol" in resp.text
    assert client.get("/").headers["Location"].endswith("/mijn-aanvragen")


def test_staff_have_no_mijn_aanvragen(app):
    client = app.test_client()
    log_in(client, "anna")
    assert client.get("/mijn-aanvragen").status_code == 403
    assert app.test_client().get("/mijn-aanvragen").status_code == 302  # anonymous: to the login page


def test_mijn_aanvragen_shows_the_pending_aanvulling(app):
    platform = app.extensions["ruimteflow"]
    case = _start(platform, "Aanbouw Molenweg", user="coop")
    [task] = [t for t in inbox.list_tasks(platform, "anna")["taken"] if t["zaak"] == case["zaak"]]
    cases.complete_task(platform, task["id"], "anna", {"compleet": False})
    client = app.test_client()
    log_in(client, "coop")
    page = client.get("/mijn-aanvragen").text
    assert "Gevraagd van u" in page and "Aanvulling indienen" in page
    assert "de beslistermijn staat stil" in page
    assert "uiterlijk 30 maart 2026" in page  # the aanvullingstermijn of 28 days from 2 March 2026


def test_a_lost_link_is_sent_again_without_telling_whether_the_address_is_known(app):
    platform = app.extensions["ruimteflow"]
    case = _start(platform, "Zonnedak sporthal", email=COOP_MAIL)
    before = len(_mails(platform, "volglink"))
    client = app.test_client()
    csrf = fx.csrf_from(client.get("/volglink").text)
    known = client.post("/volglink", data={"email": "Coop@Ruimtedal.example ", "csrf_token": csrf})
    unknown = client.post("/volglink", data={"email": "niemand@example.nl", "csrf_token": csrf})
    assert known.status_code == unknown.status_code == 200

    def answer(resp: Any) -> str:
        text = resp.text.split('id="volglink-verstuurd"')[1].split("</p>")[0]
        return text.replace("Coop@Ruimtedal.example", "X").replace("niemand@example.nl", "X")

    assert answer(known) == answer(unknown)
    sent = _mails(platform, "volglink")[before:]
    assert [m["aan"] for m in sent] == [COOP_MAIL]
    assert f"/status/{case['volgcode']}" in sent[0]["tekst"]


def test_lost_link_requests_are_rate_limited_and_checked(app):
    client = app.test_client()
    csrf = fx.csrf_from(client.get("/volglink").text)
    bad = client.post("/volglink", data={"email": "geen-adres", "csrf_token": csrf})
    assert bad.status_code == 400 and "geldig e-mailadres" in bad.text
    codes = [
        client.post("/volglink", data={"email": f"iemand{i}@example.nl", "csrf_token": csrf}).status_code
        for i in range(6)
    ]
    assert codes[:5] == [200] * 5 and codes[5] == 429


def test_the_404_page_does_not_send_citizens_to_the_staff_login_only(app):
    resp = app.test_client().get("/bestaat-niet")
    assert resp.status_code == 404
    assert 'href="/volglink"' in resp.text and 'href="/aanvragen"' in resp.text
    assert "aanvragers en medewerkers" in resp.text
    wrong_code = app.test_client().get("/status/" + "x" * 24)
    assert wrong_code.status_code == 404 and 'href="/volglink"' in wrong_code.text
