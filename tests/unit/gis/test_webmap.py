"""Map output: WGS84 GeoJSON, bbox through the spatial index, zoom-dependent simplification."""

from __future__ import annotations

import json

import geopandas as gpd
import numpy as np
import pytest
import shapely

from gis.errors import GisInputError, LayerError
from gis.webmap import to_web_geojson, zoom_tolerance
from tests.unit.gis.conftest import X0, Y0, box, make_layer, point

AMERSFOORT = (5.3872, 52.1552)


def _around(lon: float, lat: float, d: float) -> tuple[float, float, float, float]:
    return (lon - d, lat - d, lon + d, lat + d)


def test_layer_to_wgs84_with_bbox():
    layer = make_layer("punten", [point(0, 0), point(50_000, 0)], id=[7, 8], naam=["hier", "ver"])
    result = to_web_geojson(layer, bbox=_around(*AMERSFOORT, 0.01))
    assert result["type"] == "FeatureCollection"
    [feature] = result["features"]
    assert feature["id"] == 7 and feature["properties"] == {"id": 7, "naam": "hier"}
    lon, lat = feature["geometry"]["coordinates"]
    assert lon == pytest.approx(AMERSFOORT[0], abs=1e-3) and lat == pytest.approx(AMERSFOORT[1], abs=1e-3)
    assert len(to_web_geojson(layer)["features"]) == 2
    json.dumps(result)


def test_zoom_simplifies():
    angles = np.linspace(0, 2 * np.pi, 2000, endpoint=False)
    circle = shapely.Polygon(np.column_stack([X0 + 500 * np.cos(angles), Y0 + 500 * np.sin(angles)]))
    layer = make_layer("cirkel", [circle])
    detailed = to_web_geojson(layer, zoom=19)["features"][0]["geometry"]["coordinates"][0]
    coarse = to_web_geojson(layer, zoom=8)["features"][0]["geometry"]["coordinates"][0]
    assert len(coarse) < 50 < len(detailed)
    assert zoom_tolerance(8) > 100 > zoom_tolerance(19) * 1000


def test_geodataframe_and_plain_geometries():
    frame = gpd.GeoDataFrame(
        {"datum": [np.datetime64("2024-05-01")], "aantal": [np.nan]}, geometry=[box(0, 0, 10, 10)], crs=28992
    )
    [feature] = to_web_geojson(frame, bbox=_around(*AMERSFOORT, 0.01))["features"]
    assert feature["id"] == 0 and feature["properties"]["aantal"] is None
    assert feature["properties"]["datum"].startswith("2024-05-01")
    plain = to_web_geojson([point(0, 0), point(10, 10)], bbox=_around(*AMERSFOORT, 0.01), max_features=1)
    assert len(plain["features"]) == 1 and plain["afgekapt"] is True


def test_refuses_bad_bbox_and_wrong_crs():
    layer = make_layer("punten", [point(0, 0)])
    with pytest.raises(GisInputError):
        to_web_geojson(layer, bbox=(6, 52, 5, 53))
    with pytest.raises(GisInputError):
        to_web_geojson(layer, bbox=("a", 1, 2))  # type: ignore[arg-type]
    with pytest.raises(LayerError):
        to_web_geojson(gpd.GeoDataFrame(geometry=[shapely.Point(5, 52)], crs=4326))


def test_demo_layer_in_view(demo_layers):
    from gis.demo import demo_bbox_wgs84

    result = to_web_geojson(
        demo_layers["wijken"], bbox=demo_bbox_wgs84(), zoom=13, properties=["code", "naam"]
    )
    assert len(result["features"]) == len(demo_layers["wijken"])
    assert set(result["features"][0]["properties"]) == {"code", "naam"}
