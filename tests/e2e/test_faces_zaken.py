"""Case list and search, the case page and who may see which case."""

from __future__ import annotations

import re

from sqlalchemy import select

from services.store.models import HumanTask


def _refs(html: str) -> list[str]:
    body = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0] if "<tbody>" in html else ""
    return re.findall(r">(Z-\d{4}-\d{6})</a>", body)


def test_search_by_reference_location_initiator_and_status(browser_for, start_case):
    a = start_case("Dakkapel", location="Dorpsstraat 1, Ruimtedal", initiator="J. Jansen")["zaak"]
    b = start_case("Zonnepark De Hoeve", location="Polder Oost", initiator="Energiecoöperatie Ruimtedal")[
        "zaak"
    ]
    anna = browser_for("anna")
    assert set(_refs(anna.get("/zaken").text)) == {a, b}
    assert _refs(anna.get(f"/zaken?q={b}").text) == [b]
    assert _refs(anna.get("/zaken?q=dorpsstraat").text) == [a]
    assert _refs(anna.get("/zaken?q=co%C3%B6peratie").text) == [b]
    assert _refs(anna.get("/zaken?q=100%25").text) == []  # LIKE wildcards are literal
    assert set(_refs(anna.get("/zaken?status=lopend&procedure=Kleine+vergunning").text)) == {a, b}
    assert _refs(anna.get("/zaken?status=afgerond").text) == []
    page = anna.get("/zaken?status=verzonnen")
    assert page.status_code == 200 and set(_refs(page.text)) == {a, b}


def test_case_page_shows_the_case_file(browser_for, start_case):
    ref = start_case("Dakkapel", geometry="POINT (155000 463000)")["zaak"]
    html = browser_for("anna").get(f"/zaken/{ref}").text
    assert f'<span class="zaaknummer">{ref}</span> Dakkapel' in html
    for heading in (
        "Openstaande taken",
        "Wettelijke termijn",
        "Gegevens",
        "Conflicten uit de locatiecheck",
        "Kaart",
        "Documenten",
        "Tijdlijn",
    ):
        assert f">{heading}</h2>" in html, heading
    assert "<circle " in html  # a point location is drawn as a dot
    assert "Aanvraag beoordelen</a>" in html and "nog niet opgepakt" in html


def test_advisers_see_only_cases_that_reached_their_group(browser_for, start_case, faces_platform):
    mine = start_case("Voor Juridisch")["zaak"]
    other = start_case("Alleen Vergunningen")["zaak"]
    with faces_platform.uow(write=False) as uow:
        task_id = uow.session.scalars(select(HumanTask.id).where(HumanTask.case_reference == mine)).one()
    browser_for("anna").post(f"/taken/{task_id}", {"compleet": "true"})  # now 'Besluit nemen' for Juridisch
    jet = browser_for("jet")
    assert _refs(jet.get("/zaken").text) == [mine]
    assert jet.get(f"/zaken/{mine}").status_code == 200
    refused = jet.get(f"/zaken/{other}")
    assert refused.status_code == 404 and "bestaat niet" in refused.text  # as an unknown case
    assert browser_for("tom").get(f"/zaken/{other}").status_code == 200  # team lead: every case


def test_unknown_case_is_a_dutch_404(browser_for):
    resp = browser_for("anna").get("/zaken/Z-2099-999999")
    assert resp.status_code == 404 and "bestaat niet" in resp.text
