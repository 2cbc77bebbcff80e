"""The public application form knows its municipality (issue 16.2): a location outside it is refused
with who is bevoegd gezag instead, Dutch amounts are read, and the markers say what is required."""

from __future__ import annotations

import json as json_module
import re
from typing import Any

import pytest

from gis.crs import transformer
from services.status import application_forms, intake
from tests.e2e import kaart_status_fixtures as fx
from tests.e2e.test_api_bad_input import table_counts
from tests.e2e.test_status_http import FORM, apply

app, clock, demo_layers = fx.app, fx.clock, fx.demo_layers
DAM_AMSTERDAM = "52.3731, 4.8926"


def platform_of(app: Any) -> Any:
    return app.extensions["ruimteflow"]


def test_an_application_at_the_dam_in_amsterdam_is_refused_with_the_bevoegd_gezag(app):
    before = table_counts(platform_of(app))
    resp = apply(app.test_client(), coordinaat=DAM_AMSTERDAM)
    assert resp.status_code == 400
    text = resp.text
    assert "buiten gemeente Ruimtedal" in text and "niet het bevoegd gezag" in text
    assert "burgemeester en wethouders van de gemeente waar de activiteit plaatsvindt" in text
    assert "Omgevingsloket" in text
    assert table_counts(platform_of(app)) == before


def test_just_across_the_border_names_the_neighbouring_municipality(app):
    from services.gemeentegebied import gemeentegebied

    area = gemeentegebied(platform_of(app))
    assert area is not None
    minx, miny, maxx, maxy = area.area.bounds
    lon, lat = transformer(28992, 4326).transform(maxx + 400, (miny + maxy) / 2)
    before = table_counts(platform_of(app))
    resp = apply(app.test_client(), coordinaat=f"{lat:.6f}, {lon:.6f}")
    assert resp.status_code == 400
    assert "De locatie ligt waarschijnlijk in gemeente" in resp.text
    assert table_counts(platform_of(app)) == before


def test_a_location_inside_the_municipality_is_registered(app):
    assert apply(app.test_client()).status_code == 303


@pytest.mark.parametrize(
    ("typed", "amount"),
    [
        ("€ 12.500", 12500.0),
        ("12.500,50", 12500.5),
        ("12.500", 12500.0),
        ("EUR 7.250,-", 7250.0),
        ("950", 950.0),
    ],
)
def test_dutch_amounts_are_read(typed, amount):
    form = application_forms.APPLICATION_FORMS["omgevingsvergunning"]
    clean, errors = intake.validate_application(form, {**FORM, "bouwkosten": typed})
    assert "bouwkosten" not in errors, errors
    assert clean["bouwkosten"] == amount


def test_an_amount_in_euro_notation_passes_the_whole_form(app):
    assert apply(app.test_client(), bouwkosten="€ 12.500").status_code == 303


def test_required_markers_and_the_coordinate_field(app):
    page = app.test_client().get("/aanvragen/kaart_status_vergunning").text
    assert "coördinaat in (optioneel)" not in page  # it is required when the map is not clicked
    assert "Verplicht als u geen locatie op de kaart kiest" in page
    assert 'Geschatte bouwkosten (euro) <span class="optioneel">(optioneel)</span>' in page
    assert 'Naam aanvrager <span class="verplicht">(verplicht)</span>' in page


@pytest.mark.parametrize("form", ["kaart_status_vergunning", "kaart_status_wind"])
def test_the_applicants_name_and_email_say_their_purpose(app, form):
    """WCAG 1.3.5: a browser or assistive tool fills in and recognises the applicant's own details."""
    page = app.test_client().get(f"/aanvragen/{form}").text
    fields = {m.group(1): m.group(0) for m in re.finditer(r'<input id="veld-(\w+)"[^>]*>', page)}
    assert 'autocomplete="name"' in fields["aanvrager"], fields["aanvrager"]
    assert 'autocomplete="email"' in fields["email"], fields["email"]
    assert 'autocomplete="postal-code"' in page  # the address lookup's postcode, as before
    assert "autocomplete" not in fields["omschrijving"]  # the plan's name is no detail of the applicant


def test_address_lookup_over_http(app):
    from services import adressen

    adressen.load(
        platform_of(app),
        [
            {
                "postcode": "7391AB",
                "huisnummer": "12",
                "straat": "Dorpsstraat",
                "woonplaats": "Ruimtedal",
                "x": 226050,
                "y": 448050,
            }
        ],
        bron="test",
    )
    client = app.test_client()
    json = {"Accept": "application/json"}
    found = client.get("/aanvragen/adres?postcode=7391+ab&huisnummer=12", headers=json)
    assert found.status_code == 200 and found.json["adres"] == "Dorpsstraat 12, 7391 AB Ruimtedal"
    bad = client.get("/aanvragen/adres?postcode=abc&huisnummer=12", headers=json)
    assert bad.status_code == 400 and bad.mimetype == "application/problem+json"
    assert "Vul een geldige postcode in" in bad.json["detail"]
    missing = client.get("/aanvragen/adres?postcode=7391AB&huisnummer=13", headers=json)
    assert missing.status_code == 404 and "adressenregister" in missing.json["detail"]


def test_locatiecheck_before_submitting_and_the_boundary(app):
    client = app.test_client()
    token = fx.csrf_from(client.get("/aanvragen/kaart_status_vergunning").text)
    json = {"Accept": "application/json"}
    url = "/aanvragen/kaart_status_vergunning/locatiecheck"
    inside = client.post(url, data={"csrf_token": token, "coordinaat": FORM["coordinaat"]}, headers=json)
    assert inside.status_code == 200 and inside.json["binnen_gemeente"] is True
    assert inside.json["aandachtspunten"] or inside.json["melding"]
    assert all("intern" not in a for a in inside.json["aandachtspunten"])
    outside = client.post(url, data={"csrf_token": token, "coordinaat": DAM_AMSTERDAM}, headers=json)
    assert outside.json["binnen_gemeente"] is False and "bevoegd gezag" in outside.json["melding"]
    none = client.post(url, data={"csrf_token": token}, headers=json)
    assert none.status_code == 400 and "Geef de locatie aan" in none.json["detail"]
    assert client.post(url, data={"coordinaat": DAM_AMSTERDAM}, headers=json).status_code == 400  # no token
    assert client.post("/aanvragen/bestaat_niet/locatiecheck", headers=json).status_code == 404
    grens = client.get("/aanvragen/gemeentegrens").json
    assert grens["geometry"]["type"] in ("Polygon", "MultiPolygon")


def _points(n: int) -> str:
    """A drawn MultiPoint of ``n`` points inside the demo municipality (WGS84 GeoJSON text)."""
    coordinates = [[round(6.415 + 0.00005 * i, 6), 52.015] for i in range(n)]
    return json_module.dumps({"type": "MultiPoint", "coordinates": coordinates})


def test_the_location_has_at_most_the_forms_number_of_points(app):
    """The anonymous preview checked 10,000 points (6.8 s, 1.8 GB): the form's own maximum caps it."""
    cap = application_forms.MAX_LOCATION_POINTS
    assert (
        dict((f.name, f.maximum) for f in application_forms.APPLICATION_FORMS["windpark"].fields)[
            "aantal_turbines"
        ]
        == cap
    )
    client = app.test_client()
    token = fx.csrf_from(client.get("/aanvragen/kaart_status_vergunning").text)
    url = "/aanvragen/kaart_status_vergunning/locatiecheck"
    headers = {"Accept": "application/json"}
    ok = client.post(url, data={"csrf_token": token, "locatie": _points(cap)}, headers=headers)
    assert ok.status_code == 200 and ok.json["binnen_gemeente"] is True
    for n in (cap + 1, 10_000):
        refused = client.post(url, data={"csrf_token": token, "locatie": _points(n)}, headers=headers)
        assert refused.status_code == 400 and refused.json["code"] == "locatie-te-veel-punten"
        assert f"ten hoogste {cap} punten" in refused.json["detail"]
    before = table_counts(platform_of(app))
    resp = apply(app.test_client(), coordinaat="", locatie=_points(cap + 1))
    assert resp.status_code == 400 and f"ten hoogste {cap} punten" in resp.text
    assert table_counts(platform_of(app)) == before


def test_the_form_map_shows_public_layers_only(app):
    client = app.test_client()
    page = client.get("/aanvragen/kaart_status_vergunning").text
    assert 'data-lagen="natura2000|Natura 2000-gebieden;bevi_contour|' in page
    url = "/aanvragen/kaart_status_vergunning/kaartlagen"
    natura = client.get(f"{url}/natura2000?bbox=6.2,51.9,6.6,52.1&zoom=12")
    assert natura.status_code == 200 and natura.mimetype == "application/geo+json"
    assert natura.json["type"] == "FeatureCollection" and natura.json["features"]
    assert client.get(f"{url}/woningen?bbox=6.2,51.9,6.6,52.1&zoom=12").status_code == 404  # not public here
    assert (
        client.get(f"{url}/natura2000?bbox=a,b&zoom=12", headers={"Accept": "application/json"}).status_code
        == 400
    )


def test_the_helpers_of_a_form_not_offered_answer_as_its_page(app):
    """The form's locatiecheck and public layers follow the rule of its page (application_forms.offered_form):
    here the omgevingsvergunning has a form but is not deployed, so its page is a 404, and so are they (the
    locatiecheck ran, the layers were served)."""
    client = app.test_client()
    token = fx.csrf_from(client.get("/aanvragen/kaart_status_vergunning").text)
    json = {"Accept": "application/json"}
    assert client.get("/aanvragen/omgevingsvergunning").status_code == 404
    check = client.post(
        "/aanvragen/omgevingsvergunning/locatiecheck",
        data={"csrf_token": token, "coordinaat": FORM["coordinaat"]},
        headers=json,
    )
    assert check.status_code == 404 and check.json["code"] == "aanvraag-onbekend", check.text[:300]
    layer = client.get("/aanvragen/omgevingsvergunning/kaartlagen/natura2000?bbox=6.2,51.9,6.6,52.1&zoom=12")
    assert layer.status_code == 404
