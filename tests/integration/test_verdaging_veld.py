"""A verdaging refused as too long or too late is a 422 naming its field, in the API and on the task page
(review20 F9d). It was a 400 without a field for "te laat": the README promises a form's refusal with its
field, as the task page gave 422 with the message above the form. The weeks are the field of "te lang",
the choice 'verdagen' itself (``actie``) that of "te laat".

Dates (test_omgevingsvergunning): received Monday 2 March 2026, the term ends Tuesday 28 April 2026.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from services import users
from tests.e2e.harness import logged_in
from tests.e2e.kaart_status_fixtures import csrf_from
from tests.integration import test_omgevingsvergunning as ov
from tests.integration.core_helpers import snapshot
from tests.integration.test_omgevingsvergunning import Omgeving
from tests.integration.test_wup_velden import at_field
from web import create_app

z, locatie = ov.z, ov.locatie
PASSWORD = "verdagen-2026"
TOKEN = {"Authorization": "Bearer token-anna"}
TAAK = "Aanvraag inhoudelijk"


def _app(z: Omgeving) -> Any:
    users.add_user(z.p, "anna", groups=["Vergunningen"], password=PASSWORD, token="token-anna")
    return create_app(z.p.settings, platform=z.p)


def _refused_via_api(z: Omgeving, app: Any, data: dict[str, Any]) -> dict[str, Any]:
    before = snapshot(z.p)
    task = z.taak("anna", TAAK)["id"]
    resp = app.test_client().post(f"/api/v1/taken/{task}/voltooien", headers=TOKEN, json={"gegevens": data})
    assert resp.status_code == 422, resp.get_json()
    assert snapshot(z.p) == before
    return dict(resp.get_json())


def test_a_verdaging_too_long_or_too_late_is_a_422_naming_its_field(z: Omgeving) -> None:
    z.tot_beoordeling()
    app = _app(z)
    te_lang = {"actie": "verdagen", "verdaging_weken": 8, "verdaging_reden": "veel werk"}
    problem = _refused_via_api(z, app, te_lang)
    assert problem["code"] == "verdaging-te-lang" and problem["veld"] == "verdaging_weken", problem
    z.clock.set(datetime(2026, 4, 29, 9, 0, tzinfo=UTC))  # the term ended; no step moved the form yet
    te_laat = {"actie": "verdagen", "verdaging_weken": 2, "verdaging_reden": "te laat"}
    problem = _refused_via_api(z, app, te_laat)
    assert problem["code"] == "verdaging-te-laat" and problem["veld"] == "actie", problem
    assert "verdagen kan tot en met de laatste dag van de termijn (28 april 2026)" in problem["detail"]


def test_the_task_page_shows_a_verdaging_too_late_at_the_choice(z: Omgeving) -> None:
    z.tot_beoordeling()
    z.clock.set(datetime(2026, 4, 29, 9, 0, tzinfo=UTC))
    client = logged_in(_app(z), "anna", PASSWORD)
    task = z.taak("anna", TAAK)["id"]
    form = {"actie": "verdagen", "verdaging_weken": "2", "verdaging_reden": "Advies Milieu."}
    token = csrf_from(client.get(f"/taken/{task}").text)
    resp = client.post(f"/taken/{task}", data={**form, "csrf_token": token})
    assert resp.status_code == 422
    assert "verdagen kan tot en met de laatste dag van de termijn (28 april 2026)" in at_field(
        resp.text, "veld-actie"
    )
    assert "Advies Milieu." in resp.text  # what was typed stays


def test_past_the_term_the_task_page_shows_no_verdaging_fields(z: Omgeving) -> None:
    """Review verdagingform: past the term the page offered no 'Verdagen' but still showed its weeks and
    reason (the model's instruction text still says when verdagen is possible: a model version's text)."""
    z.tot_beoordeling()
    app = _app(z)
    task = z.taak("anna", TAAK)["id"]
    page = logged_in(app, "anna", PASSWORD).get(f"/taken/{task}").text
    assert "Verdagen met (weken)" in page and "Reden van de verdaging" in page
    z.op(datetime(2026, 4, 29, 9, 0, tzinfo=UTC))
    page = logged_in(app, "anna", PASSWORD).get(f"/taken/{task}").text  # the first session timed out
    assert 'name="actie"' in page and 'name="beoordeling"' in page
    assert "Verdagen met (weken)" not in page and "verdaging_weken" not in page
    assert "Reden van de verdaging" not in page and "verdaging_reden" not in page


def test_a_verdaging_of_weeks_that_are_no_whole_number_is_a_422_naming_its_field(z: Omgeving) -> None:
    """Review S20, 7: `verdaging-ongeldig` was a 422 for 0 weeks but a 400 for weeks that are no whole
    number: 3.0 passes the form's "integer" (JSON Schema counts it as one) and the term's check refused it
    with a plain ValidationError. One code, one status: a 422 at `verdaging_weken`, as "te lang"."""
    z.tot_beoordeling()
    app = _app(z)
    data = {"actie": "verdagen", "verdaging_weken": 3.0, "verdaging_reden": "advies Milieu"}
    problem = _refused_via_api(z, app, data)
    assert problem["code"] == "verdaging-ongeldig" and problem["veld"] == "verdaging_weken", problem
    assert "De verdaging (in weken) moet een geheel getal zijn" in problem["detail"], problem
