"""POST /api/v1/zaken with an Idempotency-Key starts one case however often it is sent, and POST
/zaken/{zaak}/berichten delivers its message once (services.idempotency), also when two calls arrive together
(SQLite and PostgreSQL); every 201 of the API names what it made in ``Location``; a message the case does
not take says which ones it does."""

from __future__ import annotations

import threading

import pytest

from services import users
from services.store.models import Case
from tests.conftest import FIXTURES
from tests.e2e.test_api_documenten import download, post_file
from tests.integration.document_helpers import pdf
from web import create_app

ZAAK = {"proces": "vergunning_klein", "titel": "Dakkapel", "initiatiefnemer": "Jan"}


def _client(platform):
    users.add_user(platform, "bea", groups=["Beheer"], role="beheerder", token="t-bea")
    users.add_user(platform, "anna", groups=["Vergunningen"], role="vergunningverlener", token="t-anna")
    users.add_user(platform, "piet", groups=["Vergunningen"], role="vergunningverlener", token="t-piet")
    client = create_app(platform.settings, platform=platform).test_client()
    data = {"bestand": (open(FIXTURES / "bpmn" / "vergunning_klein.bpmn", "rb"), "vergunning_klein.bpmn")}
    deployed = client.post(
        "/api/v1/modellen", data=data, headers=_auth("t-bea"), content_type="multipart/form-data"
    )
    assert deployed.status_code == 201
    client.deployed = deployed  # type: ignore[attr-defined]
    return client


@pytest.fixture
def client(platform):
    return _client(platform)


def _auth(token, key=None):
    headers = {"Authorization": f"Bearer {token}"}
    if key is not None:
        headers["Idempotency-Key"] = key
    return headers


def _case_count(platform):
    with platform.uow(write=False) as uow:
        return uow.session.query(Case).count()


def test_a_retry_with_the_same_key_answers_the_first_case(client, platform):
    first = client.post("/api/v1/zaken", json=ZAAK, headers=_auth("t-anna", "k1"))
    again = client.post("/api/v1/zaken", json=ZAAK, headers=_auth("t-anna", "k1"))
    assert first.status_code == again.status_code == 201
    assert first.get_json() == again.get_json()
    ref = first.get_json()["zaak"]
    assert first.headers["Location"] == again.headers["Location"] == f"/api/v1/zaken/{ref}"
    assert _case_count(platform) == 1
    # without a key, or with another key, or another account's same key: a new case each
    assert client.post("/api/v1/zaken", json=ZAAK, headers=_auth("t-anna")).status_code == 201
    assert client.post("/api/v1/zaken", json=ZAAK, headers=_auth("t-anna", "k2")).status_code == 201
    other = client.post("/api/v1/zaken", json=ZAAK, headers=_auth("t-piet", "k1"))
    assert other.status_code == 201 and other.get_json()["zaak"] != ref
    assert _case_count(platform) == 4


def test_the_same_key_with_another_body_is_refused(client, platform):
    assert client.post("/api/v1/zaken", json=ZAAK, headers=_auth("t-anna", "k1")).status_code == 201
    resp = client.post("/api/v1/zaken", json={**ZAAK, "titel": "Schuur"}, headers=_auth("t-anna", "k1"))
    assert resp.status_code == 422 and resp.mimetype == "application/problem+json"
    body = resp.get_json()
    assert body["code"] == "idempotency-key-hergebruikt" and body["veld"] == "Idempotency-Key"
    assert "Z-" in body["detail"]
    assert _case_count(platform) == 1


def test_a_key_lasts_a_day(client, platform, clock):
    first = client.post("/api/v1/zaken", json=ZAAK, headers=_auth("t-anna", "k1")).get_json()["zaak"]
    clock.advance(hours=23)
    assert client.post("/api/v1/zaken", json=ZAAK, headers=_auth("t-anna", "k1")).get_json()["zaak"] == first
    clock.advance(hours=2)
    later = client.post("/api/v1/zaken", json=ZAAK, headers=_auth("t-anna", "k1"))
    assert later.status_code == 201 and later.get_json()["zaak"] != first
    from services.store.models import (
        IdempotencyKey,
    )  # the new table (imported here: the test fails, not errs, without)

    with platform.uow(write=False) as uow:
        assert uow.session.query(IdempotencyKey).count() == 1


def test_a_bad_key_is_refused_before_anything_happens(client, platform):
    for bad in ("", "met spatie", "x" * 256):
        resp = client.post("/api/v1/zaken", json=ZAAK, headers=_auth("t-anna", bad))
        assert resp.status_code == 400 and resp.get_json()["code"] == "header-ongeldig", bad
    assert _case_count(platform) == 0


def test_openapi_documents_the_key_and_location(client):
    doc = client.get("/api/v1/openapi.json").get_json()
    start = doc["paths"]["/zaken"]["post"]
    assert [p["name"] for p in start["parameters"] if p["in"] == "header"] == ["Idempotency-Key"]
    for path, method in (
        ("/zaken", "post"),
        ("/zaken/{case_key}/documenten", "post"),
        ("/documenten/{document_id}/versies", "post"),
        ("/zaken/{case_key}/besluit", "post"),
        ("/modellen", "post"),
    ):
        assert "Location" in doc["paths"][path][method]["responses"]["201"]["headers"], path


def test_a_deployment_answers_the_address_of_its_model(client):
    assert client.deployed.headers["Location"] == "/api/v1/modellen/vergunning_klein/xml?versie=1"


def test_document_and_version_answers_carry_location(client):
    ref = client.post("/api/v1/zaken", json=ZAAK, headers=_auth("t-anna")).get_json()["zaak"]
    up = post_file(
        client, f"/api/v1/zaken/{ref}/documenten", "t-anna", pdf("een"), informatieobjecttype="advies"
    )
    assert up.status_code == 201, up.get_json()
    doc = up.get_json()["id"]
    assert up.headers["Location"] == f"/api/v1/documenten/{doc}"
    v2 = post_file(client, f"/api/v1/documenten/{doc}/versies", "t-anna", pdf("twee"))
    assert v2.status_code == 201 and v2.headers["Location"] == f"/api/v1/documenten/{doc}/inhoud?versie=2"
    resp, data = download(client, v2.headers["Location"], "t-anna")
    assert resp.status_code == 200 and data == pdf("twee")


def _waiting_for_aanvulling(client):
    ref = client.post("/api/v1/zaken", json=ZAAK, headers=_auth("t-anna")).get_json()["zaak"]
    tid = client.get("/api/v1/taken", headers=_auth("t-anna")).get_json()["taken"][0]["id"]
    done = client.post(
        f"/api/v1/taken/{tid}/voltooien", json={"gegevens": {"compleet": False}}, headers=_auth("t-anna")
    )
    assert done.status_code == 200
    return ref


def _events(platform, kind):
    from services.store.models import CaseEvent

    with platform.uow(write=False) as uow:
        return uow.session.query(CaseEvent).filter(CaseEvent.kind == kind).count()


AANVULLING = {"naam": "aanvulling", "gegevens": {"x": 1}}


def test_a_retried_message_with_the_same_key_is_taken_once(client, platform):
    ref = _waiting_for_aanvulling(client)
    url = f"/api/v1/zaken/{ref}/berichten"
    first = client.post(url, json=AANVULLING, headers=_auth("t-anna", "b1"))
    again = client.post(url, json=AANVULLING, headers=_auth("t-anna", "b1"))
    assert first.status_code == again.status_code == 200, again.get_json()
    assert first.get_json()["zaak"] == again.get_json()["zaak"] == ref
    assert _events(platform, "bericht") == 1
    other = client.post(url, json={**AANVULLING, "gegevens": {"x": 2}}, headers=_auth("t-anna", "b1"))
    assert other.status_code == 422 and other.get_json()["code"] == "idempotency-key-hergebruikt"
    start = client.post("/api/v1/zaken", json=ZAAK, headers=_auth("t-anna", "b1"))  # another path
    assert start.status_code == 422 and start.get_json()["code"] == "idempotency-key-hergebruikt"


def test_the_key_of_a_refused_call_may_be_sent_again(client, platform):
    """A refused call stores no key (it is kept only in the transaction that starts the case or takes the
    message): the same key again is a new call, as the IETF draft allows for a failed request's key. It is
    refused again while it is wrong, never answered as done, and does it once when it is right."""
    wrong = {**ZAAK, "geometrie": {"type": "Point", "coordinates": [0, 0]}}
    for _ in range(2):
        refused = client.post("/api/v1/zaken", json=wrong, headers=_auth("t-anna", "k1"))
        assert refused.status_code == 400 and refused.get_json()["code"] == "buiten-nederland"
    assert _case_count(platform) == 0
    first = client.post("/api/v1/zaken", json=ZAAK, headers=_auth("t-anna", "k1"))
    again = client.post("/api/v1/zaken", json=ZAAK, headers=_auth("t-anna", "k1"))
    assert (
        first.status_code == again.status_code == 201 and first.get_json()["zaak"] == again.get_json()["zaak"]
    )
    assert _case_count(platform) == 1


def test_the_key_of_a_refused_message_may_be_sent_again(client, platform):
    url = f"/api/v1/zaken/{_waiting_for_aanvulling(client)}/berichten"
    refused = client.post(url, json={"naam": "zienswijze"}, headers=_auth("t-anna", "b1"))
    assert refused.status_code == 409 and refused.get_json()["code"] == "bericht-niet-verwacht"
    for _ in range(2):
        taken = client.post(url, json=AANVULLING, headers=_auth("t-anna", "b1"))
        assert taken.status_code == 200, taken.get_json()
    assert _events(platform, "bericht") == 1


@pytest.mark.parametrize("call", ["zaak", "bericht"])
def test_two_calls_with_one_key_at_once_do_it_once(any_platform, monkeypatch, call):
    """Both calls look for the key before either stored it (the barrier holds the first look of each):
    both go on; the second's commit breaks on the key (a case) or the engine refuses its message once the
    first took it, and it answers as the first did."""
    from services import idempotency

    client = _client(any_platform)
    if call == "zaak":
        url, body = "/api/v1/zaken", ZAAK
    else:
        url, body = f"/api/v1/zaken/{_waiting_for_aanvulling(client)}/berichten", AANVULLING
    looked, lock = threading.Barrier(2, timeout=30), threading.Lock()
    first_looks: list[int] = []
    original = idempotency.earlier_case

    def look(platform, claim):
        found = original(platform, claim)
        with lock:
            first = len(first_looks) < 2
            first_looks.append(1)
        if first:
            looked.wait()
        return found

    monkeypatch.setattr(idempotency, "earlier_case", look)
    answers: list = []

    def post():
        answers.append(client.post(url, json=body, headers=_auth("t-anna", "samen")))

    threads = [threading.Thread(target=post) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert len(answers) == 2 and {a.status_code for a in answers} == {201 if call == "zaak" else 200}, [
        a.get_json() for a in answers
    ]
    assert answers[0].get_json()["zaak"] == answers[1].get_json()["zaak"]
    assert _case_count(any_platform) == 1
    assert _events(any_platform, "bericht") == (1 if call == "bericht" else 0)


def test_a_message_the_case_does_not_take_says_which_it_does(client):
    """A retried message (or one too late) is 409 bericht-niet-verwacht: ``verwacht`` tells a client a
    retry (the case moved on, takes none or another) from a refusal."""
    url, aanvulling = f"/api/v1/zaken/{_waiting_for_aanvulling(client)}/berichten", AANVULLING
    other = client.post(url, json={"naam": "zienswijze"}, headers=_auth("t-anna"))
    assert other.status_code == 409 and other.get_json()["code"] == "bericht-niet-verwacht"
    assert other.get_json()["verwacht"] == ["aanvulling"]
    assert client.post(url, json=aanvulling, headers=_auth("t-anna")).status_code == 200
    again = client.post(url, json=aanvulling, headers=_auth("t-anna"))
    assert again.status_code == 409 and again.get_json()["code"] == "bericht-niet-verwacht"
    assert again.get_json()["verwacht"] == []
