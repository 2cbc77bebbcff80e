"""Dates out of range, Unicode digits and huge ids in the API, the faces and the public pages: a Dutch
4xx, never a 500, and nothing changes (an outside tester's findings; each was a 500 before)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e.test_api_bad_input import refused, table_counts

TOM = {"Authorization": "Bearer demo-tom"}
ANNA = {"Authorization": "Bearer demo-anna"}


@pytest.fixture
def api(faces_app: Any) -> Any:
    return faces_app.test_client()


@pytest.mark.parametrize(
    "query", ["mijlpaal_tot=9999-12-31", "mijlpaal_van=0001-01-01", "mijlpaal_van=9999-01-01"]
)
def test_map_dates_out_of_range_are_refused(api, query):
    resp = api.get(f"/api/v1/kaart/zaken?bbox=5,51,8,54&zoom=10&{query}", headers=ANNA)
    body = refused(resp, 400)
    assert body["code"] == "datum-ongeldig" and "buiten het toegestane bereik" in body["detail"]


@pytest.mark.parametrize("query", ["tot=9999-12-31", "van=0001-01-01&tot=0001-01-05", "tot=0001-01-05"])
def test_heatmap_period_out_of_range_is_refused_in_the_api_and_on_the_page(api, browser_for, query):
    resp = api.get(f"/api/v1/modellen/vergunning_klein/wachttijden?{query}", headers=TOM)
    body = refused(resp, 400)
    assert body["code"] == "periode-ongeldig" and "buiten het toegestane bereik" in body["detail"]
    page = browser_for("tom").get(f"/wachttijden/vergunning_klein?{query}")
    assert page.status_code == 400 and "buiten het toegestane bereik" in page.text


@pytest.mark.parametrize(
    ("field", "value", "code"),
    [
        ("verzenddatum", "9999-11-20", "ongeldige-datum"),
        ("besluitdatum", "0001-01-01", "ongeldige-datum"),
        ("verzenddatum", "0001-01-01", "ongeldige-datum"),
        ("besluitdatum", "2020-01-01", "besluitdatum-voor-ontvangst"),
        ("verzenddatum", "2020-01-01", "verzenddatum-voor-ontvangst"),
    ],
)
def test_besluit_dates_out_of_range_or_before_receipt_are_refused(
    api, faces_platform, start_case, field, value, code
):
    ref = start_case()["zaak"]
    before = table_counts(faces_platform)
    body = {"uitkomst": "verlenen", "motivering": "x", field: value}
    problem = refused(api.post(f"/api/v1/zaken/{ref}/besluit/concept", json=body, headers=ANNA), 400)
    assert problem["code"] == code and field in problem["detail"]
    assert table_counts(faces_platform) == before


def test_besluit_on_the_day_of_receipt_is_drafted(api, faces_platform, start_case):
    case = start_case()
    from services.store.models import Case

    with faces_platform.uow(write=False) as uow:
        received = uow.session.get(Case, case["id"]).received_on.isoformat()
    body = {"uitkomst": "verlenen", "motivering": "x", "besluitdatum": received, "verzenddatum": received}
    resp = api.post(f"/api/v1/zaken/{case['zaak']}/besluit/concept", json=body, headers=ANNA)
    assert resp.status_code == 200, resp.text


@pytest.mark.parametrize("url", ["/zaken/²", "/zaken/99999999999999999999", "/zaken/2147483648"])
def test_unicode_digits_and_huge_ids_on_the_case_page_are_4xx(browser_for, url):
    resp = browser_for("anna").get(url)
    assert resp.status_code in (400, 404), resp.status_code
    assert "ten hoogste" in resp.text or "bestaat niet" in resp.text or "niet gevonden" in resp.text.lower()


@pytest.mark.parametrize("periode", ["²", "99999999999999999999", "٣٦٥"])
def test_dashboard_with_unicode_or_huge_period_is_no_500(browser_for, periode):
    resp = browser_for("tom").get(f"/dashboard?periode={periode}")
    assert resp.status_code in (200, 400), resp.status_code
    if resp.status_code == 200:
        assert "Laatste jaar" in resp.text


@pytest.mark.parametrize("document", ["²", "99999999999999999999", "2147483648"])
def test_public_document_with_unicode_or_huge_id_is_4xx(browser_for, start_case, document):
    code = start_case()["volgcode"]
    resp = browser_for().get(f"/status/{code}/documenten/{document}")
    assert resp.status_code in (400, 404), resp.status_code


@pytest.mark.parametrize(
    ("field", "value", "words"),
    [
        ("verzenddatum", "9999-11-20", "buiten het toegestane bereik"),
        ("besluitdatum", "0001-01-01", "buiten het toegestane bereik"),
        ("verzenddatum", "2020-01-01", "vóór de ontvangst van de aanvraag"),
    ],
)
def test_besluit_form_refuses_the_same_dates(browser_for, faces_platform, monkeypatch, field, value, words):
    from tests.e2e.casefile_fixtures import stored_state, to_besluit

    _, task = to_besluit(browser_for, faces_platform, monkeypatch)
    before = stored_state(faces_platform)
    resp = browser_for("tom").post(
        f"/taken/{task['id']}/besluit",
        {"uitkomst": "verlenen", "motivering": "x", field: value, "actie": "definitief"},
    )
    assert resp.status_code == 422 and words in resp.text and field in resp.text
    assert stored_state(faces_platform) == before
