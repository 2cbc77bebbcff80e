"""Tester finding (input, 2): invalid polygons were silently repaired.

A bowtie (self-intersecting) polygon sent to ``POST /api/v1/zaken`` or drawn on the public application
form was stored as a two-part MULTIPOLYGON without a word; ``POST /api/v1/locatiecheck`` accepted a
polygon whose hole lies outside it and one without area. Every entry point now refuses such a polygon
with the same Dutch reason and the place it goes wrong (gis.geometry_input.validity_problem), and stores
nothing; a valid polygon is still accepted.
"""

from __future__ import annotations

import html
import json
from typing import Any

import pytest
from flask import Flask

from tests.e2e import kaart_status_fixtures as fx
from tests.e2e.modeleditor_fixtures import editor_app, editor_platform, editor_template
from tests.e2e.test_api_bad_input import table_counts
from tests.e2e.test_api_round4 import ACTIVITEIT, bearer, platform_of, problem
from tests.e2e.test_status_http import apply

__all__ = ["editor_app", "editor_platform", "editor_template"]  # the fixtures of the model editor's app
app, clock, demo_layers = fx.app, fx.clock, fx.demo_layers

X, Y = 6.42, 52.015  # inside Ruimtedal (WGS84)
BOWTIE = {
    "type": "Polygon",
    "coordinates": [[[X, Y], [X + 0.002, Y + 0.002], [X + 0.002, Y], [X, Y + 0.002], [X, Y]]],
}
SQUARE = {
    "type": "Polygon",
    "coordinates": [[[X, Y], [X + 0.002, Y], [X + 0.002, Y + 0.002], [X, Y + 0.002], [X, Y]]],
}
CROSSES = "de grens van het vlak snijdt zichzelf bij (6.421, 52.016)"


@pytest.fixture
def client(editor_app: Flask) -> Any:
    return editor_app.test_client()


def _zaak(client: Any, geometrie: dict[str, Any]) -> Any:
    body = {
        "proces": "omgevingsvergunning",
        "titel": "Aanbouw",
        "gegevens": ACTIVITEIT,
        "geometrie": geometrie,
    }
    return client.post("/api/v1/zaken", json=body, headers=bearer("anna"))


def test_the_case_api_refuses_a_bowtie_and_stores_nothing(client: Any) -> None:
    before = table_counts(platform_of(client))
    body = problem(_zaak(client, BOWTIE), 400, "geometrie-ongeldig")
    assert CROSSES in body["detail"], body
    assert table_counts(platform_of(client)) == before
    assert _zaak(client, SQUARE).status_code == 201


@pytest.mark.parametrize(
    ("geometry", "reason"),
    [
        (BOWTIE, CROSSES),
        (
            {
                "type": "Polygon",
                "coordinates": [
                    SQUARE["coordinates"][0],
                    [
                        [X + 0.01, Y + 0.01],
                        [X + 0.011, Y + 0.01],
                        [X + 0.011, Y + 0.011],
                        [X + 0.01, Y + 0.01],
                    ],
                ],
            },
            "een gat ligt (deels) buiten het vlak bij (6.43, 52.025)",
        ),
        (
            {"type": "Polygon", "coordinates": [[[X, Y], [X + 0.001, Y], [X + 0.002, Y], [X, Y]]]},
            "het vlak heeft geen oppervlakte",
        ),
    ],
)
def test_the_locatiecheck_api_refuses_an_invalid_polygon(client: Any, geometry: Any, reason: str) -> None:
    feature = {"type": "Feature", "properties": {"soort": "bouwwerk"}, "geometry": geometry}
    resp = client.post(
        "/api/v1/locatiecheck",
        data=json.dumps({"type": "FeatureCollection", "features": [feature]}),
        headers={**bearer("anna"), "Content-Type": "application/geo+json"},
    )
    body = problem(resp, 400, "gis-ongeldige-geometrie")
    assert reason in body["detail"] and body["onderwerp_index"] == 0, body


def test_the_public_form_and_its_preview_refuse_a_drawn_bowtie(app: Any) -> None:
    platform = app.extensions["ruimteflow"]
    before = table_counts(platform)
    client = app.test_client()
    resp = apply(client, locatie=json.dumps(BOWTIE), coordinaat="")
    assert resp.status_code in (400, 422), resp.status_code
    shown = html.unescape(resp.text[resp.text.find('id="fout-locatie"') :][:400])
    assert CROSSES in shown and "Teken de locatie opnieuw" in shown, shown
    assert table_counts(platform) == before
    token = fx.csrf_from(client.get("/aanvragen/kaart_status_vergunning").text)
    preview = client.post(
        "/aanvragen/kaart_status_vergunning/locatiecheck",
        data={"csrf_token": token, "locatie": json.dumps(BOWTIE)},
        headers={"Accept": "application/json"},
    )
    assert preview.status_code == 400 and CROSSES in preview.get_json()["detail"], preview.text[:300]
    assert apply(client, locatie=json.dumps(SQUARE), coordinaat="").status_code == 303
