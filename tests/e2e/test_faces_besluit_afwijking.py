"""The besluit editor of the task page and the API refuse a permit over a negative advice without a reason for
it, naming the point (the form keeps what was typed; the API answers problem+json 422 naming the field),
and print the reason given next to the advice (review besluit14, finding 3)."""

from __future__ import annotations

import io
import re

from pypdf import PdfReader

from services import users
from services.demo_users import demo_user
from tests.e2e.casefile_fixtures import to_besluit

REDEN = "Met het geluidscherm uit voorschrift 1 wordt de geluidnorm gehaald."


#: Milieu's advice is 'niet akkoord'
NEGATIVE_MILIEU = (
    ("mila", "Advies Milieu", {"oordeel": "niet_akkoord", "toelichting": "Geluid te hoog."}),
    ("eva", "Advies Energie", {"oordeel": "akkoord"}),
)


BASE = {
    "uitkomst": "verlenen",
    "besluitdatum": "2026-03-02",
    "verzenddatum": "2026-03-02",
    "motivering": "Past in het omgevingsplan.",
}


def test_the_task_page_asks_a_reason_for_granting_over_a_negative_advice(browser_for, faces_platform):
    case, task = to_besluit(browser_for, faces_platform, advices=NEGATIVE_MILIEU)
    tom = browser_for("tom")
    page = tom.get(f"/taken/{task['id']}").text
    assert (
        '<label for="afwijking-1">Reden om te verlenen ondanks het advies van Milieu (niet akkoord)</label>'
        in page
    )
    assert 'name="afwijking_adviezen.Milieu"' in page
    resp = tom.post(
        f"/taken/{task['id']}/besluit", {**BASE, "voorschrift": ["Geluidscherm"], "actie": "definitief"}
    )
    assert resp.status_code == 422
    assert "De vergunning wordt verleend ondanks het advies van Milieu (niet akkoord)." in resp.text
    assert ">Past in het omgevingsplan.</textarea>" in resp.text and ">Geluidscherm</textarea>" in resp.text
    assert 'name="afwijking_adviezen.Milieu" rows="3" maxlength="5000" aria-invalid="true"' in resp.text
    resp = tom.post(
        f"/taken/{task['id']}/besluit",
        {**BASE, "afwijking_adviezen.Milieu": REDEN, "actie": "definitief"},
    )
    assert resp.status_code == 200 and "Het besluit is definitief gemaakt" in resp.text
    doc_id = re.search(rf"/zaken/{case['zaak']}/documenten/(\d+)", resp.text).group(1)
    got = tom.get(f"/zaken/{case['zaak']}/documenten/{doc_id}/inhoud")
    text = " ".join(" ".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(got.data)).pages).split())
    assert f"Geluid te hoog. Afwijking van advies (artikel 3:50 Algemene wet bestuursrecht): {REDEN}" in text


def test_the_api_names_the_field_of_the_missing_reason(browser_for, faces_platform):
    case, task = to_besluit(browser_for, faces_platform, advices=NEGATIVE_MILIEU)
    _, naam, rol, groepen = demo_user("tom")
    users.add_user(faces_platform, "tom", groups=groepen, role=rol, display_name=naam, token="t-tom")
    client = browser_for().client
    url = f"/api/v1/zaken/{case['zaak']}/besluit"
    headers = {"Authorization": "Bearer t-tom"}
    body = dict(BASE)
    resp = client.post(url, json=body, headers=headers)
    assert resp.status_code == 422 and resp.mimetype == "application/problem+json"
    problem = resp.get_json()
    assert problem["code"] == "afwijking-zonder-reden" and problem["veld"] == "afwijking_adviezen.Milieu"
    assert "het advies van Milieu (niet akkoord)" in problem["detail"]
    resp = client.post(url, json={**body, "afwijking_adviezen": {"Milieu": REDEN}}, headers=headers)
    assert resp.status_code == 201, resp.get_json()
