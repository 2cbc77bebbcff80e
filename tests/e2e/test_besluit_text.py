"""The texts of a besluit (motivering, voorschriften, the signer, answers and reasons) are printed in the
letter the applicant receives: a bidi or control character is refused at its field (processes.tekens),
over the API and in the besluit editor, nothing stored; a text of invisible characters alone is none (a
motivering of them is missing); accents, emoji and line breaks stay."""

from __future__ import annotations

import re
from typing import Any

from services import cases
from tests.e2e.casefile_fixtures import stored_state, to_besluit
from tests.e2e.test_api_documenten import assert_problem, auth, client, zaak
from tests.integration.document_helpers import snapshot_all

__all__ = ["client", "zaak"]  # the fixtures of test_api_documenten

BODY = {"uitkomst": "verlenen", "motivering": "Past in het omgevingsplan.", "voorschriften": ["Hek 2 m."]}


def _to_besluit_task(platform: Any, zaak: str) -> None:
    beoordelen = cases.get_case(platform, zaak)["open_taken"][0]
    cases.complete_task(platform, beoordelen["id"], "anna", {"compleet": True})  # to 'Besluit nemen'


def test_the_api_refuses_a_besluit_text_with_a_refused_character(client, zaak, platform):
    _to_besluit_task(platform, zaak)
    before = snapshot_all(platform)
    for change, veld, found in (
        ({"motivering": "Past \u202ein het plan"}, "motivering", "leesrichting omkeert"),
        ({"voorschriften": ["Goed.", "Hek\u0085van 2 m."]}, "voorschriften.1", "stuurteken"),
        ({"ondertekenaar": "J.\tJansen"}, "ondertekenaar", "stuurteken"),
        (
            {"afwijking_adviezen": {"Milieu": "Toch \u2066verlenen"}},
            "afwijking_adviezen.Milieu",
            "leesrichting",
        ),
    ):
        for url in (f"/api/v1/zaken/{zaak}/besluit/concept", f"/api/v1/zaken/{zaak}/besluit"):
            resp = client.post(url, json={**BODY, **change}, headers=auth("t-anna"))
            problem = assert_problem(resp, 400, "tekst-ongeldig")
            assert problem["veld"] == veld and found in problem["fouten"][veld], problem
    assert snapshot_all(platform) == before
    good = {
        **BODY,
        "motivering": "Past in het plan 👍\nZie de adviezen (café Zoë).",
        "ondertekenaar": "Zoë Ürün",
    }
    resp = client.post(f"/api/v1/zaken/{zaak}/besluit/concept", json=good, headers=auth("t-anna"))
    assert resp.status_code == 200, resp.get_json()
    assert "Zoë Ürün" in resp.get_json()["html"] and "café Zoë" in resp.get_json()["html"]


def test_the_editor_refuses_them_and_takes_an_invisible_motivering_as_missing(
    browser_for, faces_platform, monkeypatch
):
    _, task = to_besluit(browser_for, faces_platform, monkeypatch)
    tom, url = browser_for("tom"), f"/taken/{task['id']}/besluit"
    base = {"uitkomst": "verlenen", "besluitdatum": "2026-03-02", "verzenddatum": "2026-03-02"}
    before = stored_state(faces_platform)
    resp = tom.post(
        url, {**base, "voorschrift": ["Hek."], "motivering": "Past \u202eniet", "actie": "definitief"}
    )
    assert resp.status_code == 422
    fout = resp.text[resp.text.find('id="besluit-fout"') :][:400]
    assert "De motivering bevat een onzichtbaar teken dat de leesrichting omkeert" in fout, fout
    resp = tom.post(
        url, {**base, "voorschrift": ["Hek."], "motivering": "\u200b\u2060", "actie": "definitief"}
    )
    assert resp.status_code == 422
    assert "Vul eerst in: de motivering." in resp.text
    assert stored_state(faces_platform) == before
    resp = tom.post(
        url,
        {
            **base,
            "voorschrift": ["Hek 🏗️."],
            "motivering": "Past.",
            "ondertekenaar": "\u200b",
            "actie": "concept",
        },
    )
    assert resp.status_code == 200
    srcdoc = re.search(r'srcdoc="([^"]*)"', resp.text)
    assert srcdoc and "Tom Bakker" in srcdoc.group(1) and "\u200b" not in srcdoc.group(1)
