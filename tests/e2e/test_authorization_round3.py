"""Authorization holes found by the third tester round, on the demo: an initiator's token set the legal
start data of its own permit (a backdated Wabo application was granted van rechtswege at once); the
map panel and the linked cases showed what the case file hides; the locatiecheck API gave initiators
the internal rules."""

from __future__ import annotations

import json
from typing import Any

import pytest
from sqlalchemy import text

from tests.e2e import kaart_status_fixtures as fx
from tests.e2e.test_api_bad_input import table_counts

clock, demo_layers, demo_template, demo_app = fx.clock, fx.demo_layers, fx.demo_template, fx.demo_app
POINT = {"type": "Point", "coordinates": [6.42, 52.015]}  # inside the demo municipality


def bearer(name: str) -> dict[str, str]:
    return {"Authorization": f"Bearer demo-{name}"}


def _start(client: Any, who: str, gegevens: dict[str, Any], geometrie: dict[str, Any] = POINT) -> Any:
    body = {
        "proces": "omgevingsvergunning",
        "titel": "Aanbouw",
        "locatie": "Dorpsstraat 1",
        "geometrie": geometrie,
        "crs": "EPSG:4326",
        "gegevens": gegevens,
    }
    return client.post("/api/v1/zaken", json=body, headers=bearer(who))


def test_an_initiator_cannot_set_the_receipt_day_or_the_legal_regime(demo_app: Any) -> None:
    client, platform = demo_app.test_client(), demo_app.extensions["ruimteflow"]
    before = table_counts(platform)
    backdated = {"activiteiten": ["technische_bouwactiviteit"], "ontvangen": "2023-11-01", "regime": "wabo"}
    resp = _start(client, "coop", backdated)
    assert resp.status_code == 403, resp.text[:300]
    problem = json.loads(resp.text)
    assert problem["code"] == "startgegeven-niet-toegestaan"
    assert "ontvangen" in problem["detail"] and "regime" in problem["detail"]
    assert table_counts(platform) == before


def test_an_initiator_starts_with_the_fields_of_the_application_form(demo_app: Any) -> None:
    client = demo_app.test_client()
    resp = _start(client, "coop", {"activiteiten": ["technische_bouwactiviteit"], "toelichting": "Aanbouw"})
    assert resp.status_code == 201, resp.text[:300]
    assert json.loads(resp.text)["status"] == "lopend"


def test_an_officer_may_register_a_paper_application_with_its_receipt_day(demo_app: Any) -> None:
    client = demo_app.test_client()
    resp = _start(client, "anna", {"activiteiten": ["technische_bouwactiviteit"], "ontvangen": "2026-02-20"})
    assert resp.status_code == 201, resp.text[:300]
    assert json.loads(resp.text)["uiterlijkeEinddatumAfdoening"] == "2026-04-17"  # 8 weeks from 20 Feb


def test_an_applicant_cannot_register_a_location_outside_the_municipality(demo_app: Any) -> None:
    """As on the public form: the Dam in Amsterdam is not Ruimtedal's (the API gave 201 and a legal term).
    Staff may still register such a case (a neighbour's request, another bevoegd gezag)."""
    client, platform = demo_app.test_client(), demo_app.extensions["ruimteflow"]
    dam = {"type": "Point", "coordinates": [4.8897, 52.3740]}
    gegevens = {"activiteiten": ["technische_bouwactiviteit"]}
    before = table_counts(platform)
    for outsider in ("coop", "mila"):  # an initiator, an outside party (Omgevingsdienst)
        resp = _start(client, outsider, gegevens, dam)
        assert resp.status_code == 400, (outsider, resp.text[:300])
        problem = json.loads(resp.text)
        assert problem["code"] == "buiten-gemeente" and "bevoegd gezag" in problem["detail"]
    assert table_counts(platform) == before
    assert _start(client, "anna", gegevens, dam).status_code == 201


def _demo_ref(demo_app: Any, sql: str) -> str:
    """The first reference the query finds in the demo database (the demo's references follow its
    simulation, so the tests look a case up by what it has instead of naming it)."""
    platform = demo_app.extensions["ruimteflow"]
    with platform.uow(write=False) as uow:
        ref = uow.session.execute(text(sql)).scalars().first()
    assert ref, sql
    return str(ref)


#: a case an Omgevingsdienst adviser works on that has an internal conflict (a Bevi contour)
OMGEVINGSDIENST_WITH_INTERN = (
    "select z.reference from zaak z join human_task t on t.case_id = z.id "
    "where t.candidate_groups like '%Omgevingsdienst%' "
    "and exists (select 1 from case_conflict k where k.case_id = z.id and k.intern) order by z.reference"
)


def _most_linked(*groups: str) -> str:
    """The case with the most linked cases (among those a task of one of ``groups`` belongs to)."""
    likes = " or ".join(f"t.candidate_groups like '%{g}%'" for g in groups)
    where = f"where exists (select 1 from human_task t where t.case_id = z.id and ({likes}))"
    return (
        "select z.reference from zaak z join case_link l on l.case_id = z.id "
        f"{where if groups else ''} group by z.reference order by count(*) desc, z.reference"
    )


def test_the_map_panel_shares_what_the_case_file_shares(demo_app: Any) -> None:
    """mila (Omgevingsdienst, an outside party) saw internal conflicts and other teams' tasks."""
    client = demo_app.test_client()
    ref = _demo_ref(demo_app, OMGEVINGSDIENST_WITH_INTERN)
    case = json.loads(client.get(f"/api/v1/zaken/{ref}", headers=bearer("mila")).text)
    panel = json.loads(client.get(f"/api/v1/kaart/zaken/{ref}", headers=bearer("mila")).text)
    assert [k for k in panel["conflicten"] if k["intern"]] == []
    assert {t["naam"] for t in panel["open_taken"]} == {t["naam"] for t in case["open_taken"]}
    assert all("Omgevingsdienst" in t["groepen"] for t in panel["open_taken"])
    officer = json.loads(client.get(f"/api/v1/kaart/zaken/{ref}", headers=bearer("anna")).text)
    assert [k["regel"] for k in officer["conflicten"] if k["intern"]]  # the municipality still sees them


def test_linked_cases_are_only_those_the_caller_may_open(demo_app: Any) -> None:
    client = demo_app.test_client()
    mila = ("Milieu", "Omgevingsdienst", "Veiligheidsregio", "Drinkwaterbedrijf")
    for who, groups in (("mila", mila), ("eva", ("Energie en Klimaat",))):
        ref = _demo_ref(demo_app, _most_linked(*groups))
        panel = json.loads(client.get(f"/api/v1/kaart/zaken/{ref}", headers=bearer(who)).text)
        case = json.loads(client.get(f"/api/v1/zaken/{ref}", headers=bearer(who)).text)
        for link in [*panel["gekoppelde_zaken"], *case["gekoppelde_zaken"]]:
            opened = client.get(f"/api/v1/zaken/{link['zaak']}", headers=bearer(who))
            assert opened.status_code == 200, (who, ref, link["zaak"])
    most = _demo_ref(demo_app, _most_linked())
    admin = json.loads(client.get(f"/api/v1/kaart/zaken/{most}", headers=bearer("bea")).text)
    # the links themselves are still there (_most_linked counts case_link rows: one per case and reason)
    assert sum(len(link["redenen"]) for link in admin["gekoppelde_zaken"]) >= 3


def test_the_locatiecheck_api_gives_an_initiator_the_public_view(demo_app: Any) -> None:
    platform = demo_app.extensions["ruimteflow"]
    with platform.uow(write=False) as uow:
        wkt = uow.session.execute(
            text(
                "select z.geometry_wkt from zaak z join case_conflict k on k.case_id = z.id "
                "where k.intern and z.geometry_wkt is not null limit 1"
            )
        ).scalar_one()
    from shapely import wkt as shapely_wkt
    from shapely.geometry import mapping

    body = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "geometry": mapping(shapely_wkt.loads(wkt)),
                "properties": {"soort": "windturbine"},
            }
        ],
    }
    client = demo_app.test_client()
    url = "/api/v1/locatiecheck?crs=EPSG:28992"
    officer = json.loads(client.post(url, json=body, headers=bearer("anna")).text)
    assert [k for k in officer["conflicten"] if k["intern"]]  # the municipality sees the internal rules
    coop = json.loads(client.post(url, json=body, headers=bearer("coop")).text)
    assert coop["conflicten"] and [k for k in coop["conflicten"] if k["intern"]] == []


def test_the_map_counts_only_the_conflicts_the_caller_may_see(demo_app: Any) -> None:
    """mila's map feature counted the internal Bevi conflict the case file hides from her."""
    client = demo_app.test_client()
    ref, url = _demo_ref(demo_app, OMGEVINGSDIENST_WITH_INTERN), "/api/v1/kaart/zaken?bbox=3,50,8,54&zoom=18"
    for who in ("mila", "anna"):
        features = json.loads(client.get(url, headers=bearer(who)).text)["features"]
        [feature] = [f["properties"] for f in features if f["properties"].get("zaak") == ref]
        case = json.loads(client.get(f"/api/v1/zaken/{ref}", headers=bearer(who)).text)
        standing = [k for k in case["conflicten"] if not k.get("overschreven")]
        assert feature["conflicten"] == len(standing), who


def test_the_public_timeline_counts_only_the_remarks_the_status_page_lists(demo_app: Any) -> None:
    """Tester finding: near a Bevi site the public line said 'Locatiecheck uitgevoerd: 1 aandachtspunt(en)'
    while the page listed none: it counted the internal conflict (and one row per nearby feature)."""
    from pyproj import Transformer

    client = demo_app.test_client()
    lon, lat = Transformer.from_crs("EPSG:28992", "EPSG:4326", always_xy=True).transform(227300, 447400)
    resp = _start(
        client,
        "anna",
        {"activiteiten": ["technische_bouwactiviteit"]},
        {"type": "Point", "coordinates": [lon, lat]},
    )
    assert resp.status_code == 201, resp.text[:300]
    started = json.loads(resp.text)
    case = json.loads(client.get(f"/api/v1/zaken/{started['zaak']}", headers=bearer("anna")).text)
    assert [k for k in case["conflicten"] if k["intern"]], "the location has an internal conflict"
    status = json.loads(client.get(f"/api/v1/status/{started['volgcode']}").text)
    [line] = [e["tekst"] for e in status["tijdlijn"] if e["tekst"].startswith("Locatiecheck uitgevoerd")]
    assert (
        line == f"Locatiecheck uitgevoerd: {len(status['aandachtspunten'])} aandachtspunt(en) op de locatie"
    )


@pytest.mark.parametrize(
    ("gegevens", "field"),
    [
        ({"email": "geen email"}, "email"),
        ({"omschrijving": "x" * 200_000}, "omschrijving"),
        ({"omschrijving": {"a": 1}}, "omschrijving"),
        ({"naam": "n" * 200_000}, "naam"),
        ({"activiteiten": ["bestaat_niet"]}, "activiteiten"),
    ],
)
def test_an_initiators_start_data_meet_the_application_form(
    demo_app: Any, gegevens: dict[str, Any], field: str
) -> None:
    """Review finding: the API checked only the names of an initiator's start data, so 'geen email'
    became the case's e-mail address (a receipt mail was queued to it), and a text of 200,000
    characters or a dict as omschrijving (title "{'a': 1}") was stored. The form refuses all of them."""
    client, platform = demo_app.test_client(), demo_app.extensions["ruimteflow"]
    before = table_counts(platform)
    resp = _start(client, "coop", {"activiteiten": ["technische_bouwactiviteit"], **gegevens})
    assert resp.status_code == 400, resp.text[:300]
    problem = json.loads(resp.text)
    assert problem["code"] == "startgegevens-ongeldig" and field in problem["fouten"], problem
    assert table_counts(platform) == before


def test_an_initiators_start_data_may_leave_a_field_null_or_give_a_number_as_text(demo_app: Any) -> None:
    """Review of the check above: a null for an optional field, and a number as text (which the form
    accepts), were refused with 'verkeerd type'."""
    client = demo_app.test_client()
    gegevens = {"activiteiten": ["technische_bouwactiviteit"], "toelichting": None, "bouwkosten": "12500"}
    resp = _start(client, "coop", gegevens)
    assert resp.status_code == 201, resp.text[:300]


def test_an_initiators_windpark_starts_with_its_numbers_read_as_the_form_reads_them(demo_app: Any) -> None:
    """Review of the check above: it read '4,2' as a number, but the case started with the text, which
    the windpark's intake then refused ('moet een getal zijn, niet '4,2''), and a null share became
    'niet None'. The case now starts with the values as the form gives them."""
    client = demo_app.test_client()
    gegevens = {
        "soort": "wind",
        "vermogen_mw": "4,2",
        "aantal_turbines": "1",
        "naam": "Park De Kamp",
        "initiatiefnemer_type": "energiecoöperatie",
        "lokaal_eigendom_pct": None,
    }
    body = {
        "proces": "windpark",
        "titel": "Park",
        "geometrie": POINT,
        "crs": "EPSG:4326",
        "gegevens": gegevens,
    }
    resp = client.post("/api/v1/zaken", json=body, headers=bearer("coop"))
    assert resp.status_code == 201, resp.text[:300]
