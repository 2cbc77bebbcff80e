"""'Bericht registreren' on the officer's case page: a letter that came by post (review officer12, F1).

Neighbours without the volgcode can only send a zienswijze on paper, and an aanvulling, intrekking,
ingebrekestelling or bezwaar may arrive by post too. Only the API and the CLI could register them: the
case page listed "Verwachte berichten" without a form. The form goes to the API's own use case
(services/status/letters.py -> account_messages.send_from_account), for whom the API lets register post.
"""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

from sqlalchemy import func, select

from services.clock import today
from services.status.lookup import waiting_of
from services.store.models import Case, CaseEvent
from tests.e2e import kaart_status_fixtures as fx
from tests.e2e.harness import logged_in, status_form
from tests.e2e.kaart_status_fixtures import csrf_from

clock, demo_layers, demo_database, app = fx.clock, fx.demo_layers, fx.demo_database, fx.testing_demo_app


def _ter_inzage(app: Any) -> tuple[str, list[str]]:
    """A demo permit whose ontwerpbesluit lies ter inzage: its reference and the messages it waits for."""
    with app.extensions["ruimteflow"].uow(write=False) as uow:
        running = uow.session.scalars(
            select(Case)
            .where(Case.process_id == "omgevingsvergunning", Case.status == "lopend")
            .order_by(Case.id)
        )
        case = next(c for c in running if "zienswijze" in waiting_of(c).messages)
        return case.reference, list(case.typed_summary.verwachte_berichten or [])


def _state(app: Any, ref: str) -> tuple[int, Any]:
    """The case's history length and its summary: what a refused registration must leave alone."""
    with app.extensions["ruimteflow"].uow(write=False) as uow:
        case = uow.session.scalars(select(Case).where(Case.reference == ref)).one()
        events = uow.session.scalar(select(func.count(CaseEvent.id)).where(CaseEvent.case_id == case.id))
        return int(events or 0), case.summary


_login = logged_in


def _form(html: str) -> str:
    start = html.find('id="bericht-registreren"')
    return html[start : html.find("</section>", start)] if start >= 0 else ""


def _day(app: Any, days_ago: int) -> str:
    return (today(app.extensions["ruimteflow"].clock) - timedelta(days=days_ago)).isoformat()


def test_the_form_offers_a_behandelaar_the_letters_the_case_waits_for(app):
    ref, expected = _ter_inzage(app)
    page = _login(app, "anna").get(f"/zaken/{ref}").text
    form = _form(page)
    assert f'action="/zaken/{ref}/berichten"' in form and 'name="csrf_token"' in form
    # as "Verwachte berichten" lists them, but an ingebrekestelling only once the beslistermijn passed
    assert "ingebrekestelling" in expected
    assert re.findall(r'<option value="([a-z_]+)"', form) == [m for m in expected if m != "ingebrekestelling"]
    assert 'name="ter_post_bezorgd_op"' in form  # a zienswijze's postmark counts (Awb 3:16 lid 3, 6:9)


def test_no_form_for_an_account_that_may_not_register_post(app):
    ref, _ = _ter_inzage(app)
    before = _state(app, ref)
    for username in ("lars", "mila"):  # an adviser and an outside party, both with a task on the case
        client = _login(app, username)
        page = client.get(f"/zaken/{ref}")
        assert page.status_code == 200 and _form(page.text) == "", username
        token = csrf_from(page.text)
        sent = client.post(
            f"/zaken/{ref}/berichten",
            data={
                "csrf_token": token,
                "bericht": "zienswijze",
                "ontvangen_op": _day(app, 1),
                "tekst": "Nee.",
            },
        )
        assert sent.status_code == 403, (username, sent.status_code)
    assert _state(app, ref) == before


def test_a_zienswijze_through_the_form_reaches_the_case_as_through_the_api(app):
    ref, _ = _ter_inzage(app)
    anna = _login(app, "anna")
    fields = {"indiener": "J. Jansen", "ontvangen_op": _day(app, 2), "ter_post_bezorgd_op": _day(app, 3)}
    tokens = status_form(anna.get(f"/zaken/{ref}").text)

    sent = anna.post(
        f"/zaken/{ref}/berichten",
        data={**tokens, "bericht": "zienswijze", "tekst": "Geluidsoverlast.", **fields},
    )

    assert sent.status_code == 303, sent.text
    shown = anna.get(sent.headers["Location"].split("#")[0]).text
    assert "Zienswijze is geregistreerd bij zaak" in shown and "binnen de termijn" in shown
    api = app.test_client().post(
        f"/api/v1/zaken/{ref}/berichten",
        headers={"Authorization": "Bearer demo-anna"},
        json={"naam": "zienswijze", "gegevens": {"inhoud": "Geluidsoverlast.", **fields}},
    )
    assert api.status_code == 200, api.get_json()
    by_form, by_api = api.get_json()["samenvatting"]["ingediende_zienswijzen"][-2:]
    assert by_form.pop("nummer") + 1 == by_api.pop("nummer")
    assert by_form == by_api and by_form["tijdig"] is True and by_form["indiener"] == "J. Jansen"


def test_bad_input_is_a_dutch_error_at_its_field_and_changes_nothing(app):
    ref, _ = _ter_inzage(app)
    anna = _login(app, "anna")
    tokens = status_form(anna.get(f"/zaken/{ref}").text)
    before = _state(app, ref)
    cases = [
        ({"bericht": "zienswijze", "ontvangen_op": "2026-13-04"}, "ontvangen_op", "is geen geldige datum"),
        ({"bericht": "zienswijze", "ontvangen_op": _day(app, -3)}, "ontvangen_op", "ligt in de toekomst"),
        ({"bericht": "bezwaar", "ontvangen_op": _day(app, 1)}, "bericht", "wacht nu niet op dit bericht"),
        (
            {"bericht": "intrekking", "ontvangen_op": _day(app, 1), "ter_post_bezorgd_op": _day(app, 2)},
            "ter_post_bezorgd_op",
            "Alleen bij een zienswijze of een bezwaar",
        ),
        ({"bericht": "zienswijze", "ontvangen_op": _day(app, 1), "tekst": ""}, "tekst", "Vul de inhoud"),
        (  # refused by the model itself (zienswijze_registreren), shown at the field all the same
            {"bericht": "zienswijze", "ontvangen_op": _day(app, 3), "ter_post_bezorgd_op": _day(app, 1)},
            "ter_post_bezorgd_op",
            "ligt na de ontvangst",
        ),
    ]
    for data, field, words in cases:
        typed = {"indiener": "Buurman", "tekst": "Te hoog gebouw.", **data}
        resp = anna.post(f"/zaken/{ref}/berichten", data={**tokens, **typed})  # a refused post may be retried
        form = _form(resp.text)
        assert resp.status_code == 422, (field, resp.status_code)
        error = re.search(rf'<p class="veld-fout" id="fout-bericht-{field}">([^<]*)</p>', form)
        assert error and words in error.group(1), (field, form)
        assert f'aria-describedby="fout-bericht-{field}"' in form
        assert 'value="Buurman"' in form and typed["tekst"] in form  # what was typed stays
    assert _state(app, ref) == before


def test_a_post_without_the_csrf_token_is_refused(app):
    ref, _ = _ter_inzage(app)
    anna = _login(app, "anna")
    anna.get(f"/zaken/{ref}")
    before = _state(app, ref)
    data = {"bericht": "zienswijze", "ontvangen_op": _day(app, 1), "tekst": "Zonder token."}
    resp = anna.post(f"/zaken/{ref}/berichten", data=data)
    assert resp.status_code == 400 and "Het formulier is verlopen" in resp.text
    assert _state(app, ref) == before


def _zienswijzen(app: Any, ref: str) -> int:
    return len(_state(app, ref)[1].get("ingediende_zienswijzen") or [])


def _notices(html: str) -> list[str]:
    return [
        re.sub(r"<[^>]+>", "", m)
        for m in re.findall(r'class="melding melding-[a-z]+"[^>]*>(.*?)</p>', html, re.S)
    ]


def test_the_same_form_sent_twice_registers_the_letter_once(app):
    """A double click (or back and send again) on one rendered form: the second post registers nothing
    and says so (review sessie12, 3)."""
    ref, _ = _ter_inzage(app)
    anna = _login(app, "anna")
    before = _zienswijzen(app, ref)
    data = {
        **status_form(anna.get(f"/zaken/{ref}").text),
        "bericht": "zienswijze",
        "ontvangen_op": _day(app, 1),
        "indiener": "J. Jansen",
        "tekst": "Bezwaar tegen de bouwhoogte.",
    }

    first = anna.post(f"/zaken/{ref}/berichten", data=data)
    second = anna.post(f"/zaken/{ref}/berichten", data=data)

    assert (first.status_code, second.status_code) == (303, 303)
    assert _zienswijzen(app, ref) == before + 1
    shown = " ".join(_notices(anna.get(f"/zaken/{ref}").text))
    assert "Dit formulier was al verstuurd: de brief is één keer geregistreerd" in shown, shown
    again = status_form(anna.get(f"/zaken/{ref}").text)  # a new form registers the next letter
    assert anna.post(f"/zaken/{ref}/berichten", data={**data, **again}).status_code == 303
    assert _zienswijzen(app, ref) == before + 2


def test_the_same_form_sent_to_the_cases_id_url_registers_nothing_more(app):
    """The case page answers at /zaken/<reference> and /zaken/<id>: one rendered form posted to both
    registered the letter twice, the claim being on the URL's text (review pentest13, 7)."""
    ref, _ = _ter_inzage(app)
    with app.extensions["ruimteflow"].uow(write=False) as uow:
        case_id = uow.session.scalars(select(Case.id).where(Case.reference == ref)).one()
    anna = _login(app, "anna")
    before = _zienswijzen(app, ref)
    data = {
        **status_form(anna.get(f"/zaken/{ref}").text),
        "bericht": "zienswijze",
        "ontvangen_op": _day(app, 1),
        "indiener": "K. de Wit",
        "tekst": "Te weinig parkeerplaatsen.",
    }

    first = anna.post(f"/zaken/{ref}/berichten", data=data)
    second = anna.post(f"/zaken/{case_id}/berichten", data=data)

    assert (first.status_code, second.status_code) == (303, 303)
    assert _zienswijzen(app, ref) == before + 1


def test_a_post_without_the_forms_submission_token_registers_nothing(app):
    ref, _ = _ter_inzage(app)
    anna = _login(app, "anna")
    token = csrf_from(anna.get(f"/zaken/{ref}").text)
    before = _state(app, ref)
    data = {"csrf_token": token, "bericht": "zienswijze", "ontvangen_op": _day(app, 1), "tekst": "Hoog."}
    resp = anna.post(f"/zaken/{ref}/berichten", data=data)
    assert resp.status_code == 422 and "Het formulier is verlopen" in _form(resp.text)
    assert "Hoog." in _form(resp.text)  # what was typed stays
    assert _state(app, ref) == before


def test_an_ingebrekestelling_is_offered_once_the_beslistermijn_passed(app, clock):
    """As on the status page (messages.due_now), by today's date: a letter received after the term is
    registered after it; one received within it is refused at its receipt day (review sessie12, 4)."""
    ref, _ = _ter_inzage(app)
    anna = _login(app, "anna")
    page = anna.get(f"/zaken/{ref}").text
    assert "ingebrekestelling" not in re.findall(r'<option value="([a-z_]+)"', _form(page))
    with app.extensions["ruimteflow"].uow(write=False) as uow:
        last = (
            uow.session.scalars(select(Case).where(Case.reference == ref))
            .one()
            .uiterlijke_einddatum_afdoening
        )
    assert last is not None
    clock.advance(days=(last - today(clock)).days + 3)

    anna = _login(app, "anna")  # months later: a new session
    page = anna.get(f"/zaken/{ref}").text
    assert "ingebrekestelling" in re.findall(r'<option value="([a-z_]+)"', _form(page))
    before = _state(app, ref)
    early = {**status_form(page), "bericht": "ingebrekestelling", "ontvangen_op": last.isoformat()}
    resp = anna.post(f"/zaken/{ref}/berichten", data=early)
    error = re.search(r'id="fout-bericht-ontvangen_op">([^<]*)<', _form(resp.text))
    assert resp.status_code == 422 and error and "pas na afloop van de termijn" in error.group(1)
    assert _state(app, ref) == before
    late = {**early, "ontvangen_op": _day(app, 1)}
    assert anna.post(f"/zaken/{ref}/berichten", data=late).status_code == 303
    assert _state(app, ref)[1]["dwangsom"]["ingebrekestelling_ontvangen"] == _day(app, 1)


def _waiting_for(app: Any, message: str) -> str:
    with app.extensions["ruimteflow"].uow(write=False) as uow:
        running = uow.session.scalars(select(Case).where(Case.status == "lopend").order_by(Case.id))
        return next(c.reference for c in running if message in waiting_of(c).messages)


def test_the_officer_is_told_what_the_case_recorded_not_the_applicants_words(app):
    """The success message leaves out the history lines written to the applicant ("Uw aanvulling is
    ontvangen", "Uw aanvraag is ingetrokken") (review sessie12, 5)."""
    anna = _login(app, "anna")
    for message in ("aanvulling", "intrekking"):
        ref = _waiting_for(app, message)
        data = {
            **status_form(anna.get(f"/zaken/{ref}").text),
            "bericht": message,
            "ontvangen_op": _day(app, 1),
        }
        resp = anna.post(f"/zaken/{ref}/berichten", data={**data, "tekst": "Per post."})
        assert resp.status_code == 303, (message, resp.status_code)
        shown = " ".join(_notices(anna.get(f"/zaken/{ref}").text))
        assert f"{message.capitalize()} is geregistreerd bij zaak {ref}." in shown, shown
        assert "Uw " not in shown and "de gemeente neemt er geen besluit op" not in shown, shown
