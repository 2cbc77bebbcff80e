"""The array path of subject parsing (gis.subject_arrays) against the GEOS GeoJSON parse it replaces.

Differential: on demo subjects and on real Dutch geometries (../shared/geodata) the geometries built
from coordinate arrays are identical, vertex for vertex, to ``shapely.from_geojson``; and
parse_subjects gives the same Subjects with the array path as without it.
"""

from __future__ import annotations

import json

import numpy as np
import pyogrio
import pytest
import shapely

import gis.subjects
from gis.subject_arrays import feature_columns, geometries_from_coordinates
from gis.subjects import parse_subjects
from tests.demo_subjects import MIX, random_subjects
from tests.unit.gis.conftest import GEODATA

SOORTEN = frozenset(m[0] for m in MIX)


def _geos_parse(collection: dict) -> np.ndarray:
    text = json.dumps(
        {"type": "GeometryCollection", "geometries": [f["geometry"] for f in collection["features"]]}
    )
    return np.asarray(shapely.get_parts(shapely.from_geojson(text)), dtype=object)


def _collection(geometries: list[dict]) -> dict:
    return {
        "type": "FeatureCollection",
        "features": [
            {"type": "Feature", "properties": {"soort": "bouwwerk"}, "geometry": g} for g in geometries
        ],
    }


def _assert_identical(got: np.ndarray | None, expected: np.ndarray) -> None:
    assert got is not None
    assert len(got) == len(expected)
    same = shapely.equals_identical(got, expected)
    assert same.all(), f"first difference at {int(np.flatnonzero(~same)[0])}"


def test_demo_subjects_equal_geos_parse():
    collection = random_subjects(3000, seed=5)
    _assert_identical(geometries_from_coordinates(collection["features"]), _geos_parse(collection))


def _real_polygons(relative: str, layer: str) -> list[dict]:
    path = GEODATA / relative
    if not path.is_file():
        pytest.skip(f"echte geodata ontbreekt: {path}")
    frame = pyogrio.read_dataframe(path, layer=layer)
    parts = shapely.get_parts(np.asarray(frame.geometry.array))  # multipolygons into their polygons
    return [json.loads(t) for t in shapely.to_geojson(parts).tolist()]


@pytest.mark.parametrize(
    ("relative", "layer"),
    [("otterlo/brk_perceel_otterlo.gpkg", None), ("natura2000/natura2000_nl.gpkg", "natura2000")],
)
def test_real_polygons_with_holes_equal_geos_parse(relative, layer):
    geometries = _real_polygons(relative, layer)
    collection = _collection(geometries)
    expected = _geos_parse(collection)
    if relative.startswith("natura2000"):  # the case this test is for: shells with holes
        assert (shapely.get_num_interior_rings(expected) > 0).any()
    _assert_identical(geometries_from_coordinates(collection["features"]), expected)


def test_mixed_real_and_demo_through_parse_subjects_equal_old_path(monkeypatch):
    geometries = _real_polygons("otterlo/brk_perceel_otterlo.gpkg", None)[:500]
    demo = random_subjects(500, seed=3)
    features = demo["features"] + _collection(geometries)["features"]
    body = json.dumps({"type": "FeatureCollection", "features": features})
    new = parse_subjects(body, SOORTEN, crs="EPSG:28992")
    monkeypatch.setattr(gis.subjects, "geometries_from_coordinates", lambda features: None)
    old = parse_subjects(body, SOORTEN, crs="EPSG:28992")
    assert shapely.equals_identical(new.geometries, old.geometries).all()
    assert new.soorten.tolist() == old.soorten.tolist()
    assert new.areas.tolist() == old.areas.tolist()
    assert new.areal.tolist() == old.areal.tolist()
    assert new.warnings == old.warnings


@pytest.mark.parametrize(
    "geometry",
    [
        {"type": "MultiPoint", "coordinates": [[1.0, 2.0]]},
        {"type": "Point", "coordinates": [1.0, 2.0, 3.0]},
        {"type": "Point", "coordinates": ["a", "b"]},
        {"type": "Point", "coordinates": []},
        {"type": "LineString", "coordinates": [[1.0, 2.0]]},
        {"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 1]]]},  # not closed
        {"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [0, 0]]]},  # too short
        {"type": "Polygon", "coordinates": []},
        {"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 1], [0, float("nan")]]]},
        {"type": "Point"},
    ],
)
def test_anything_else_goes_to_the_general_path(geometry):
    good = {"type": "Point", "coordinates": [1.0, 2.0]}
    assert geometries_from_coordinates(_collection([good, geometry])["features"]) is None


def test_types_keep_their_input_positions():
    geometries = [
        {
            "type": "Polygon",
            "coordinates": [[[0, 0], [4, 0], [4, 4], [0, 4], [0, 0]], [[1, 1], [2, 1], [2, 2], [1, 1]]],
        },
        {"type": "Point", "coordinates": [1, 2]},
        {"type": "LineString", "coordinates": [[0, 0], [3, 4]]},
        {"type": "Point", "coordinates": [5.5, 6.5]},
    ]
    collection = _collection(geometries)
    got = geometries_from_coordinates(collection["features"])
    _assert_identical(got, _geos_parse(collection))
    assert got is not None
    assert shapely.get_type_id(got).tolist() == [3, 0, 1, 0]
    assert shapely.area(got[0]) == 16 - 0.5


def test_columns_path_equals_the_former_feature_loop_on_demo_and_real_data():
    """The soorten and geometries read column by column equal those of the loop per feature (HEAD~)."""
    geometries = _real_polygons("otterlo/brk_perceel_otterlo.gpkg", None)[:300]
    features = random_subjects(700, seed=9)["features"] + _collection(geometries)["features"]
    columns = feature_columns(features)
    assert columns is not None
    assert columns.soorten == [f["properties"]["soort"] for f in features]
    assert columns.types.tolist() == [f["geometry"]["type"] for f in features]
    _assert_identical(geometries_from_coordinates(columns), _geos_parse({"features": features}))


def test_tuple_coordinates_as_shapely_mapping_gives_them():
    shapes = [shapely.Point(1.5, 2), shapely.LineString([(0, 0), (3, 4)]), shapely.box(0, 0, 2, 1)]
    features = [
        {"type": "Feature", "properties": {"soort": "bouwwerk"}, "geometry": shapely.geometry.mapping(s)}
        for s in shapes
    ]
    got = geometries_from_coordinates(features)
    assert got is not None
    assert shapely.equals_identical(got, np.asarray(shapes, dtype=object)).all()


@pytest.mark.parametrize(
    "geometry",
    [
        {"type": "Point", "coordinates": [True, 2.0]},
        {"type": "LineString", "coordinates": [[0, 0], [1, "1"]]},
        {"type": "LineString", "coordinates": [[0, 0], {"x": 1, "y": 2}]},
        {"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 0, 0]]]},
        {"type": "Point", "coordinates": [10**400, 1.0]},
    ],
)
def test_values_that_are_no_plain_numbers_go_to_the_general_path(geometry):
    good = {"type": "Point", "coordinates": [1.0, 2.0]}
    assert geometries_from_coordinates(_collection([good, geometry])["features"]) is None


@pytest.mark.parametrize(
    "features",
    [
        [{"type": "Feature", "properties": None, "geometry": {"type": "Point", "coordinates": [1, 2]}}],
        [{"type": "Feature", "properties": {"soort": "x"}}],
        [{"type": "Feature", "properties": {"soort": "x"}, "geometry": ["Point"]}],
        [["Feature"]],
    ],
)
def test_features_without_the_plain_members_have_no_columns(features):
    assert feature_columns(features) is None
