"""The tracking code of a closed case expires (privacy review s8, finding 1: a volgcode opened the status
page and the besluit years after the case closed, and /volglink sent it again).

The code works up to and including the Dutch calendar day the case closed plus
``Settings.volgcode_geldig_dagen`` (365 by default), and no later than the day before a case closed that
day may first be destroyed (status15, F4: the shipped zgw.toml's shortest such term is P1Y); the day after, the status page, its JSON, its
documents and its message posts answer 410 in Dutch, counted against the client's address as a wrong code
is, /volglink no longer sends it, and "Mijn aanvragen" still shows the case."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select, update

from services.store.models import Case, OutboxMessage
from tests.e2e import kaart_status_fixtures as fx
from tests.e2e.kaart_status_fixtures import csrf_from, make_app
from tests.e2e.test_public_documents import apply_with
from tests.integration.document_helpers import pdf

app, clock, demo_layers = fx.app, fx.clock, fx.demo_layers

#: 00:30 on 2 March 2026 in the Netherlands: the closing day is 2 March on the Dutch calendar
CLOSED_AT = datetime(2026, 3, 1, 23, 30, tzinfo=UTC)
#: 23:00 on 1 March 2027 in the Netherlands: the last day the code works. 2 March 2026 + 365 days is 2
#: March 2027, but that is the first day a case closed on 2 March 2026 may be destroyed (P1Y, the shortest
#: term of the shipped zgw.toml): the code ends the day before (status15, F4)
LAST_VALID = datetime(2027, 3, 1, 22, 0, tzinfo=UTC)
#: 00:30 on 2 March 2027 in the Netherlands: the first day it does not
FIRST_EXPIRED = datetime(2027, 3, 1, 23, 30, tzinfo=UTC)


def _closed_case(app: Any) -> tuple[str, int]:
    """A case applied for with a bijlage, then closed at ``CLOSED_AT``: its code and document id."""
    client = app.test_client()
    resp = apply_with(client, [(pdf("plattegrond"), "plattegrond.pdf")])
    assert resp.status_code == 303, resp.text
    platform = app.extensions["ruimteflow"]
    with platform.uow() as uow:
        case = uow.session.scalars(select(Case).order_by(Case.id.desc())).first()
        code = case.tracking_code
        uow.session.execute(
            update(Case).where(Case.id == case.id).values(status="afgerond", closed_at=CLOSED_AT)
        )
        uow.commit()
    docs = client.get(f"/api/v1/status/{code}").json["documenten"]
    assert docs, "de bijlage staat niet bij de zaak"
    return code, int(docs[0]["id"])


def _volglink_mails(app: Any) -> int:
    with app.extensions["ruimteflow"].uow(write=False) as uow:
        rows = uow.session.scalars(select(OutboxMessage).where(OutboxMessage.kind == "volglink")).all()
        return len(rows)


def _ask_volglink(app: Any) -> None:
    client = app.test_client()
    token = csrf_from(client.get("/volglink").text)
    answer = client.post("/volglink", data={"csrf_token": token, "email": "piet@example.nl"})
    assert answer.status_code == 200, answer.text


def test_the_code_works_on_the_last_day_and_is_refused_the_day_after(tmp_path, demo_layers, clock):
    app = make_app(tmp_path, demo_layers, clock, STATUS_MAX_WRONG_CODES=6)
    code, doc = _closed_case(app)
    client = app.test_client()

    clock.set(LAST_VALID)
    assert client.get(f"/status/{code}").status_code == 200
    assert client.get(f"/api/v1/status/{code}").status_code == 200
    assert client.get(f"/status/{code}/documenten/{doc}").status_code == 200
    before = _volglink_mails(app)
    _ask_volglink(app)
    assert _volglink_mails(app) == before + 1

    clock.set(FIRST_EXPIRED)
    page = client.get(f"/status/{code}")
    assert page.status_code == 410 and page.mimetype == "text/html"
    assert "niet meer geldig" in page.text and "contact op met de gemeente" in page.text
    assert "Plattegrond" not in page.text and "Piet" not in page.text
    body = client.get(f"/api/v1/status/{code}")
    assert body.status_code == 410 and body.mimetype == "application/problem+json"
    assert body.json["code"] == "volgcode-verlopen" and "niet meer geldig" in body.json["detail"]
    assert client.get(f"/status/{code}/documenten/{doc}").status_code == 410
    token = csrf_from(client.get("/volglink").text)
    posted = client.post(f"/status/{code}/zienswijze", data={"csrf_token": token, "tekst": "Nog iets"})
    assert posted.status_code == 410
    api_post = client.post(f"/api/v1/status/{code}/berichten/zienswijze", json={"tekst": "Nog iets"})
    assert api_post.status_code == 410
    # every expired hit counted as a wrong code: the sixth makes the address wait, as wrong codes do
    assert client.get("/status/" + "x" * 32).status_code == 404
    limited = client.get(f"/api/v1/status/{code}")
    assert limited.status_code == 429 and int(limited.headers["Retry-After"]) > 0

    clock.set(FIRST_EXPIRED.replace(hour=23, minute=59))  # a later request in the next hour's budget
    _ask_volglink(app)
    assert _volglink_mails(app) == before + 1  # the expired code is not sent again
    app.extensions["ruimteflow"].close()


def test_the_setting_moves_the_boundary(tmp_path, demo_layers, clock):
    app = make_app(tmp_path, demo_layers, clock)
    code, _doc = _closed_case(app)
    platform = app.extensions["ruimteflow"]
    platform.settings = platform.settings.with_(volgcode_geldig_dagen=0)
    client = app.test_client()
    clock.set(datetime(2026, 3, 2, 22, 59, tzinfo=UTC))  # 23:59 on the closing day
    assert client.get(f"/api/v1/status/{code}").status_code == 200
    clock.set(datetime(2026, 3, 2, 23, 0, tzinfo=UTC))  # midnight: the next Dutch day
    assert client.get(f"/api/v1/status/{code}").status_code == 410
    platform.close()


def test_an_open_case_keeps_its_code(tmp_path, demo_layers, clock):
    app = make_app(tmp_path, demo_layers, clock)
    client = app.test_client()
    resp = apply_with(client, [(pdf("plattegrond"), "plattegrond.pdf")])
    assert resp.status_code == 303
    with app.extensions["ruimteflow"].uow(write=False) as uow:
        code = uow.session.scalars(select(Case.tracking_code).order_by(Case.id.desc())).first()
    clock.set(datetime(2031, 3, 2, 9, 0, tzinfo=UTC))  # five years on, still not closed
    assert client.get(f"/api/v1/status/{code}").status_code == 200
    app.extensions["ruimteflow"].close()


def test_mijn_aanvragen_still_shows_the_case_after_its_code_expired(tmp_path, demo_layers, clock):
    app = make_app(tmp_path, demo_layers, clock)
    code, _doc = _closed_case(app)
    with app.extensions["ruimteflow"].uow() as uow:
        uow.session.execute(update(Case).where(Case.tracking_code == code).values(started_by="coop"))
        uow.commit()
    clock.set(FIRST_EXPIRED)
    client = app.test_client()
    page = client.get("/inloggen")
    client.post(
        "/inloggen", data={"gebruikersnaam": "coop", "wachtwoord": "demo", "csrf_token": csrf_from(page.text)}
    )
    mine = client.get("/api/v1/mijn-aanvragen")
    assert mine.status_code == 200
    (item,) = [z for z in mine.json["zaken"] if z["volgcode"] == code]
    assert item["volgcode_verlopen"] is True and item["status"] == "afgerond"
    html = client.get("/mijn-aanvragen").text
    assert item["zaak"] in html and "volgcode van deze aanvraag is niet meer geldig" in html
    assert f"/status/{code}" not in html  # no link to a page that answers 410
    app.extensions["ruimteflow"].close()
