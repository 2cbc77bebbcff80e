"""A message the case's budget refuses comes back at its form on the status page, in Dutch, with what was
typed (review status13): the page answered the 429 of RUIMTEFLOW_STATUS_MESSAGES_PER_CASE_PER_DAY (and of
the hourly budget of messages with files) with the generic error page, so a long zienswijze was lost and
the applicant did not learn when it could be sent again, nor that a letter or a call always can."""

from __future__ import annotations

import io
from datetime import timedelta

from markupsafe import escape

from services.clock import tijdstip_nl
from tests.e2e import kaart_status_fixtures as fx
from tests.e2e.harness import page_text
from tests.e2e.status_page import (
    error_summary,
    form_fields,
    refusal_at_the_form,
    registered_zienswijzen,
    ter_inzage_case,
)
from tests.e2e.test_upload_sizes import post_multipart, waiting_for_aanvulling
from tests.integration.document_helpers import EXE, pdf

app, clock, demo_layers = fx.app, fx.clock, fx.demo_layers
demo_app, demo_template = fx.demo_app, fx.demo_template


def test_a_zienswijze_over_the_cases_budget_comes_back_at_its_form_with_the_text_kept(demo_app):
    platform = demo_app.extensions["ruimteflow"]
    case_id, code = ter_inzage_case(demo_app)
    before = len(registered_zienswijzen(demo_app, case_id))
    url = f"/api/v1/status/{code}/berichten/zienswijze"
    for i in range(platform.settings.status_messages_per_case_per_day):
        assert demo_app.test_client().post(url, json={"tekst": f"Nummer {i}"}).status_code == 200
    client = demo_app.test_client()
    typed = "Ik ben het oneens met de bouwhoogte & de <schaduw> op mijn tuin.\n" * 40
    form = form_fields(client.get(f"/status/{code}").text, "zienswijze")

    page = client.post(f"/status/{code}/zienswijze", data={**form, "tekst": typed})

    assert page.status_code == 429 and page.mimetype == "text/html"
    assert page.headers["Retry-After"] == str(24 * 3600)
    the_form, refusal = refusal_at_the_form(page.text, "zienswijze")
    free = tijdstip_nl(platform.clock.now() + timedelta(hours=24))
    assert refusal.startswith("Uw bericht is niet verstuurd: voor deze aanvraag zijn te veel berichten"), (
        refusal
    )
    assert "ten hoogste 5 per 24 uur" in refusal and f"vanaf {free}" in refusal
    assert "Een brief per post of een telefoontje naar de gemeente kan altijd" in refusal
    assert "Wat u typte staat hieronder nog" in refusal and "telefoon 14 0000" in refusal  # the contact line
    assert f">{escape(typed)}</textarea>" in the_form  # the long text is kept
    assert 'aria-describedby="zienswijze-verzenden"' in the_form and 'aria-invalid="true"' not in the_form
    summary = error_summary(page.text, "zienswijze")
    assert 'href="#zienswijze-verzenden"' in summary and f"vanaf {free}" in page_text(summary)
    assert len(registered_zienswijzen(demo_app, case_id)) == before + 5

    api = demo_app.test_client().post(url, json={"tekst": typed})  # the API twin: problem+json, Retry-After
    assert api.status_code == 429 and api.mimetype == "application/problem+json"
    assert api.headers["Retry-After"] == page.headers["Retry-After"]
    assert api.get_json()["code"] == "te-veel-pogingen" and f"vanaf {free}" in api.get_json()["detail"]


def test_an_aanvulling_over_the_hourly_files_budget_comes_back_at_its_form(app):
    client, code, form = waiting_for_aanvulling(app)
    platform = app.extensions["ruimteflow"]
    object.__setattr__(platform.settings, "applications_per_address_per_hour", 1)
    typed = "Hierbij de gevelaanzichten, zoals gevraagd."
    bad = post_multipart(
        client,
        f"/status/{code}/aanvulling",
        {**form, "tekst": typed, "document_": (io.BytesIO(EXE), "a.pdf")},
    )
    assert bad.status_code == 400  # refused for its file: the files' charge stays (it paid for the check)
    good = (io.BytesIO(pdf("gevel")), "gevel.pdf")

    page = post_multipart(client, f"/status/{code}/aanvulling", {**form, "tekst": typed, "document_": good})

    assert page.status_code == 429 and page.headers["Retry-After"] == "3600"
    the_form, refusal = refusal_at_the_form(page.text, "aanvulling")
    free = tijdstip_nl(platform.clock.now() + timedelta(hours=1))
    assert "te veel berichten met documenten verstuurd (ten hoogste 1 per uur)" in refusal, refusal
    assert f"vanaf {free}" in refusal and "brief per post" in refusal
    assert "Gekozen documenten zijn niet bewaard" in refusal
    assert f">{typed}</textarea>" in the_form
    assert 'href="#aanvulling-verzenden"' in error_summary(page.text, "aanvulling")


def test_the_form_the_refusal_renders_can_be_sent_when_the_budget_frees(demo_app, clock):
    """The refusal says "verstuur het op dat moment opnieuw", up to 24 hours on: the form it renders must
    still be good then, where its token expired after four hours (review sessie13, 1)."""
    case_id, code = ter_inzage_case(demo_app)
    url = f"/api/v1/status/{code}/berichten/zienswijze"
    for i in range(demo_app.extensions["ruimteflow"].settings.status_messages_per_case_per_day):
        assert demo_app.test_client().post(url, json={"tekst": f"Nummer {i}"}).status_code == 200
    before = len(registered_zienswijzen(demo_app, case_id))
    client = demo_app.test_client()
    typed = "Mijn zienswijze over de bouwhoogte."
    refused = client.post(
        f"/status/{code}/zienswijze",
        data={**form_fields(client.get(f"/status/{code}").text, "zienswijze"), "tekst": typed},
    )
    assert refused.status_code == 429

    clock.advance(seconds=int(refused.headers["Retry-After"]) + 60)
    again = client.post(
        f"/status/{code}/zienswijze", data={**form_fields(refused.text, "zienswijze"), "tekst": typed}
    )

    assert again.status_code == 303, page_text(again.text)[:600]
    assert len(registered_zienswijzen(demo_app, case_id)) == before + 1
