"""Issue #10 item 3: the API, the messages and the map ask the one authorization policy.

Holes found on the old main: any token read any case (with the initiator's name and the secret
volgcode) through ``GET /api/v1/zaken/<key>``; an external party could send the initiator's
``aanvulling`` (ending the suspension and moving the legal deadline); ``/api/v1/kaart/zaken`` listed
every case to everyone.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from services import inbox, users
from services.store.models import Base
from tests.e2e import kaart_status_fixtures as fx

app, clock, demo_layers = fx.app, fx.clock, fx.demo_layers
BBOX = "6.3,51.9,6.5,52.1"  # around the fixture location 52.015, 6.42


def auth(name: str) -> dict[str, str]:
    return {"Authorization": f"Bearer token-{name}"}


def _extra_users(platform: Any) -> None:
    users.add_user(platform, "nina", groups=["Netbeheerder"], role="adviseur", token="token-nina")
    users.add_user(platform, "buur", role="initiatiefnemer", token="token-buur", display_name="Buurman")


def own_case(app: Any, *, waiting: bool = True) -> tuple[str, str, str]:
    """A case started through the API by the initiator 'coop'; (reference, volgcode, the answer to
    the officer who completed the first task).

    ``waiting``: anna judged it incomplete, so it is suspended and waits for coop's aanvulling.
    """
    platform = app.extensions["ruimteflow"]
    _extra_users(platform)
    client = app.test_client()
    resp = client.post(
        "/api/v1/zaken",
        json={
            "proces": "kaart_status_vergunning",
            "titel": "Aanbouw",
            "initiatiefnemer": "Energiecoöperatie Ruimtedal",
            "locatie": "Dorpsstraat 1",
            "geometrie": {"type": "Point", "coordinates": [6.42, 52.015]},
            "crs": "EPSG:4326",
        },
        headers=auth("coop"),
    )
    assert resp.status_code == 201, resp.get_json()
    case = resp.get_json()
    assert case["volgcode"]  # the initiator gets it once, at intake
    if waiting:
        [task] = inbox.list_tasks(platform, "anna")["taken"]
        done = client.post(
            f"/api/v1/taken/{task['id']}/voltooien",
            json={"gegevens": {"compleet": False}},
            headers=auth("anna"),
        )
        assert done.status_code == 200, done.get_json()
        assert done.get_json()["opschorting"]
        return case["zaak"], case["volgcode"], done.get_data(as_text=True)
    return case["zaak"], case["volgcode"], ""


def snapshot(platform: Any) -> dict[str, list[Any]]:
    """Every row of every table, to prove a refused request changed nothing."""
    with platform.uow(write=False) as uow:
        return {
            t.name: sorted(map(repr, uow.session.execute(select(t)).all()))
            for t in Base.metadata.sorted_tables
        }


def assert_refused(resp: Any, statuses: tuple[int, ...] = (403, 404)) -> dict[str, Any]:
    assert resp.status_code in statuses, (resp.status_code, resp.get_data(as_text=True)[:300])
    assert resp.mimetype == "application/problem+json"
    body: dict[str, Any] = resp.get_json()
    assert body["detail"] and body["code"]
    return body


def test_another_partys_case_is_not_readable_through_the_api(app):
    ref, code, answer = own_case(app)
    assert code not in answer  # not in the answer to the officer who completed a task either
    client = app.test_client()
    with app.extensions["ruimteflow"].uow(write=False) as uow:
        from services.store.models import Case

        case_id = uow.session.scalars(select(Case.id).where(Case.reference == ref)).one()
    for outsider in ("nina", "buur"):
        for key in (ref, case_id):
            resp = client.get(f"/api/v1/zaken/{key}", headers=auth(outsider))
            assert_refused(resp)
            text = resp.get_data(as_text=True)
            assert code not in text and "Energiecoöperatie" not in text
    mine = client.get(f"/api/v1/zaken/{ref}", headers=auth("coop"))
    assert mine.status_code == 200 and mine.get_json()["volgcode"] == code
    assert all(not e.get("intern") for e in mine.get_json()["tijdlijn"])
    officer = client.get(f"/api/v1/zaken/{ref}", headers=auth("anna"))
    assert officer.status_code == 200 and officer.get_json()["zaak"] == ref
    assert code not in officer.get_data(as_text=True)  # the volgcode is the initiator's alone


def test_aanvulling_from_an_external_party_is_refused_and_changes_nothing(app):
    ref, code, _ = own_case(app)
    platform = app.extensions["ruimteflow"]
    client = app.test_client()
    before = snapshot(platform)
    for outsider in ("nina", "buur"):
        resp = client.post(
            f"/api/v1/zaken/{ref}/berichten",
            json={"naam": "aanvulling", "gegevens": {"tekst": "nep"}},
            headers=auth(outsider),
        )
        body = assert_refused(resp)
        assert "aanvulling" in body["detail"] or "zaak" in body["detail"].lower()
        assert snapshot(platform) == before
    # the netbeheerder may not send it even about a case it can see; the initiator may
    sent = client.post(
        f"/api/v1/zaken/{ref}/berichten", json={"naam": "aanvulling", "gegevens": {}}, headers=auth("coop")
    )
    assert sent.status_code == 200, sent.get_json()
    assert "Uw aanvulling is ontvangen" in [
        e["tekst"] for e in client.get(f"/api/v1/status/{code}").json["tijdlijn"]
    ]


def test_kaart_lists_only_the_cases_the_user_may_see(app):
    ref, _, _ = own_case(app, waiting=False)
    client = app.test_client()
    seen = client.get(f"/api/v1/kaart/zaken?bbox={BBOX}&zoom=12", headers=auth("anna")).get_json()
    assert ref in [f["properties"]["zaak"] for f in seen["features"]]
    hidden = client.get(f"/api/v1/kaart/zaken?bbox={BBOX}&zoom=12", headers=auth("nina"))
    assert hidden.status_code == 200
    assert ref not in hidden.get_data(as_text=True) and hidden.get_json()["features"] == []
    assert_refused(client.get(f"/api/v1/kaart/zaken/{ref}", headers=auth("nina")))
    assert client.get(f"/api/v1/kaart/zaken/{ref}", headers=auth("anna")).status_code == 200
    procedures = client.get("/api/v1/kaart/filters", headers=auth("anna")).get_json()["procedures"]
    assert [p["proces"] for p in procedures] == ["kaart_status_vergunning"]
    assert client.get("/api/v1/kaart/filters", headers=auth("nina")).get_json()["procedures"] == []


def test_an_external_party_with_a_task_sees_only_the_shared_fields(app):
    from sqlalchemy import update

    from services.store.models import HumanTask, TaskCandidate

    ref, code, _ = own_case(app, waiting=False)
    platform = app.extensions["ruimteflow"]
    users.add_user(
        platform, "nina", groups=["Netbeheerder"], role="adviseur", token="token-nina", password="demo"
    )
    with platform.uow() as uow:  # route the open task to the netbeheerder, as a lane of a model would
        uow.session.execute(
            update(HumanTask).where(HumanTask.case_reference == ref).values(candidate_groups=["Netbeheerder"])
        )
        uow.session.execute(update(TaskCandidate).values(group_name="Netbeheerder"))
        uow.commit()
    client = app.test_client()
    resp = client.get(f"/api/v1/zaken/{ref}", headers=auth("nina"))
    assert resp.status_code == 200, resp.get_json()
    case = resp.get_json()
    assert case["zaak"] == ref and case["titel"] == "Aanbouw" and [t["naam"] for t in case["open_taken"]]
    assert case["volgcode"] is None and case["initiatiefnemer"] is None and case["samenvatting"] == {}
    assert code not in resp.get_data(as_text=True) and "Energiecoöperatie" not in resp.get_data(as_text=True)
    assert all(e["publiek"] for e in case["tijdlijn"])
    page = client.get("/inloggen")
    client.post(
        "/inloggen",
        data={"gebruikersnaam": "nina", "wachtwoord": "demo", "csrf_token": fx.csrf_from(page.text)},
    )
    html = client.get(f"/zaken/{ref}")
    assert html.status_code == 200 and ref in html.text
    assert "Energiecoöperatie" not in html.text and code not in html.text


def test_documents_follow_the_case_and_their_vertrouwelijkheidaanduiding(app):
    from services import policy
    from services.store.models import Case

    ref, _, _ = own_case(app, waiting=False)
    platform = app.extensions["ruimteflow"]
    rules = policy.rules(platform.settings)
    with platform.uow(write=False) as uow:
        s = uow.session
        case = s.scalars(select(Case).where(Case.reference == ref)).one()
        coop, anna, nina = (policy.actor_for(s, n) for n in ("coop", "anna", "nina"))
        # issue 13: initiators see what is sent to them (beperkt_openbaar) and openbaar, plus own uploads
        assert policy.may_see_document(s, coop, case, "beperkt_openbaar", rules)
        assert not policy.may_see_document(s, coop, case, "zaakvertrouwelijk", rules)
        assert not policy.may_see_document(s, coop, case, "intern", rules)
        assert policy.may_see_document(s, anna, case, "vertrouwelijk", rules)
        assert not policy.may_see_document(s, anna, case, "staatsgeheim", rules)  # not a ZGW level
        assert not policy.may_see_document(s, nina, case, "openbaar", rules)  # not her case
