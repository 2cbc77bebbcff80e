"""One check and one repair for an incoming geometry: the locatiecheck API and a case start agree (gis11 #4).

Before, the API put shapely's English text in its Dutch detail ("Input operand 0 does not have enough
dimensions", "'float' object is not iterable"), accepted an unclosed ring and a MultiPolygon with an
empty part without a word, and repaired a self-overlapping ring to 40,000 m2 where a case start made
30,000 m2 of it.
"""

from __future__ import annotations

import re

import pytest
import shapely
from shapely import wkt

from gis import errors
from gis.subjects import parse_subjects
from processes.errors import ValidationError
from services.geometry import to_rd_wkt

SOORTEN = frozenset({"bouwwerk"})
SQUARE = [[5.0, 52.0], [5.01, 52.0], [5.01, 52.01], [5.0, 52.01], [5.0, 52.0]]
ENGLISH = re.compile(r"operand|dimensions|object is not|iterable|signature|Points of|linestring|must be")


def _api_error(geometry: dict) -> ValidationError:
    body = {
        "type": "FeatureCollection",
        "features": [{"type": "Feature", "properties": {"soort": "bouwwerk"}, "geometry": geometry}],
    }
    with pytest.raises(ValidationError) as caught:
        parse_subjects(body, SOORTEN)
    return caught.value


def _case_error(geometry: dict) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        to_rd_wkt(geometry)
    return caught.value


@pytest.mark.parametrize(
    ("geometry", "reason"),
    [
        ({"type": "Point", "coordinates": [4.35]}, "een positie heeft twee of drie getallen (x, y), niet 1"),
        ({"type": "Polygon", "coordinates": [4.35, 52.0]}, "een Polygon heeft coördinaten van de vorm"),
        ({"type": "Polygon", "coordinates": [SQUARE[:4]]}, "ring 1 van een Polygon is niet gesloten"),
        ({"type": "Polygon", "coordinates": [SQUARE[:3]]}, "ring 1 van een Polygon heeft 3 posities"),
        ({"type": "MultiPolygon", "coordinates": [[SQUARE], []]}, "deel 2 van een MultiPolygon is leeg"),
        ({"type": "LineString", "coordinates": [[5.0, 52.0], "x"]}, "een positie moet een lijst"),
        (
            {
                "type": "GeometryCollection",
                "geometries": [{"type": "MultiPolygon", "coordinates": [[SQUARE], []]}],
            },
            "deel 2 van een MultiPolygon is leeg",
        ),
    ],
)
def test_bad_coordinates_get_one_dutch_reason_in_the_api_and_at_the_case_start(geometry, reason):
    api, case = _api_error(geometry), _case_error(geometry)
    assert reason in api.detail and reason in case.detail
    assert api.detail.split(": ", 1)[1] == case.detail.split(": ", 1)[1]
    assert not ENGLISH.search(api.detail) and not ENGLISH.search(case.detail)
    assert api.code == errors.BAD_GEOMETRY and case.code == "geometrie-ongeldig"


def test_an_empty_part_is_refused_in_wkt_too():
    with pytest.raises(ValidationError) as caught:
        to_rd_wkt(
            "MULTIPOLYGON (((226000 448000, 226100 448000, 226100 448100, 226000 448000)), EMPTY)",
            "EPSG:28992",
        )
    assert "deel 2 van een MultiPolygon is leeg" in caught.value.detail


def test_a_self_overlapping_ring_is_repaired_alike():
    x, y = 226_000, 448_000
    loop = shapely.Polygon(
        [(x, y), (x + 200, y), (x + 200, y + 200), (x + 50, y + 200), (x + 50, y - 50), (x + 150, y - 50)]
        + [(x + 150, y + 100), (x, y + 100)]
    )
    assert not loop.is_valid
    body = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {"soort": "bouwwerk"},
                "geometry": shapely.geometry.mapping(loop),
            }
        ],
    }
    api = parse_subjects(body, SOORTEN, crs="EPSG:28992")
    case = wkt.loads(to_rd_wkt(loop.wkt, "EPSG:28992"))
    assert api.warnings[0]["code"] == "geometrie-hersteld"
    assert case.is_valid and case.area == pytest.approx(api.areas[0]) == pytest.approx(40_000.0)
    assert case.equals(api.geometries[0])


@pytest.mark.parametrize(
    "geometry",
    [{"type": "Point"}, {"type": "GeometryCollection", "geometries": [{"type": "Point"}]}],
)
def test_a_geometry_without_coordinates_is_a_dutch_refusal_not_a_crash(geometry):
    """Reading of the change (session 11): when shapely could not build the geometry, ``_geometry`` read a
    name it never set (UnboundLocalError: a 500 from the locatiecheck API) instead of refusing in Dutch."""
    error = _api_error(geometry)
    assert error.code == errors.BAD_GEOMETRY and "geen geldige GeoJSON-geometrie" in error.detail
