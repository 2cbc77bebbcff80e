"""The forms' single-use claim (services/status/submissions.py) is bound to the case in the transaction
that starts it or takes the message, through each face that posts with it: the application form, the
status page's message forms and the officer's "Bericht registreren" (review of ``once``). A post whose
case committed before something after it raised is answered with that case on the next post of the form,
never sent a second time; no bind runs after the commit, so none can fail there and leave the form
"nog verwerkt"."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy.exc import OperationalError

from services import cases, inbox
from services.documents.service import NewDocument, import_document
from services.status import intake, submissions
from tests.e2e import kaart_status_fixtures as fx
from tests.e2e.harness import logged_in, status_form
from tests.e2e.test_faces_aanvulling_per_post import _drawing_requested, _letter, _suspended
from tests.e2e.test_public_resubmit import URL, counts, form_fields
from tests.e2e.test_status_http import FORM, started
from tests.integration.document_helpers import pdf
from web.status import statuspagina

app, clock, demo_layers, demo_database = fx.app, fx.clock, fx.demo_layers, fx.demo_database
demo_app = fx.testing_demo_app


def then_raise(monkeypatch: pytest.MonkeyPatch, module: Any, name: str) -> list[int]:
    """``module.name`` does its work (its case or message committed) and then raises, as a mail, the
    answer or a lost connection may after the commit; returns how often it ran."""
    real, ran = getattr(module, name), []

    def committed_then_raised(*args: Any, **kwargs: Any) -> Any:
        ran.append(1)
        real(*args, **kwargs)
        raise ConnectionResetError("de verbinding is verbroken na het opslaan")

    monkeypatch.setattr(module, name, committed_then_raised)
    return ran


def no_bind_after_the_commit(monkeypatch: pytest.MonkeyPatch) -> None:
    """The bind in a transaction of its own (what ran after the case's commit) fails: a lost connection."""

    def lost(*args: Any) -> None:
        raise OperationalError("UPDATE counter", {}, Exception("de verbinding met de database is verbroken"))

    monkeypatch.setattr(submissions, "bind", lost)


def test_an_application_whose_answer_failed_after_the_commit_is_one_case(app, monkeypatch):
    """The retry of the form (after the error page) goes to the case's "ontvangen" page; it started a
    second case before (the claim was given back although the case existed)."""
    client = app.test_client()
    hidden = form_fields(client)
    before = counts(app)
    ran = then_raise(monkeypatch, intake, "submit_application")
    failed = client.post(URL, data={**hidden, **FORM})
    assert failed.status_code == 500
    again = client.post(URL, data={**hidden, **FORM})
    assert again.status_code == 303, again.text[:600]
    assert ran == [1] and counts(app) == (before[0] + 1, before[1] + 1)
    assert "Uw aanvraag is ontvangen" in client.get(again.headers["Location"]).text


def test_an_application_form_is_not_left_running_by_a_failed_bind(app, monkeypatch):
    """Every later post of the form waited 5 s and was answered "nog verwerkt" when the bind after the
    commit failed (its claim stayed in progress): now the claim is bound with the case."""
    client = app.test_client()
    hidden = form_fields(client)
    before = counts(app)
    no_bind_after_the_commit(monkeypatch)
    first = client.post(URL, data={**hidden, **FORM})
    assert first.status_code == 303, first.text[:600]
    again = client.post(URL, data={**hidden, **FORM})
    assert again.status_code == 303 and again.headers["Location"] == first.headers["Location"]
    assert counts(app) == (before[0] + 1, before[1] + 1)


def test_a_status_page_message_whose_answer_failed_after_the_commit_is_registered_once(app, monkeypatch):
    """The retry of the aanvulling's form is thanked, not refused because the case no longer waits for
    it (409: it was sent again)."""
    client = app.test_client()
    platform = app.extensions["ruimteflow"]
    code = started(client)
    [task] = inbox.list_tasks(platform, "anna")["taken"]
    cases.complete_task(platform, task["id"], "anna", {"compleet": False})  # asks for an aanvulling
    form = {**status_form(client.get(f"/status/{code}").text), "tekst": "Hierbij de tekeningen."}
    no_bind_after_the_commit(monkeypatch)  # the message's form binds its claim with the message too
    ran = then_raise(monkeypatch, statuspagina, "send_public")
    failed = client.post(f"/status/{code}/aanvulling", data=form)
    assert failed.status_code == 500
    again = client.post(f"/status/{code}/aanvulling", data=form)
    assert again.status_code == 303, again.text[:600]
    assert "Bedankt. Uw aanvulling is ontvangen" in client.get(again.headers["Location"].split("#")[0]).text
    timeline = client.get(f"/api/v1/status/{code}").json["tijdlijn"]
    assert [e["tekst"] for e in timeline].count("Uw aanvulling is ontvangen") == 1 and ran == [1]


def test_a_letter_form_binds_its_claim_with_the_letter(demo_app, monkeypatch):
    """The officer's "Bericht registreren" (through the API's use case) binds its claim in the letter's
    transaction too: registered, the bind after the commit failing (it is not run)."""
    ref = _drawing_requested(demo_app)
    import_document(
        demo_app.extensions["ruimteflow"], ref, pdf("gevelaanzicht"), NewDocument("bijlage", "gevel.pdf")
    )
    no_bind_after_the_commit(monkeypatch)
    registered = _letter(demo_app, logged_in(demo_app, "anna"), ref)
    assert registered.status_code == 303, registered.text[:600]
    assert not _suspended(demo_app, ref)
