"""The application form starts one case per form (tester report): a second post of the same form
(double click, back and send again) redirects to the first case's "ontvangen" page (one after a refused
post is sent itself: the form with its errors, never "al verstuurd"), and a client or an
e-mail address that sends too many applications within the window gets 429 and starts nothing."""

from __future__ import annotations

import dataclasses
import re
from datetime import timedelta
from typing import Any

from sqlalchemy import func, select

from services import cases, inbox
from services.clock import tijdstip_nl
from services.status import submissions
from services.store.models import Case, OutboxMessage
from tests.e2e import kaart_status_fixtures as fx
from tests.e2e.harness import status_form
from tests.e2e.test_forms_store_failure import not_sent_block
from tests.e2e.test_status_http import FORM, started
from tests.integration.test_submission_claim import Meanwhile, refused_meanwhile

app, clock, demo_layers = fx.app, fx.clock, fx.demo_layers
PROCESS = "kaart_status_vergunning"
URL = f"/aanvragen/{PROCESS}"


def counts(app: Any) -> tuple[int, int]:
    """(cases, e-mails in the outbox)."""
    with app.extensions["ruimteflow"].uow(write=False) as uow:
        s = uow.session
        n_cases = s.scalar(select(func.count()).select_from(Case))
        n_mails = s.scalar(select(func.count()).where(OutboxMessage.channel == "email"))
        return int(n_cases or 0), int(n_mails or 0)


def form_fields(client: Any) -> dict[str, str]:
    """Every hidden field of the application form (CSRF and submission token)."""
    page = client.get(URL).text
    return dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', page))


def test_the_same_form_posted_twice_starts_one_case_and_sends_one_mail(app):
    client = app.test_client()
    hidden = form_fields(client)
    before = counts(app)
    first = client.post(URL, data={**hidden, **FORM})
    assert first.status_code == 303, first.text
    second = client.post(URL, data={**hidden, **FORM})
    assert second.status_code == 303, second.text
    assert second.headers["Location"] == first.headers["Location"]
    assert counts(app) == (before[0] + 1, before[1] + 1)
    page = client.get(second.headers["Location"])
    assert "Uw aanvraag is ontvangen" in page.text


def test_a_second_form_page_may_start_a_second_case(app):
    client = app.test_client()
    before = counts(app)
    for _ in range(2):
        assert client.post(URL, data={**form_fields(client), **FORM}).status_code == 303
    assert counts(app)[0] == before[0] + 2


def test_a_post_without_the_token_of_its_form_starts_nothing(app):
    client = app.test_client()
    hidden = form_fields(client)
    before = counts(app)
    resp = client.post(URL, data={**FORM, "csrf_token": hidden["csrf_token"]})
    assert resp.status_code == 400
    assert "Het formulier is verlopen" in resp.text
    assert counts(app) == before


def limited(app: Any, **budget: int) -> None:
    platform = app.extensions["ruimteflow"]
    platform.settings = dataclasses.replace(platform.settings, **budget)


def test_a_flood_from_one_address_gets_429_after_the_default_budget(app):
    """The tester's flood: one client, many addresses typed in the form; the default budget is 10."""
    client = app.test_client()
    before = counts(app)
    for i in range(10):
        resp = client.post(URL, data={**form_fields(client), **FORM, "email": f"p{i}@example.nl"})
        assert resp.status_code == 303, resp.text
    resp = client.post(URL, data={**form_fields(client), **FORM, "email": "p99@example.nl"})
    assert resp.status_code == 429
    assert "te veel aanvragen" in resp.text and resp.headers["Retry-After"]
    assert counts(app) == (before[0] + 10, before[1] + 10)


def test_too_many_applications_for_one_e_mail_address_get_429(app):
    limited(app, applications_per_address_per_hour=100, applications_per_email_per_hour=2)
    before = counts(app)
    for i in range(2):
        client = app.test_client()
        data = {**form_fields(client), **FORM}
        resp = client.post(URL, data=data, environ_base={"REMOTE_ADDR": f"10.0.0.{i}"})
        assert resp.status_code == 303, resp.text
    client = app.test_client()
    data = {**form_fields(client), **FORM, "email": "PIET@example.nl"}
    resp = client.post(URL, data=data, environ_base={"REMOTE_ADDR": "10.0.0.9"})
    assert resp.status_code == 429
    assert counts(app) == (before[0] + 2, before[1] + 2)


def test_an_application_refused_for_too_many_comes_back_as_the_form_with_the_wait(app, clock):
    """A 429 answered with the bare error page, the typed values lost (review, noticed and left alone): it
    comes back as the form, as after a failure of ours (web.errors.not_sent), the values kept and at its
    top that it was not sent and from when it can be; 429 with Retry-After. Sent again from then."""
    limited(app, applications_per_address_per_hour=1)
    client = app.test_client()
    before = counts(app)
    assert client.post(URL, data={**form_fields(client), **FORM}).status_code == 303
    typed = {**FORM, "omschrijving": "Dakkapel voorzijde"}
    page = client.post(URL, data={**form_fields(client), **typed})

    assert page.status_code == 429 and page.mimetype == "text/html" and page.headers["Retry-After"]
    said = not_sent_block(page.text)
    assert "Uw aanvraag is niet ingediend" in said and "te veel aanvragen verstuurd" in said
    free = clock.now() + timedelta(seconds=int(page.headers["Retry-After"]))
    assert f"U kunt uw aanvraag weer versturen vanaf {tijdstip_nl(free.replace(second=0))}." in said, said
    assert 'value="Dakkapel voorzijde"' in page.text and 'value="52.015, 6.42"' in page.text
    assert counts(app)[0] == before[0] + 1

    clock.advance(seconds=int(page.headers["Retry-After"]) + 60)
    hidden = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', page.text))
    again = client.post(URL, data={**hidden, **typed})
    assert again.status_code == 303, again.text[:600]
    assert counts(app)[0] == before[0] + 2


def test_a_double_click_at_the_same_moment_starts_one_case(app):
    """Both posts of one form arrive together (two connections, one browser session)."""
    import threading

    first = app.test_client()
    hidden = form_fields(first)
    second = app.test_client()
    cookie = first.get_cookie(app.config.get("SESSION_COOKIE_NAME", "session"))
    assert cookie is not None
    second.set_cookie(cookie.key, cookie.value)
    before = counts(app)
    answers: list[Any] = [None, None]
    start = threading.Barrier(2)

    def post(i: int, client: Any) -> None:
        start.wait()
        answers[i] = client.post(URL, data={**hidden, **FORM})

    threads = [threading.Thread(target=post, args=(i, c)) for i, c in enumerate((first, second))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert [a.status_code for a in answers] == [303, 303], [a.text for a in answers]
    assert answers[0].headers["Location"] == answers[1].headers["Location"]
    assert counts(app) == (before[0] + 1, before[1] + 1)


# -- tester finding (toegang 3): the tracking code stayed in the session cookie for as long as it lived --------
def _submitted(app: Any) -> tuple[Any, str, str]:
    """A client that just sent the form, the "ontvangen" address and the new case's tracking code."""
    client = app.test_client()
    resp = client.post(URL, data={**form_fields(client), **FORM})
    assert resp.status_code == 303, resp.text
    with app.extensions["ruimteflow"].uow(write=False) as uow:
        code = uow.session.scalars(select(Case.tracking_code).order_by(Case.id.desc())).first()
    return client, resp.headers["Location"], str(code)


def test_the_session_cookie_never_holds_the_tracking_code(app):
    client, where, code = _submitted(app)
    assert code in client.get(where).text  # the applicant sees the link once it is sent
    with client.session_transaction() as sess:
        assert code not in repr(dict(sess))
    cookie = client.get_cookie(app.config.get("SESSION_COOKIE_NAME", "session"))
    assert cookie is not None and code not in cookie.value


def test_the_received_page_stops_showing_the_link_after_half_an_hour(app, clock):
    client, where, code = _submitted(app)
    clock.advance(minutes=29)
    assert code in client.get(where).text
    clock.advance(minutes=2)
    page = client.get(where)
    assert page.status_code == 200 and code not in page.text
    assert "niet meer getoond" in page.text and "e-mail" in page.text


def test_an_old_form_token_posted_again_later_shows_no_tracking_code(app, clock):
    """The next person at a shared computer re-sends the stored form: the form has expired."""
    client = app.test_client()
    hidden = form_fields(client)
    assert client.post(URL, data={**hidden, **FORM}).status_code == 303
    with app.extensions["ruimteflow"].uow(write=False) as uow:
        code = str(uow.session.scalars(select(Case.tracking_code).order_by(Case.id.desc())).first())
    clock.advance(hours=5)
    again = client.post(URL, data={**hidden, **FORM}, follow_redirects=True)
    assert code not in again.text


# -- tester finding: a double click on a refused form was answered "Aanvraag al verstuurd" (409), nothing made --
def _first_post_running(app: Any, monkeypatch: Any, client: Any, *meanwhile: Any) -> dict[str, str]:
    """The hidden fields of a form whose first post still runs (its token claimed) while the next post
    of it waits; ``meanwhile``: what the first post does then (services.status.submissions ``once``), each
    given the platform, the token and the first post's claim (its lease)."""
    hidden = form_fields(client)
    platform = app.extensions["ruimteflow"]
    earlier, lease = submissions._claim(platform, hidden["indiening"])
    assert earlier is None
    steps = [lambda step=step: step(platform, hidden["indiening"], lease) for step in meanwhile]
    monkeypatch.setattr(submissions, "time", Meanwhile(*steps))
    return hidden


def test_a_double_click_on_a_refused_form_shows_the_form_with_its_errors(app, monkeypatch):
    """The first post is refused (a required field empty) and gives its claim back while the second
    waits for it: the second is the form again with the error, never "al verstuurd"."""
    client = app.test_client()
    hidden = _first_post_running(app, monkeypatch, client, submissions.release)
    before = counts(app)
    resp = client.post(URL, data={**hidden, **FORM, "soort_initiatiefnemer": ""})
    assert resp.status_code == 400, resp.text[:600]
    assert "al verstuurd" not in resp.text
    assert 'id="fout-soort_initiatiefnemer">Kies wie de aanvraag doet.<' in resp.text, resp.text[:600]
    assert counts(app) == before


def test_a_double_click_of_a_form_whose_first_post_failed_starts_the_one_case(app, monkeypatch):
    """The first post failed (its claim given back): the second, valid, starts the case; a third post of
    the form goes to that case's page."""
    client = app.test_client()
    hidden = _first_post_running(app, monkeypatch, client, submissions.release)
    before = counts(app)
    first = client.post(URL, data={**hidden, **FORM})
    assert first.status_code == 303, first.text[:600]
    again = client.post(URL, data={**hidden, **FORM})
    assert again.status_code == 303 and again.headers["Location"] == first.headers["Location"]
    assert counts(app) == (before[0] + 1, before[1] + 1)
    assert "Uw aanvraag is ontvangen" in client.get(first.headers["Location"]).text


def test_a_post_while_the_first_still_runs_says_so_and_starts_nothing(app, monkeypatch):
    client = app.test_client()
    hidden = _first_post_running(app, monkeypatch, client)
    before = counts(app)
    resp = client.post(URL, data={**hidden, **FORM})
    assert resp.status_code == 409 and "wordt nog verwerkt" in resp.text
    assert "Aanvraag al verstuurd" not in resp.text and "ontvangen, dan" in resp.text
    assert counts(app) == before


def test_a_double_click_of_a_valid_form_goes_to_the_case_the_first_post_starts(app, monkeypatch):
    _, _, code = _submitted(app)  # the case the first post will have started
    with app.extensions["ruimteflow"].uow(write=False) as uow:
        case_id = int(uow.session.scalars(select(Case.id).where(Case.tracking_code == code)).one())
    client = app.test_client()
    hidden = _first_post_running(
        app,
        monkeypatch,
        client,
        lambda platform, token, lease: submissions.bind(platform, token, lease, case_id),
    )
    before = counts(app)
    resp = client.post(URL, data={**hidden, **FORM})
    assert resp.status_code == 303, resp.text[:600]
    assert counts(app) == before
    assert code in client.get(resp.headers["Location"]).text


def test_a_message_form_whose_earlier_posts_were_refused_is_sent(app, monkeypatch):
    """The status page's message forms share the claim (web.indiening ``send_once``): the tester's three
    posts at once, the first two refused, the second claiming just after the first gave it back. The
    third registers the aanvulling (it answered the status page with nothing registered and no word)."""
    client = app.test_client()
    platform = app.extensions["ruimteflow"]
    code = started(client)
    [task] = inbox.list_tasks(platform, "anna")["taken"]
    cases.complete_task(platform, task["id"], "anna", {"compleet": False})  # asks for an aanvulling
    form = status_form(client.get(f"/status/{code}").text)
    refused_meanwhile(monkeypatch)
    sent = client.post(f"/status/{code}/aanvulling", data={**form, "tekst": "Hierbij de tekeningen."})
    assert sent.status_code == 303, sent.text[:600]
    assert "Bedankt. Uw aanvulling is ontvangen" in client.get(sent.headers["Location"].split("#")[0]).text
    timeline = client.get(f"/api/v1/status/{code}").json["tijdlijn"]
    assert "Uw aanvulling is ontvangen" in [e["tekst"] for e in timeline]
