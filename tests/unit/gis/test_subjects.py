"""Bad input: each case raises a Dutch ValidationError with its own code (or is repaired with a warning)."""

from __future__ import annotations

import json

import numpy as np
import pytest
import shapely

from gis import crs as crs_module
from gis import errors
from gis.api import check
from gis.subjects import parse_subjects
from processes.errors import TooLarge, ValidationError
from tests.unit.gis.conftest import X0, Y0, collection, feature, point

SOORTEN = {"bouwwerk": "Bouwwerk", "woningbouw": "Woningbouw"}
AMERSFOORT_WGS84 = [5.3872, 52.1552]


def _wgs84(geometry: dict, soort: str = "bouwwerk") -> dict:
    return {
        "type": "FeatureCollection",
        "features": [{"type": "Feature", "properties": {"soort": soort}, "geometry": geometry}],
    }


def _error(data, *, crs=None, max_bytes=20 * 1024 * 1024) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        parse_subjects(data, SOORTEN, crs=crs, max_bytes=max_bytes)
    return caught.value


@pytest.mark.parametrize(
    ("data", "code"),
    [
        ("{niet json", errors.NOT_JSON),
        (b"\xff\xfe", errors.NOT_JSON),
        ("[1, 2]", errors.NOT_GEOJSON),
        ({"type": "Point", "coordinates": [5.0, 52.0]}, errors.NOT_GEOJSON),
        ({"features": []}, errors.NOT_GEOJSON),
        ({"type": "FeatureCollection"}, errors.NOT_GEOJSON),
        ({"type": "FeatureCollection", "features": []}, errors.NOT_GEOJSON),
        ({"type": "FeatureCollection", "features": [{"type": "Point"}]}, errors.NOT_GEOJSON),
        (_wgs84(None), errors.NO_GEOMETRY),  # type: ignore[arg-type]
        (_wgs84({"type": "Cirkel", "coordinates": [1, 2]}), errors.BAD_GEOMETRY),
        (_wgs84({"type": "LineString", "coordinates": [[5.0, 52.0]]}), errors.BAD_GEOMETRY),
        (_wgs84({"type": "Point", "coordinates": ["a", "b"]}), errors.BAD_GEOMETRY),
        (_wgs84({"type": "Point", "coordinates": []}), errors.EMPTY_COORDINATES),
        (_wgs84({"type": "Polygon", "coordinates": []}), errors.EMPTY_COORDINATES),
        (_wgs84({"type": "Point", "coordinates": AMERSFOORT_WGS84}, soort="kasteel"), errors.UNKNOWN_SOORT),
        (
            {
                "type": "FeatureCollection",
                "features": [
                    {
                        "type": "Feature",
                        "properties": {},
                        "geometry": {"type": "Point", "coordinates": AMERSFOORT_WGS84},
                    }
                ],
            },
            errors.NO_SOORT,
        ),
        (
            {
                "type": "FeatureCollection",
                "features": [
                    {
                        "type": "Feature",
                        "properties": None,
                        "geometry": {"type": "Point", "coordinates": AMERSFOORT_WGS84},
                    }
                ],
            },
            errors.NO_SOORT,
        ),
        (
            '{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"soort": "bouwwerk"}, "geometry": {"type": "Point", "coordinates": [NaN, 52.1]}}]}',
            errors.NAN_COORDINATES,
        ),
    ],
)
def test_bad_input_codes(data, code):
    error = _error(data)
    assert error.code == code
    assert error.status == 400
    assert error.detail  # a Dutch sentence for people


def test_messages_are_dutch():
    assert "geen geldige JSON" in _error("{").detail
    assert "geen geometrie" in _error(_wgs84(None)).detail  # type: ignore[arg-type]
    assert (
        "onbekende soort 'kasteel'"
        in _error(_wgs84({"type": "Point", "coordinates": AMERSFOORT_WGS84}, "kasteel")).detail
    )


@pytest.mark.parametrize(
    ("bad", "code"),
    [
        ({"properties": {"soort": "kasteel"}}, errors.UNKNOWN_SOORT),
        ({"properties": {"soort": ["bouwwerk"]}}, errors.UNKNOWN_SOORT),
        ({"properties": None}, errors.NO_SOORT),
        ({"properties": "bouwwerk"}, errors.NO_SOORT),
        ({"geometry": None}, errors.NO_GEOMETRY),
        ({"geometry": [5.0, 52.0]}, errors.BAD_GEOMETRY),
        ({"geometry": {"type": "Cirkel"}}, errors.BAD_GEOMETRY),
    ],
)
def test_a_bad_feature_late_in_a_long_collection_is_named(bad, code):
    """The one-pass reading of soort and geometry type falls back to the feature-by-feature checks,
    which name the first bad feature."""
    good = {"type": "Point", "coordinates": AMERSFOORT_WGS84}
    features = [{"type": "Feature", "properties": {"soort": "bouwwerk"}, "geometry": good} for _ in range(50)]
    features[37] = {**features[37], **bad}
    error = _error({"type": "FeatureCollection", "features": features})
    assert (error.code, error.extra["onderwerp_index"]) == (code, 37)


def test_wgs84_outside_netherlands():
    error = _error(_wgs84({"type": "Point", "coordinates": [2.35, 48.85]}))  # Paris
    assert error.code == errors.OUTSIDE_NETHERLANDS
    assert "niet in Nederland" in error.detail
    assert error.extra["onderwerp_index"] == 0


def test_rd_coordinates_sent_as_wgs84_get_a_hint():
    error = _error(_wgs84({"type": "Point", "coordinates": [155000, 463000]}))
    assert error.code == errors.OUTSIDE_NETHERLANDS
    assert "EPSG:28992" in error.detail


def test_swapped_axes_get_a_hint():
    error = _error(_wgs84({"type": "Point", "coordinates": [52.1552, 5.3872]}))
    assert error.code == errors.OUTSIDE_NETHERLANDS
    assert "verwisseld" in error.detail


def test_rd_outside_bounds():
    error = _error(collection(feature(shapely.Point(900_000, 463_000), "bouwwerk")), crs="EPSG:28992")
    assert error.code == errors.OUTSIDE_RD
    assert "buiten het RD-gebied" in error.detail


def test_degrees_declared_as_rd_get_a_hint():
    error = _error(_wgs84({"type": "Point", "coordinates": AMERSFOORT_WGS84}), crs="EPSG:28992")
    assert error.code == errors.OUTSIDE_RD
    assert "graden" in error.detail


def test_unknown_and_conflicting_crs():
    assert _error(collection(feature(point(0, 0), "bouwwerk")), crs="EPSG:999999").code == errors.UNKNOWN_CRS
    data = collection(feature(point(0, 0), "bouwwerk"))
    data["crs"] = {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::28992"}}
    assert _error(data, crs="EPSG:4326").code == errors.CONFLICTING_CRS
    data["crs"] = {"type": "link", "properties": {"href": "x"}}
    assert _error(data).code == errors.UNKNOWN_CRS


@pytest.mark.parametrize("where", ["argument", "legacy"])
def test_crs_proj_parses_but_cannot_transform_to_rd(where):
    """A non-Earth ellipsoid: PROJ parses it, but has no way to RD (a ProjError and a 500 before)."""
    data = _wgs84({"type": "Point", "coordinates": AMERSFOORT_WGS84})
    name = "+proj=longlat +a=1"
    if where == "legacy":
        data["crs"] = {"type": "name", "properties": {"name": name}}
    error = _error(data, crs=name if where == "argument" else None)
    assert error.code == errors.UNKNOWN_CRS and "RD New" in error.detail


def test_legacy_crs_member_declares_rd():
    data = collection(feature(point(10, 20), "bouwwerk"))
    data["crs"] = {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::28992"}}
    subjects = parse_subjects(data, SOORTEN)
    assert shapely.get_coordinates(subjects.geometries[0]).tolist() == [[X0 + 10, Y0 + 20]]


def test_wgs84_default_is_reprojected_to_rd():
    subjects = parse_subjects(_wgs84({"type": "Point", "coordinates": AMERSFOORT_WGS84}), SOORTEN)
    x, y = shapely.get_coordinates(subjects.geometries[0])[0]
    assert x == pytest.approx(155_000, abs=50)  # Amersfoort, the origin of RD
    assert y == pytest.approx(463_000, abs=50)


def test_etrs89_is_accepted():
    subjects = parse_subjects(
        _wgs84({"type": "Point", "coordinates": AMERSFOORT_WGS84}), SOORTEN, crs="EPSG:4258"
    )
    assert shapely.get_x(subjects.geometries[0]) == pytest.approx(155_000, abs=50)


@pytest.mark.parametrize(
    ("coordinates", "crs"), [([X0, Y0, 12.5], "EPSG:28992"), ([*AMERSFOORT_WGS84, 12.5], None)]
)
def test_z_is_dropped_in_every_crs(coordinates, crs):
    """RD input kept its Z (only a transformation dropped it): the check is 2D in every CRS."""
    subjects = parse_subjects(_wgs84({"type": "Point", "coordinates": coordinates}), SOORTEN, crs=crs)
    assert not shapely.has_z(subjects.geometries).any()


def test_body_larger_than_limit_is_too_large():
    body = json.dumps(collection(feature(point(0, 0), "bouwwerk"))).encode()
    with pytest.raises(TooLarge) as caught:
        parse_subjects(body, SOORTEN, crs="EPSG:28992", max_bytes=len(body) - 1)
    assert caught.value.status == 413
    assert caught.value.code == errors.TOO_LARGE
    assert parse_subjects(body, SOORTEN, crs="EPSG:28992", max_bytes=len(body))


def test_single_feature_and_bytes_input():
    body = json.dumps(feature(point(0, 0), "bouwwerk")).encode()
    assert len(parse_subjects(body, SOORTEN, crs="EPSG:28992")) == 1


def test_self_intersecting_polygon_is_refused_where_it_crosses():
    """It was repaired with a warning into two triangles of 2,500 m2 (tester finding input 2)."""
    bowtie = shapely.Polygon([(X0, Y0), (X0 + 100, Y0 + 100), (X0 + 100, Y0), (X0, Y0 + 100), (X0, Y0)])
    assert not bowtie.is_valid
    error = _error(
        collection(feature(point(0, 0), "bouwwerk"), feature(bowtie, "bouwwerk")), crs="EPSG:28992"
    )
    assert error.code == errors.BAD_GEOMETRY and error.extra["onderwerp_index"] == 1
    assert (
        f"object 1 is ongeldig: de grens van het vlak snijdt zichzelf bij ({X0 + 50:.0f}, {Y0 + 50:.0f})"
        in error.detail
    )


def test_a_hole_outside_its_polygon_and_a_polygon_without_area_are_refused():
    square = [(X0, Y0), (X0 + 10, Y0), (X0 + 10, Y0 + 10), (X0, Y0 + 10), (X0, Y0)]
    hole = [
        (X0 + 20, Y0 + 20),
        (X0 + 30, Y0 + 20),
        (X0 + 30, Y0 + 30),
        (X0 + 20, Y0 + 30),
        (X0 + 20, Y0 + 20),
    ]
    outside = _error(collection(feature(shapely.Polygon(square, [hole]), "bouwwerk")), crs="EPSG:28992")
    assert outside.code == errors.BAD_GEOMETRY
    assert f"een gat ligt (deels) buiten het vlak bij ({X0 + 20:.0f}, {Y0 + 20:.0f})" in outside.detail
    line = shapely.Polygon([(X0, Y0), (X0 + 10, Y0), (X0 + 20, Y0), (X0, Y0)])
    flat = _error(collection(feature(line, "bouwwerk")), crs="EPSG:28992")
    assert flat.code == errors.BAD_GEOMETRY and "geen oppervlakte" in flat.detail


def test_polygon_collapsing_to_nothing_is_refused():
    flat = shapely.Polygon([(X0, Y0), (X0 + 10, Y0), (X0 + 20, Y0), (X0, Y0)])
    assert _error(collection(feature(flat, "bouwwerk")), crs="EPSG:28992").code == errors.BAD_GEOMETRY


def test_polygon_with_100000_vertices_works(tiny_layers, tiny_rules):
    angles = np.linspace(0, 2 * np.pi, 100_000, endpoint=False)
    ring = np.column_stack([X0 + 50 + 80 * np.cos(angles), Y0 + 50 + 80 * np.sin(angles)])
    circle = shapely.Polygon(ring)
    assert shapely.get_num_coordinates(circle) == 100_001
    result = check(
        json.dumps(collection(feature(circle, "woningbouw"))), tiny_layers, tiny_rules, crs="EPSG:28992"
    )
    hits = {(c["regel"], c["feature_id"]) for c in result["conflicten"]}
    assert ("r-snijdt", "Z1") in hits
    assert ("r-aandeel", "Z1") in hits  # 10,000 m2 of Z1 inside a circle of ~20,106 m2
    [share] = [c["overlap_aandeel"] for c in result["conflicten"] if c["regel"] == "r-aandeel"]
    assert share == pytest.approx(10_000 / circle.area, abs=1e-4)


def test_big_polygon_in_wgs84_works():
    angles = np.linspace(0, 2 * np.pi, 100_000, endpoint=False)
    ring = np.column_stack([5.3872 + 0.01 * np.cos(angles), 52.1552 + 0.01 * np.sin(angles)])
    ring = np.vstack([ring, ring[:1]]).tolist()
    subjects = parse_subjects(_wgs84({"type": "Polygon", "coordinates": [ring]}), SOORTEN)
    assert subjects.areal[0] and subjects.areas[0] > 1e6


def _projected_as(monkeypatch, geometry) -> None:
    """The projection to RD gives ``geometry``: a valid input ring pinched or collapsed by it."""
    monkeypatch.setattr(crs_module, "to_rd", lambda geometries, source: np.array([geometry], dtype=object))


def test_a_ring_the_projection_pinches_is_repaired_with_a_warning_naming_it(monkeypatch):
    """Invalid input is refused (check_valid): the repair can only follow the conversion to RD."""
    bowtie = shapely.Polygon([(X0, Y0), (X0 + 100, Y0 + 100), (X0 + 100, Y0), (X0, Y0 + 100), (X0, Y0)])
    _projected_as(monkeypatch, bowtie)
    square = [[5.38, 52.15], [5.39, 52.15], [5.39, 52.16], [5.38, 52.16], [5.38, 52.15]]
    [warning] = parse_subjects(_wgs84({"type": "Polygon", "coordinates": [square]}), SOORTEN).warnings
    assert warning["code"] == "geometrie-hersteld" and warning["detail"] == (
        "De geometrie van object 0 werd bij de omrekening naar RD (EPSG:28992) ongeldig (een rand ging "
        "zichzelf raken) en is hersteld."
    )


def test_a_ring_the_projection_collapses_is_refused_naming_it(monkeypatch):
    _projected_as(monkeypatch, shapely.Polygon([(X0, Y0), (X0 + 10, Y0), (X0 + 20, Y0), (X0, Y0)]))
    square = [[5.38, 52.15], [5.39, 52.15], [5.39, 52.16], [5.38, 52.16], [5.38, 52.15]]
    error = _error(_wgs84({"type": "Polygon", "coordinates": [square]}))
    assert error.code == errors.BAD_GEOMETRY and error.detail == (
        "De geometrie van object 0 is na de omrekening naar RD (EPSG:28992) en het herstel daarvan leeg: "
        "het vlak is zo smal dat er niets van overbleef."
    )
