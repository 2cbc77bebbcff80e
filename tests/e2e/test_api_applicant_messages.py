"""The applicant's own account sending a message through the API (POST /api/v1/zaken/{zaak}/berichten).

Pentest13, 1: one zienswijze retried with its Idempotency-Key was charged to the case's message budget
on every retry; the sixth retry got 429 instead of the first answer, and a real new zienswijze then got
429 for a day. Pentest13, 2: coop's bezwaar with gegevens {"soort": "beroep"} was registered as a
beroep ("beroep tijdig ingediend", no Awb 7:10 term): the model trusts what the message carries, and the
account's message kept every field but the postmark.
"""

from __future__ import annotations

import threading
from typing import Any

from sqlalchemy import select

from services.status.lookup import waiting_of
from services.store.models import Case, CaseEvent
from tests.e2e import kaart_status_fixtures as fx

clock, demo_layers, demo_template, demo_app = fx.clock, fx.demo_layers, fx.demo_template, fx.demo_app

COOP = "coop@ruimtedal.example"


def coops_case_waiting_for(app: Any, message: str) -> tuple[int, str, str]:
    """A demo case that waits for ``message``, applied for with coop's verified address (coop's own):
    its id, reference and volgcode."""
    with app.extensions["ruimteflow"].uow() as uow:
        running = uow.session.scalars(select(Case).where(Case.status == "lopend").order_by(Case.id))
        case = next(c for c in running if message in waiting_of(c).messages)
        case.initiator_email = COOP
        uow.commit()
        return case.id, case.reference, case.tracking_code


def registered(app: Any, case_id: int, kind: str) -> list[str]:
    """The history lines of ``kind`` the case has (what the model recorded of its messages)."""
    with app.extensions["ruimteflow"].uow(write=False) as uow:
        lines = select(CaseEvent.message).where(CaseEvent.case_id == case_id, CaseEvent.kind == kind)
        return [str(m) for m in uow.session.scalars(lines.order_by(CaseEvent.id))]


def coop(key: str | None = None) -> dict[str, str]:
    return {"Authorization": "Bearer demo-coop", **({"Idempotency-Key": key} if key else {})}


def test_a_retried_message_with_its_key_is_charged_once(demo_app):
    case_id, ref, code = coops_case_waiting_for(demo_app, "zienswijze")
    before = len(registered(demo_app, case_id, "zienswijze"))
    client = demo_app.test_client()
    body = {"naam": "zienswijze", "gegevens": {"inhoud": "Te hoog."}}
    per_day = demo_app.extensions["ruimteflow"].settings.status_messages_per_case_per_day
    answers = [
        client.post(f"/api/v1/zaken/{ref}/berichten", json=body, headers=coop("zw-1"))
        for _ in range(per_day + 1)
    ]
    assert [a.status_code for a in answers] == [200] * (per_day + 1), answers[-1].get_json()
    assert all(a.get_json() == answers[0].get_json() for a in answers)
    assert len(registered(demo_app, case_id, "zienswijze")) == before + 1
    other = client.post(f"/api/v1/status/{code}/berichten/zienswijze", json={"tekst": "Tweede, echt nieuw."})
    assert other.status_code == 200, other.get_json()  # one message was charged, not six
    assert len(registered(demo_app, case_id, "zienswijze")) == before + 2


def test_two_calls_with_one_key_at_once_are_charged_once(demo_app, monkeypatch):
    """Both calls look for the key before either stored it (the barrier holds the first look of each), so
    both are charged; the one that registers nothing (its message answered from the other's key) takes its
    charge back, so the case's budget counts one message."""
    from services import idempotency

    case_id, ref, code = coops_case_waiting_for(demo_app, "zienswijze")
    before = len(registered(demo_app, case_id, "zienswijze"))
    looked, lock, looks = threading.Barrier(2, timeout=30), threading.Lock(), []
    original = idempotency.earlier_case

    def look(platform: Any, claim: Any) -> Any:
        found = original(platform, claim)
        with lock:
            looks.append(1)
            first = len(looks) <= 2
        if first:
            looked.wait()
        return found

    monkeypatch.setattr(idempotency, "earlier_case", look)
    body, answers = {"naam": "zienswijze", "gegevens": {"inhoud": "Te hoog."}}, []

    def post() -> None:
        client = demo_app.test_client()
        answers.append(client.post(f"/api/v1/zaken/{ref}/berichten", json=body, headers=coop("samen")))

    threads = [threading.Thread(target=post) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert [a.status_code for a in answers] == [200, 200], [a.get_json() for a in answers]
    assert len(registered(demo_app, case_id, "zienswijze")) == before + 1
    per_day = demo_app.extensions["ruimteflow"].settings.status_messages_per_case_per_day
    url, client = f"/api/v1/status/{code}/berichten/zienswijze", demo_app.test_client()
    more = [client.post(url, json={"tekst": f"Nummer {i}"}).status_code for i in range(per_day)]
    assert more == [200] * (per_day - 1) + [429]  # the race counted one message


def _lodged(app: Any, case_id: int) -> dict[str, Any]:
    """What the model recorded of the bezwaar or beroep (services/domain/bezwaar.py)."""
    return dict(_summary(app, case_id)["gegevens"]["bezwaar_ontvangst"])


def _summary(app: Any, case_id: int) -> dict[str, Any]:
    with app.extensions["ruimteflow"].uow(write=False) as uow:
        case = uow.session.get(Case, case_id)
        assert case is not None
        return dict(case.summary or {})


def test_the_applicant_sets_only_what_its_form_takes(demo_app):
    case_id, ref, _ = coops_case_waiting_for(demo_app, "bezwaar")
    client, before = demo_app.test_client(), registered(demo_app, case_id, "bezwaar")
    url, summary = f"/api/v1/zaken/{ref}/berichten", _summary(demo_app, case_id)
    trusted = {"soort": "beroep", "tijdig": True, "oordeel": "x", "ontvangen_op": "2026-01-01"}
    for name, value in trusted.items():
        gegevens = {"inhoud": "Ik maak bezwaar.", name: value}
        resp = client.post(url, json={"naam": "bezwaar", "gegevens": gegevens}, headers=coop())
        body = resp.get_json()
        assert resp.status_code == 422 and body["code"] == "berichtgegeven-niet-toegestaan", body
        assert body["veld"] == name and f"'{name}'" in body["detail"] and "tekst" in body["toegestaan"]
        assert registered(demo_app, case_id, "bezwaar") == before and _summary(demo_app, case_id) == summary
    sent = client.post(
        url, json={"naam": "bezwaar", "gegevens": {"tekst": "Ik maak bezwaar."}}, headers=coop()
    )
    assert sent.status_code == 200, sent.get_json()
    [line] = registered(demo_app, case_id, "bezwaar")[len(before) :]
    assert line.startswith("Bezwaarschrift ontvangen"), line
    ontvangst = _lodged(demo_app, case_id)
    assert ontvangst["soort"] == "bezwaar" and ontvangst["beslissen_uiterlijk"], ontvangst  # Awb 7:10


def test_a_behandelaar_registering_a_letter_gives_its_postmark_and_kind(demo_app):
    case_id, ref, _ = coops_case_waiting_for(demo_app, "bezwaar")
    letter = {"inhoud": "Beroepschrift.", "soort": "beroep", "ontvangen_op": "2026-03-02"}
    letter["ter_post_bezorgd_op"] = "2026-03-01"
    sent = demo_app.test_client().post(
        f"/api/v1/zaken/{ref}/berichten",
        json={"naam": "bezwaar", "gegevens": letter},
        headers={"Authorization": "Bearer demo-anna"},
    )
    assert sent.status_code == 200, sent.get_json()
    ontvangst = _lodged(demo_app, case_id)
    assert ontvangst["soort"] == "beroep" and ontvangst["ter_post_bezorgd_op"] == "2026-03-01", ontvangst


def test_the_applicant_sends_under_the_names_its_form_and_the_readme_give(demo_app):
    """Review sessie13b, 3: coop's zienswijze with gegevens {"tekst": ...}, the name the README and the
    422's ``toegestaan`` give, was refused 400 zienswijze-leeg ("veld 'inhoud'"); the account's message is
    built as the status page's form builds it (``form_payload``). ``inhoud`` is still taken."""
    case_id, ref, _ = coops_case_waiting_for(demo_app, "zienswijze")
    client, url = demo_app.test_client(), f"/api/v1/zaken/{ref}/berichten"
    before = len(registered(demo_app, case_id, "zienswijze"))
    for gegevens in (
        {"tekst": "Te hoog voor de straat.", "documenten": ["foto.jpg", "schets.pdf"]},
        {"inhoud": "Ook te breed."},
    ):
        sent = client.post(url, json={"naam": "zienswijze", "gegevens": gegevens}, headers=coop())
        assert sent.status_code == 200, sent.get_json()
    assert len(registered(demo_app, case_id, "zienswijze")) == before + 2
    inhoud = [z.get("inhoud") for z in _summary(demo_app, case_id)["ingediende_zienswijzen"]][-2:]
    assert inhoud == ["Te hoog voor de straat.", "Ook te breed."]
    wrong = client.post(url, json={"naam": "zienswijze", "gegevens": {"tekst": ["lijst"]}}, headers=coop())
    assert wrong.status_code == 400 and wrong.get_json()["code"] == "formulier-ongeldig", wrong.get_json()
    assert len(registered(demo_app, case_id, "zienswijze")) == before + 2


def _status(app: Any, case_id: int) -> str:
    with app.extensions["ruimteflow"].uow(write=False) as uow:
        case = uow.session.get(Case, case_id)
        assert case is not None
        return str(case.status)


def test_the_applicant_confirms_an_intrekking_as_on_its_status_page(demo_app):
    """The status page asks before an intrekking (it cannot be undone) and its API twin wants
    ``bevestigd: true``; coop's own account withdrew its application without either. A behandelaar
    registering a posted letter is not asked: the signed letter is the applicant's confirmation."""
    case_id, ref, _ = coops_case_waiting_for(demo_app, "intrekking")
    client, url = demo_app.test_client(), f"/api/v1/zaken/{ref}/berichten"
    summary, status = _summary(demo_app, case_id), _status(demo_app, case_id)
    for gegevens in ({"tekst": "Ik trek mijn aanvraag in."}, {"bevestigd": False}):
        refused = client.post(url, json={"naam": "intrekking", "gegevens": gegevens}, headers=coop())
        body = refused.get_json()
        assert refused.status_code == 422 and body["code"] == "bevestiging-nodig", body
        assert body["veld"] == "bevestigd" and "'bevestigd': true" in body["detail"], body
        assert "niet ongedaan" in body["detail"] and "geen besluit" in body["detail"], body
        assert _summary(demo_app, case_id) == summary and _status(demo_app, case_id) == status
    gegevens = {"tekst": "Ik trek mijn aanvraag in.", "bevestigd": True}
    sent = client.post(url, json={"naam": "intrekking", "gegevens": gegevens}, headers=coop())
    assert sent.status_code == 200, sent.get_json()
    assert _status(demo_app, case_id) != status, _status(demo_app, case_id)
    _, other, _ = coops_case_waiting_for(demo_app, "intrekking")
    letter = {"inhoud": "Brief: ik trek mijn aanvraag in.", "ontvangen_op": "2026-03-02"}
    registered_letter = client.post(
        f"/api/v1/zaken/{other}/berichten",
        json={"naam": "intrekking", "gegevens": letter},
        headers={"Authorization": "Bearer demo-anna"},
    )
    assert registered_letter.status_code == 200, registered_letter.get_json()


def test_the_status_api_twin_asks_the_confirmation_as_the_account_route_does(demo_app):
    """Review: the status page's API twin answered an intrekking without ``bevestigd`` 400, without
    ``veld`` and with the refusal under ``fouten.tekst``, while the applicant's account route answers 422
    ``bevestiging-nodig`` with ``veld`` bevestigd (README). Both ask it in one function now: the same
    problem but for the path it answers, the case unchanged, and the twin's OpenAPI operation lists 422."""
    case_id, ref, code = coops_case_waiting_for(demo_app, "intrekking")
    client = demo_app.test_client()
    summary, status = _summary(demo_app, case_id), _status(demo_app, case_id)
    for gegevens in (
        {"tekst": "Ik trek mijn aanvraag in."},
        {"tekst": "Ik trek mijn aanvraag in.", "bevestigd": False},
    ):
        account = client.post(
            f"/api/v1/zaken/{ref}/berichten",
            json={"naam": "intrekking", "gegevens": gegevens},
            headers=coop(),
        )
        twin = client.post(f"/api/v1/status/{code}/berichten/intrekking", json=gegevens)
        mine, its = account.get_json(), twin.get_json()
        assert twin.status_code == account.status_code == 422, its
        assert its["code"] == "bevestiging-nodig" and its["veld"] == "bevestigd", its
        assert its["fouten"] == {"bevestigd": mine["fouten"]["bevestigd"]}, its
        assert {**its, "instance": None} == {**mine, "instance": None}, (its, mine)
        assert _summary(demo_app, case_id) == summary and _status(demo_app, case_id) == status
    doc = client.get("/api/v1/openapi.json").get_json()
    assert "422" in doc["paths"]["/status/{code}/berichten/{bericht}"]["post"]["responses"]
