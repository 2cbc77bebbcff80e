"""Bad input on the public application form and the faces: a Dutch 400, nothing stored (issue #10)."""

from __future__ import annotations

import json
import time
from typing import Any

import pytest

from tests.e2e import kaart_status_fixtures as fx
from tests.e2e.kaart_status_fixtures import csrf_from
from tests.e2e.test_api_bad_input import huge_polygon, table_counts
from tests.e2e.test_status_http import FORM, apply

app, clock, demo_layers = fx.app, fx.clock, fx.demo_layers


def platform_of(app: Any) -> Any:
    return app.extensions["ruimteflow"]


@pytest.mark.parametrize("value", ["nan", "NaN", "inf", "-Infinity", "1e400"])
def test_nan_and_infinity_in_a_form_number_are_refused(app, value):
    before = table_counts(platform_of(app))
    resp = apply(app.test_client(), bouwkosten=value)
    assert resp.status_code == 400, resp.status_code
    assert "moet een getal zijn" in resp.text
    assert table_counts(platform_of(app)) == before


def test_huge_polygon_on_the_public_form_is_refused_quickly(app):
    before = table_counts(platform_of(app))
    started = time.process_time()
    resp = apply(app.test_client(), coordinaat="", locatie=json.dumps(huge_polygon(480_000)))
    assert resp.status_code in (400, 413)
    assert "hoekpunten" in resp.text or "groter dan toegestaan" in resp.text
    assert time.process_time() - started < 5
    assert table_counts(platform_of(app)) == before


def test_polygon_over_the_vertex_cap_on_the_public_form_is_refused(app):
    before = table_counts(platform_of(app))
    resp = apply(app.test_client(), coordinaat="", locatie=json.dumps(huge_polygon(20_000)))
    assert resp.status_code == 400 and "hoekpunten" in resp.text
    assert table_counts(platform_of(app)) == before


@pytest.mark.parametrize("field", ["omschrijving", "aanvrager", "locatie_naam"])
def test_nul_in_a_public_form_field_is_refused(app, field):
    before = table_counts(platform_of(app))
    resp = apply(app.test_client(), **{field: "Aan\x00bouw"})
    assert resp.status_code == 400
    assert "stuurteken" in resp.text
    assert table_counts(platform_of(app)) == before


def test_nul_in_the_login_form_and_a_huge_id_in_a_face_url_are_4xx(app):
    client = app.test_client()
    token = csrf_from(client.get("/inloggen").text)
    resp = client.post(
        "/inloggen", data={"gebruikersnaam": "anna\x00", "wachtwoord": "demo", "csrf_token": token}
    )
    assert resp.status_code == 400 and "stuurteken" in resp.text
    client.post("/inloggen", data={"gebruikersnaam": "anna", "wachtwoord": "demo", "csrf_token": token})
    assert client.get("/taken/99999999999999999999999").status_code in (400, 404)
    for url in ("/inbox?pagina=99999999999999999999999", "/zaken?pagina=-99999999999999999999999"):
        resp = client.get(url)
        assert resp.status_code == 400 and "ten hoogste" in resp.text, url


def test_a_good_application_still_works(app):
    resp = apply(app.test_client(), **FORM)
    assert resp.status_code == 303


def test_a_deeply_nested_drawing_on_the_public_form_is_refused(app):
    """50,000 nested brackets raised a RecursionError past the location parser: a 500 without login."""
    before = table_counts(platform_of(app))
    resp = apply(app.test_client(), coordinaat="", locatie="[" * 50_000 + "]" * 50_000)
    assert resp.status_code == 400, resp.status_code
    assert "De getekende locatie is niet leesbaar" in resp.text
    assert table_counts(platform_of(app)) == before


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("aanvrager", "Klik op https://betaal.example/gemeente om uw leges te voldoen"),
        ("aanvrager", "Ga naar www.betaal.example"),
        ("omschrijving", "Aanbouw, zie http://evil.example"),
    ],
)
def test_a_web_address_in_the_name_or_title_that_the_receipt_mail_repeats_is_refused(app, field, value):
    """Documents review (suspected, left in the last notes): the public form mails its receipt to any
    address, repeating the name and the plan's title, so anyone could make the municipality send a
    link of their choosing to a stranger. A name or a plan's title holds no web address."""
    before = table_counts(platform_of(app))
    resp = apply(app.test_client(), **{field: value})
    assert resp.status_code == 400, resp.status_code
    assert "mag geen internetadres bevatten" in resp.text
    assert table_counts(platform_of(app)) == before


def test_a_typed_coordinate_outside_the_netherlands_is_refused_in_the_order_the_form_asks(app):
    """Review wup17 F6: the help says 'Breedte, lengte', and '52.0, 200' was refused with 'WGS84-coördinaten
    (lengte, breedte) liggen niet in Nederland.', which suggests the other order."""
    before = table_counts(platform_of(app))
    resp = apply(app.test_client(), coordinaat="52.0, 200", locatie="")
    assert resp.status_code == 400, resp.status_code
    assert "De coördinaat 52.0, 200 (breedte, lengte) ligt niet in Nederland." in resp.text
    assert "(lengte, breedte)" not in resp.text
    assert table_counts(platform_of(app)) == before
