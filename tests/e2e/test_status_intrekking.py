"""Tester finding (initiator11 #4): the policy lets the volgcode holder withdraw (intrekking) and object
(bezwaar), but no initiator page offered either; POST /status/<code>/intrekking said "Er is geen
aanvraag met deze volgcode" for a valid code; after a withdrawal the page said "afgerond zonder
definitief besluit". Now the status page offers the messages the case waits for, with a confirmation
step for the irreversible intrekking, and says what happened."""

from __future__ import annotations

import re
from types import SimpleNamespace
from typing import Any

import pytest

from processes.case_summary import CaseSummary
from services import deployments, policy
from services.config import Settings
from services.status.lookup import Waiting
from services.status.messages import public_actions
from tests.e2e import kaart_status_fixtures as fx
from tests.e2e.kaart_status_fixtures import status_form
from tests.e2e.test_status_http import FORM, form_tokens

app, clock, demo_layers = fx.app, fx.clock, fx.demo_layers


def _real_permit(app: Any) -> tuple[Any, str]:
    from services.demo import model_files

    files = model_files(Settings().bpmn_dir)
    if "omgevingsvergunning.bpmn" not in {f.name for f in files}:
        pytest.skip("het procesmodel omgevingsvergunning staat (nog) niet in bpmn/")
    deployments.deploy(app.extensions["ruimteflow"], deployments.read_files(list(files)))
    client = app.test_client()
    tokens = form_tokens(client.get("/aanvragen/omgevingsvergunning").text)
    resp = client.post("/aanvragen/omgevingsvergunning", data={**tokens, **FORM})
    assert resp.status_code == 303, resp.text
    page = client.get(resp.headers["Location"]).text
    return client, re.search(r"/status/([A-Za-z0-9_-]{32})", page).group(1)  # type: ignore[union-attr]


def test_initiator_withdraws_on_the_status_page_after_confirming(app):
    client, code = _real_permit(app)
    page = client.get(f"/status/{code}").text
    assert 'id="actie-intrekking"' in page and "Aanvraag intrekken" in page
    form = status_form(page)
    # the first post only asks: nothing is sent yet
    ask = client.post(f"/status/{code}/intrekking", data={**form, "tekst": "Plan gaat niet door"})
    assert ask.status_code == 200 and "weet u het zeker?" in ask.text
    assert "neemt zij geen besluit" in ask.text and 'name="bevestigd" value="ja"' in ask.text
    assert client.get(f"/api/v1/status/{code}").json["status"] == "lopend"
    # without the CSRF token nothing happens either
    assert client.post(f"/status/{code}/intrekking", data={"bevestigd": "ja"}).status_code in (400, 403)
    done = client.post(
        f"/status/{code}/intrekking",
        data={**form, "tekst": "Plan gaat niet door", "bevestigd": "ja"},
    )
    assert done.status_code == 303, done.text
    after = client.get(done.headers["Location"]).text
    assert "Uw aanvraag is ingetrokken. De gemeente neemt er geen besluit op." in after
    status = client.get(f"/api/v1/status/{code}").json
    assert status["status"] == "afgerond"
    assert status["besluit"]["tekst"] == "Uw aanvraag is ingetrokken op 2 maart 2026; er komt geen besluit."
    assert "zonder definitief besluit" not in after
    # the case no longer waits for an intrekking: a second one is refused in words, not as a wrong code
    # (a new form from the page: a replay of the first one's form leads to its page, registers nothing)
    form = status_form(client.get(f"/status/{code}").text)
    again = client.post(f"/status/{code}/intrekking", data={**form, "tekst": "", "bevestigd": "ja"})
    assert again.status_code == 409 and "kan nu niet meer worden ingetrokken" in again.text
    assert "geen aanvraag met deze volgcode" not in again.text


def test_a_message_the_case_does_not_wait_for_is_refused_in_words(app):
    client, code = _real_permit(app)
    form = status_form(client.get(f"/status/{code}").text)
    bezwaar = client.post(f"/status/{code}/bezwaar", data={**form, "tekst": "Oneens"})
    assert bezwaar.status_code == 409 and "Er loopt nu geen bezwaartermijn" in bezwaar.text
    # within the beslistermijn an ingebrekestelling is refused in words (the page offers it once the
    # term passed, review status12 #3); a message the page never takes is 404
    early = client.post(f"/status/{code}/ingebrekestelling", data={**form, "tekst": "x"})
    assert early.status_code == 409 and "beslistermijn voorbij" in early.text
    other = client.post(f"/status/{code}/netbeheerder_antwoord", data={**form, "tekst": "x"})
    assert other.status_code == 404 and "niet via de statuspagina sturen" in other.text
    assert "geen aanvraag met deze volgcode" not in other.text
    api = client.post(f"/api/v1/status/{code}/berichten/intrekking", json={"tekst": "weg"})
    assert api.status_code == 422 and api.json["code"] == "bevestiging-nodig"
    assert client.get(f"/api/v1/status/{code}").json["status"] == "lopend"
    # a wrong code still counts against the client, whatever the message
    wrong = client.post("/status/" + "x" * 32 + "/intrekking", data=form)
    assert wrong.status_code == 404 and "geen aanvraag met deze volgcode" in wrong.text


def _case(rechtsmiddel: dict[str, str] | None) -> Any:
    return SimpleNamespace(
        id=0, process_id="omgevingsvergunning", typed_summary=CaseSummary(rechtsmiddel=rechtsmiddel)
    )


def test_bezwaar_is_offered_only_during_a_bezwaartermijn_never_for_a_beroep():
    rules = policy.rules(Settings())
    waits = Waiting({"bezwaar"})
    declared = {"aanvulling", "zienswijze", "intrekking", "bezwaar"}
    term = {"van": "2026-04-01", "tot": "2026-05-13", "tot_tekst": "13 mei 2026"}
    # no session: no besluit letter closes these messages (processes.termijnen.besluitbrief.NA_BESLUIT)
    offered = public_actions(
        None, _case({"soort": "bezwaar", **term}), "c" * 32, declared, waits, rules, None
    )
    bezwaar = [a for a in offered if a["bericht"] == "bezwaar"]
    assert bezwaar and bezwaar[0]["verwacht"] and bezwaar[0]["url"].endswith("/bezwaar")
    # an intrekking is not waited for: not offered (and not shown as "nu niet mogelijk")
    assert "intrekking" not in [a["bericht"] for a in offered]
    beroep = public_actions(None, _case({"soort": "beroep", **term}), "c" * 32, declared, waits, rules, None)
    assert "bezwaar" not in [a["bericht"] for a in beroep]  # beroep goes to the rechtbank


def test_a_crafted_link_does_not_tell_the_initiator_its_case_was_withdrawn(app):
    """Review sessie11c, finding 3: ``/status/<code>?verstuurd=intrekking`` showed "Uw aanvraag is
    ingetrokken" on a running case, so anyone knowing the code could send the initiator a link saying
    the application was gone. The thanks follow only a message this browser sent, once."""
    client, code = _real_permit(app)
    crafted = app.test_client().get(f"/status/{code}?verstuurd=intrekking").text
    assert 'id="verstuurd"' not in crafted and "is ingetrokken" not in crafted
    page = client.get(f"/status/{code}").text
    done = client.post(
        f"/status/{code}/intrekking",
        data={**status_form(page), "tekst": "Plan gaat niet door", "bevestigd": "ja"},
    )
    assert done.status_code == 303 and "verstuurd=" not in done.headers["Location"], done.headers
    assert 'id="verstuurd"' not in client.get("/status/" + "x" * 32).text  # another code's page keeps it
    shown = client.get(done.headers["Location"]).text
    assert 'id="verstuurd"' in shown and "ingetrokken" in shown
    assert 'id="verstuurd"' not in client.get(f"/status/{code}").text  # said once
