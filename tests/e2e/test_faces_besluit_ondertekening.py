"""A besluit is signed in mandaat: "Namens het college van burgemeester en wethouders ..., <naam>, <functie>"
(Awb 10:10), in the letter and as the PDF's author. The task page asks who signs, proposing the officer who
makes the besluit; the API takes the signer too and proposes the same (review besluit14, finding 5: every
besluit ended "Ondertekening / Het college van burgemeester en wethouders van de gemeente Ruimtedal", and the
task page never passed a signer)."""

from __future__ import annotations

import io
import re
from typing import Any

from pypdf import PdfReader

from services import users
from services.demo_users import demo_user
from services.documents import list_documents
from tests.e2e.casefile_fixtures import to_besluit

NAMENS = "Namens het college van burgemeester en wethouders van de gemeente Ruimtedal"
BASE = {
    "uitkomst": "verlenen",
    "besluitdatum": "2026-03-02",
    "verzenddatum": "2026-03-02",
    "motivering": "Past in het omgevingsplan.",
}


def _pdf(browser: Any, ref: str, page: str) -> PdfReader:
    doc_id = re.search(rf"/zaken/{ref}/documenten/(\d+)", page).group(1)
    return PdfReader(io.BytesIO(browser.get(f"/zaken/{ref}/documenten/{doc_id}/inhoud").data))


def _tekst(reader: PdfReader) -> str:
    """The letter's text without any white space (the extraction splits "Tom" as "T om")."""
    return "".join("".join(p.extract_text() or "" for p in reader.pages).split())


def _kaal(text: str) -> str:
    return "".join(text.split())


def test_the_task_page_asks_who_signs_and_the_letter_says_on_whose_behalf(
    browser_for, faces_platform, monkeypatch
):
    case, task = to_besluit(browser_for, faces_platform, monkeypatch)
    tom = browser_for("tom")
    page = tom.get(f"/taken/{task['id']}").text
    assert '<label for="besluit-ondertekenaar">Naam van de ondertekenaar</label>' in page
    assert 'name="ondertekenaar" value="Tom Bakker"' in page  # the officer who makes it, by default
    assert 'name="ondertekenaar_functie" value="teamleider"' in page
    resp = tom.post(
        f"/taken/{task['id']}/besluit",
        {
            **BASE,
            "ondertekenaar": "Mr. J. de Wit",
            "ondertekenaar_functie": "teamleider Vergunningen",
            "actie": "definitief",
        },
    )
    assert resp.status_code == 200 and "Het besluit is definitief gemaakt" in resp.text
    reader = _pdf(tom, case["zaak"], resp.text)
    assert _kaal(f"Ondertekening {NAMENS}, Mr. J. de Wit teamleider Vergunningen") in _tekst(reader)
    assert _kaal("Ondertekening Het college") not in _tekst(reader)
    assert reader.metadata.author == f"{NAMENS}, Mr. J. de Wit, teamleider Vergunningen"
    besluit = [
        d
        for d in list_documents(faces_platform, case["zaak"], "tom")
        if d["informatieobjecttype"] == "besluit"
    ]
    assert besluit[0]["auteur"] == f"{NAMENS}, Mr. J. de Wit, teamleider Vergunningen"


def test_the_api_signs_with_the_caller_unless_it_names_another(browser_for, faces_platform, monkeypatch):
    case, _ = to_besluit(browser_for, faces_platform, monkeypatch)
    _, naam, rol, groepen = demo_user("tom")
    users.add_user(faces_platform, "tom", groups=groepen, role=rol, display_name=naam, token="t-tom")
    client = browser_for().client
    resp = client.post(
        f"/api/v1/zaken/{case['zaak']}/besluit", json=BASE, headers={"Authorization": "Bearer t-tom"}
    )
    assert resp.status_code == 201, resp.get_json()
    assert resp.get_json()["auteur"] == f"{NAMENS}, Tom Bakker, teamleider"
    tom = browser_for("tom")
    got = tom.get(f"/zaken/{case['zaak']}/documenten/{resp.get_json()['id']}/inhoud")
    reader = PdfReader(io.BytesIO(got.data))
    assert _kaal(f"{NAMENS}, Tom Bakker teamleider") in _tekst(reader)
    assert reader.metadata.author == f"{NAMENS}, Tom Bakker, teamleider"


def test_an_account_without_a_display_name_is_asked_who_signs(browser_for, faces_platform, monkeypatch):
    """Review sessie14, 4: such an account signed with its login name; the task page now proposes no signer
    and asks one, and the API refuses a final besluit without one (422, naming the field)."""
    case, task = to_besluit(browser_for, faces_platform, monkeypatch)
    _, _, rol, groepen = demo_user("tom")
    users.add_user(faces_platform, "id-7c1e", groups=groepen, role=rol, password="demo", token="t-id")
    officer = browser_for("id-7c1e")
    page = officer.get(f"/taken/{task['id']}").text
    assert 'name="ondertekenaar" value="" maxlength="100" required' in page
    resp = officer.post(f"/taken/{task['id']}/besluit", {**BASE, "actie": "concept"})
    assert "de naam van de ondertekenaar" in resp.text and "id-7c1e" not in resp.text.split('id="besluit"')[1]
    resp = officer.post(f"/taken/{task['id']}/besluit", {**BASE, "actie": "definitief"})
    assert resp.status_code == 422 and 'aria-invalid="true"' in resp.text
    client = browser_for().client
    api = client.post(
        f"/api/v1/zaken/{case['zaak']}/besluit", json=BASE, headers={"Authorization": "Bearer t-id"}
    )
    assert api.status_code == 422 and api.mimetype == "application/problem+json"
    assert (
        api.get_json()["code"] == "besluit-zonder-ondertekenaar" and api.get_json()["veld"] == "ondertekenaar"
    )
    named = {**BASE, "ondertekenaar": "Mr. J. de Wit", "ondertekenaar_functie": "teamleider Vergunningen"}
    api = client.post(
        f"/api/v1/zaken/{case['zaak']}/besluit", json=named, headers={"Authorization": "Bearer t-id"}
    )
    assert api.status_code == 201, api.get_json()
    assert api.get_json()["auteur"] == f"{NAMENS}, Mr. J. de Wit, teamleider Vergunningen"
