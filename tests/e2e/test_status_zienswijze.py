"""A zienswijze sent from the status page or the public status API is registered by the real model.

Review finding: during ter inzage the page offered 'Zienswijze indienen', but every submission was
refused with "Een zienswijze moet een inhoud hebben (veld 'inhoud')": the page sent
{zienswijze_tekst, ...} and the model's service reads 'inhoud'. Nothing was registered (Awb 3:15).
"""

from __future__ import annotations

from tests.e2e import kaart_status_fixtures as fx
from tests.e2e.kaart_status_fixtures import status_form
from tests.e2e.status_page import form_fields, registered_zienswijzen, ter_inzage_case

clock, demo_layers, demo_template, demo_app = fx.clock, fx.demo_layers, fx.demo_template, fx.demo_app


def test_a_zienswijze_from_the_status_page_and_the_api_is_registered(demo_app):
    case_id, code = ter_inzage_case(demo_app)
    before = registered_zienswijzen(demo_app, case_id)
    client = demo_app.test_client()
    form = status_form(client.get(f"/status/{code}").text)

    sent = client.post(f"/status/{code}/zienswijze", data={**form, "tekst": "Te hoog."})

    assert sent.status_code == 303, sent.text
    after = client.get(sent.headers["Location"].split("#")[0])
    assert "Bedankt. Uw zienswijze is ontvangen" in after.text
    registered = registered_zienswijzen(demo_app, case_id)
    assert len(registered) == len(before) + 1 and f"Zienswijze nr. {len(registered)}" in registered[-1]

    api = client.post(f"/api/v1/status/{code}/berichten/zienswijze", json={"tekst": "Ook te breed."})
    assert api.status_code == 200, api.get_json()
    assert len(registered_zienswijzen(demo_app, case_id)) == len(before) + 2


def test_the_same_zienswijze_form_posted_twice_registers_one(demo_app):
    """Review pentest12b, 1: the same form posted again (a double click, back and send again) registered
    a second zienswijze. The form carries a single-use token: the second post goes to the page of the
    first, registers nothing; a new form (the page opened again) registers a new one."""
    case_id, code = ter_inzage_case(demo_app)
    before = registered_zienswijzen(demo_app, case_id)
    client = demo_app.test_client()
    form = {
        **form_fields(client.get(f"/status/{code}").text, "zienswijze"),
        "tekst": "Ik ben tegen de bouwhoogte.",
    }

    first = client.post(f"/status/{code}/zienswijze", data=form)
    again = client.post(f"/status/{code}/zienswijze", data=form)

    assert first.status_code == again.status_code == 303, again.text
    assert again.headers["Location"] == first.headers["Location"]
    assert "Bedankt. Uw zienswijze is ontvangen" in client.get(again.headers["Location"].split("#")[0]).text
    assert len(registered_zienswijzen(demo_app, case_id)) == len(before) + 1
    other = demo_app.test_client()  # another browser cannot use this one's form
    assert other.post(f"/status/{code}/zienswijze", data=form).status_code == 400
    form = {**form_fields(client.get(f"/status/{code}").text, "zienswijze"), "tekst": "En nog iets."}
    assert client.post(f"/status/{code}/zienswijze", data=form).status_code == 303
    assert len(registered_zienswijzen(demo_app, case_id)) == len(before) + 2


def test_the_applicants_messages_count_against_the_cases_budget_an_officers_do_not(demo_app):
    """Review pentest12b, 1: the public API took a zienswijze per post with only the volgcode (100 posts,
    100 zienswijzen the besluit must answer); only messages with files were counted. Now every message of
    the volgcode's holder counts per case (Settings.status_messages_per_case_per_day); a behandelaar
    registering a neighbour's letter is never refused for it."""
    case_id, code = ter_inzage_case(demo_app)
    before = len(registered_zienswijzen(demo_app, case_id))
    per_day = 5  # the default (README, RUIMTEFLOW_STATUS_MESSAGES_PER_CASE_PER_DAY)
    url = f"/api/v1/status/{code}/berichten/zienswijze"
    answers = [demo_app.test_client().post(url, json={"tekst": f"Nummer {i}"}) for i in range(per_day + 3)]
    assert [a.status_code for a in answers] == [200] * per_day + [429] * 3, answers[-1].get_json()
    assert answers[-1].get_json()["code"] == "te-veel-pogingen" and answers[-1].headers["Retry-After"]
    assert len(registered_zienswijzen(demo_app, case_id)) == before + per_day
    client = demo_app.test_client()
    page = client.post(
        f"/status/{code}/zienswijze",
        data={**form_fields(client.get(f"/status/{code}").text, "zienswijze"), "tekst": "x"},
    )
    assert page.status_code == 429 and len(registered_zienswijzen(demo_app, case_id)) == before + per_day
    letter = {"inhoud": "Brief van de buren.", "indiener": "Fam. Buur"}
    officer = demo_app.test_client().post(
        f"/api/v1/zaken/{case_id}/berichten",
        json={"naam": "zienswijze", "gegevens": letter},
        headers={"Authorization": "Bearer demo-anna"},
    )
    assert officer.status_code == 200, officer.get_json()
    assert len(registered_zienswijzen(demo_app, case_id)) == before + per_day + 1
    assert demo_app.extensions["ruimteflow"].settings.status_messages_per_case_per_day == per_day
