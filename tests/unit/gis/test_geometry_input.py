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


def test_a_self_overlapping_ring_is_refused_alike():
    """Both entry points repaired it to the same 40,000 m2 (gis11 #4); now both refuse it with the same
    reason and place (tester finding input 2: an invalid polygon is not repaired without a word)."""
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
    with pytest.raises(ValidationError) as api:
        parse_subjects(body, SOORTEN, crs="EPSG:28992")
    with pytest.raises(ValidationError) as case:
        to_rd_wkt(loop.wkt, "EPSG:28992")
    assert (api.value.code, case.value.code) == (errors.BAD_GEOMETRY, "geometrie-ongeldig")
    reason = "de grens van het vlak snijdt zichzelf bij (226050, 448100)"
    assert reason in api.value.detail and reason in case.value.detail


@pytest.mark.parametrize(
    "geometry",
    [{"type": "Point"}, {"type": "GeometryCollection", "geometries": [{"type": "Point"}]}],
)
def test_a_geometry_without_coordinates_is_a_dutch_refusal_not_a_crash(geometry):
    """Reading of the change (session 11): when shapely could not build the geometry, ``_geometry`` read a
    name it never set (UnboundLocalError: a 500 from the locatiecheck API) instead of refusing in Dutch."""
    error = _api_error(geometry)
    assert error.code == errors.BAD_GEOMETRY and "geen geldige GeoJSON-geometrie" in error.detail


AMERSFOORT = {
    "EPSG:4326": [5.387203658, 52.155172894],
    "epsg:4326": [5.387203658, 52.155172894],
    "urn:ogc:def:crs:OGC:1.3:CRS84": [5.387203658, 52.155172894],
    "urn:ogc:def:crs:EPSG::4326": [5.387203658, 52.155172894],
    "EPSG:4258": [5.387203658, 52.155172894],
    "EPSG:28992": [155000.0, 463000.0],
    "urn:ogc:def:crs:EPSG::28992": [155000.0, 463000.0],
    "EPSG:3857": [599700.768, 6828231.480],  # web mercator metres of the same tower
}


@pytest.mark.parametrize("crs", sorted(AMERSFOORT))
def test_a_case_location_and_the_locatiecheck_accept_the_same_crs_names(crs):
    """Reviewer finding (s18): to_rd_wkt refused "urn:ogc:def:crs:OGC:1.3:CRS84" (and every spelling but
    three) with crs-onbekend, while the locatiecheck took any name PROJ knows. Both read gis.crs.input_crs."""
    point = {"type": "Point", "coordinates": AMERSFOORT[crs]}
    case = wkt.loads(to_rd_wkt(point, crs))
    body = {"type": "Feature", "properties": {"soort": "bouwwerk"}, "geometry": point}
    api = parse_subjects(body, SOORTEN, crs=crs).geometries[0]
    assert case.x == pytest.approx(155_000, abs=1) and case.y == pytest.approx(463_000, abs=1)
    assert case.equals_exact(api, 1e-6)


@pytest.mark.parametrize(("crs", "reason"), [("EPSG:999999", "Onbekend"), ("+proj=longlat +a=1", "RD New")])
def test_a_case_location_and_the_locatiecheck_refuse_the_same_crs_names(crs, reason):
    point = {"type": "Point", "coordinates": [5.39, 52.16]}
    with pytest.raises(ValidationError) as case:
        to_rd_wkt(point, crs)
    body = {"type": "Feature", "properties": {"soort": "bouwwerk"}, "geometry": point}
    with pytest.raises(ValidationError) as api:
        parse_subjects(body, SOORTEN, crs=crs)
    assert case.value.code == "crs-onbekend" and api.value.code == errors.UNKNOWN_CRS
    assert case.value.detail == api.value.detail and reason in case.value.detail


def test_a_projected_case_location_outside_the_netherlands_is_refused_after_transformation():
    with pytest.raises(ValidationError) as caught:
        to_rd_wkt({"type": "Point", "coordinates": [5.0, 52.0]}, "EPSG:3857")  # metres: near 0 N 0 E
    assert caught.value.code == "buiten-rd" and "na omrekening" in caught.value.detail
