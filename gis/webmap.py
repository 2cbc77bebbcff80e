"""The web-map geometry pipeline, one home: RD New geometries to simplified, rounded WGS84 GeoJSON.

``web_geometries(geoms, zoom)`` is the vectorised step the map API uses for cases and layers:
simplify to about one screen pixel, turn geometries smaller than a few pixels into points,
reproject to WGS84 in one pyproj call and round to a grid that matches the zoom. ``rd_window``
clips a WGS84 bbox to the map window and gives it in RD; ``feature_collection`` assembles the
GeoJSON text from pre-serialised geometries.

``to_web_geojson(data, bbox=..., zoom=...)`` runs the same pipeline for a Layer, a GeoDataFrame in
EPSG:28992 or plain shapely geometries (RD), keeping only features whose geometry meets the WGS84
bbox (through the layer's spatial index), simplified with half a pixel and topology kept.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from typing import Any

import geopandas as gpd
import numpy as np
import shapely

from gis.crs import NL_MAP_WINDOW, RD_EPSG, is_rd, transformer
from gis.errors import GisInputError, LayerError
from gis.layers import ID_COLUMN, Layer

BAD_BBOX = "gis-ongeldige-bbox"
EARTH_METRES_PER_PIXEL_Z0 = 156_543.033_92  # web mercator, 256 px tiles, at the equator
NL_LATITUDE = 52.1
ZOOM_MIN, ZOOM_MAX = 0, 22
#: Metres per pixel at zoom 0 at the latitude of the Netherlands (Web Mercator, 256 px tiles).
_M_PER_PX_Z0 = EARTH_METRES_PER_PIXEL_Z0 * math.cos(math.radians(NL_LATITUDE))
POINT_BELOW_PX = 3.0
#: The finest rounding: 1e-6 degrees is about 0.1 m.
FINEST_GRID = 1e-6

BBox = tuple[float, float, float, float]


def pixel_metres(zoom: float) -> float:
    """One screen pixel in metres at this zoom level in the Netherlands."""
    return _M_PER_PX_Z0 / (2**zoom)


def zoom_tolerance(zoom: float, latitude: float = NL_LATITUDE) -> float:
    """Half a screen pixel in metres at this zoom level: finer detail cannot be seen."""
    return 0.5 * EARTH_METRES_PER_PIXEL_Z0 * math.cos(math.radians(latitude)) / 2**zoom


def grid_degrees(zoom: float) -> float:
    """Coordinate rounding: about a tenth of a pixel, never finer than 1e-6 degrees (~0.1 m)."""
    degrees = pixel_metres(zoom) / 10 / 111_320
    return max(FINEST_GRID, 10 ** math.floor(math.log10(degrees)))


def rd_window(bbox: BBox | None) -> BBox | None:
    """The bbox clipped to the map window of the Netherlands, in RD New; None when it lies outside."""
    if bbox is None:
        bbox = NL_MAP_WINDOW
    minlon, minlat = max(bbox[0], NL_MAP_WINDOW[0]), max(bbox[1], NL_MAP_WINDOW[1])
    maxlon, maxlat = min(bbox[2], NL_MAP_WINDOW[2]), min(bbox[3], NL_MAP_WINDOW[3])
    if minlon >= maxlon or minlat >= maxlat:
        return None
    return tuple(transformer(4326, RD_EPSG).transform_bounds(minlon, minlat, maxlon, maxlat, densify_pts=5))  # type: ignore[return-value]


def web_geometries(
    geoms: np.ndarray,
    zoom: float,
    *,
    point_below_px: float = POINT_BELOW_PX,
    tolerance: float | None = None,
    preserve_topology: bool = False,
    grid: float | None = None,
) -> list[str | None]:
    """RD geometries -> GeoJSON geometry strings in WGS84, simplified and rounded for ``zoom``.

    ``tolerance`` (metres) defaults to one pixel, ``grid`` (degrees) to ``grid_degrees(zoom)``;
    ``point_below_px`` 0 keeps small geometries as they are.
    """
    if len(geoms) == 0:
        return []
    px = pixel_metres(zoom)
    out = shapely.simplify(geoms, px if tolerance is None else tolerance, preserve_topology=preserve_topology)
    if point_below_px > 0:
        bounds = shapely.bounds(geoms)
        extent = np.fmax(bounds[:, 2] - bounds[:, 0], bounds[:, 3] - bounds[:, 1])
        small = (extent < point_below_px * px) & (shapely.get_dimensions(geoms) > 0)
        if small.any():
            out = out.copy()
            out[small] = shapely.point_on_surface(geoms[small])
    out = shapely.transform(out, transformer(RD_EPSG, 4326).transform, interleaved=False)
    out = shapely.set_precision(out, grid_degrees(zoom) if grid is None else grid, mode="pointwise")
    return list(shapely.to_geojson(out))


def feature_collection(
    ids: Sequence[Any],
    geometries: Sequence[str | None],
    properties: Sequence[Mapping[str, Any]],
    **members: Any,
) -> str:
    """Assemble a GeoJSON FeatureCollection from pre-serialised geometries (fast for many features)."""
    dumps = json.JSONEncoder(ensure_ascii=False, default=str, allow_nan=False).encode
    parts = [
        f'{{"type":"Feature","id":{dumps(i)},"geometry":{g or "null"},"properties":{dumps(p)}}}'
        for i, g, p in zip(ids, geometries, properties, strict=True)
    ]
    extra = "".join(f",{dumps(k)}:{dumps(v)}" for k, v in members.items())
    return '{"type":"FeatureCollection","features":[' + ",".join(parts) + "]" + extra + "}"


def bbox_to_rd(bbox: Sequence[float]) -> shapely.Polygon:
    """A WGS84 (lon_min, lat_min, lon_max, lat_max) box as an RD polygon covering it."""
    try:
        lon0, lat0, lon1, lat1 = (float(v) for v in bbox)
    except (TypeError, ValueError):
        raise GisInputError(
            "bbox moet vier getallen zijn: lengte_min,breedte_min,lengte_max,breedte_max.", code=BAD_BBOX
        ) from None
    if not (-180 <= lon0 < lon1 <= 180 and -90 <= lat0 < lat1 <= 90):
        raise GisInputError(
            f"bbox ({lon0}, {lat0}, {lon1}, {lat1}) is geen geldig WGS84-vak (min < max, graden).",
            code=BAD_BBOX,
        )
    x0, y0, x1, y1 = transformer(4326, RD_EPSG).transform_bounds(lon0, lat0, lon1, lat1, densify_pts=21)
    return shapely.box(x0, y0, x1, y1)


def _source(
    data: Layer | gpd.GeoDataFrame | Sequence[Any] | np.ndarray,
) -> tuple[np.ndarray, Any, gpd.GeoDataFrame | None, list[Any]]:
    """(geometries, spatial index, attribute frame or None, feature ids)."""
    if isinstance(data, Layer):
        return data.geometries, data.tree, data.frame, data.feature_ids
    if isinstance(data, gpd.GeoDataFrame):
        if data.crs is None or not is_rd(data.crs):
            raise LayerError(
                f"Kaartgegevens moeten in EPSG:28992 staan, niet in {data.crs}.",
                code="gis-laag-ongeldige-crs",
            )
        geoms = np.asarray(data.geometry.array, dtype=object)
        ids = data[ID_COLUMN].tolist() if ID_COLUMN in data.columns else list(range(len(data)))
        return geoms, data.sindex, data, ids
    geoms = np.asarray(list(data), dtype=object)
    return geoms, shapely.STRtree(geoms), None, list(range(len(geoms)))


def _properties(
    frame: gpd.GeoDataFrame | None, rows: np.ndarray, wanted: Sequence[str] | None
) -> list[dict[str, Any]]:
    if frame is None or not len(rows):
        return [{} for _ in rows]
    columns = [c for c in frame.columns if c != frame.geometry.name and (wanted is None or c in wanted)]
    if not columns:
        return [{} for _ in rows]
    text = frame.iloc[rows][columns].to_json(orient="records", date_format="iso", force_ascii=False)
    return list(json.loads(text))


def to_web_geojson(
    data: Layer | gpd.GeoDataFrame | Sequence[Any] | np.ndarray,
    *,
    bbox: Sequence[float] | None = None,
    zoom: float | None = None,
    properties: Sequence[str] | None = None,
    max_features: int | None = None,
) -> dict[str, Any]:
    """WGS84 FeatureCollection of the features meeting ``bbox`` (all when None), simplified for ``zoom``."""
    geoms, index, frame, ids = _source(data)
    if bbox is not None:
        rows = np.sort(np.asarray(index.query(bbox_to_rd(bbox), predicate="intersects")))
    else:
        rows = np.arange(len(geoms))
    truncated = max_features is not None and len(rows) > max_features
    if truncated:
        rows = rows[:max_features]
    texts = web_geometries(
        geoms[rows],
        ZOOM_MAX if zoom is None else zoom,
        point_below_px=0,
        tolerance=0.0 if zoom is None else zoom_tolerance(zoom),
        preserve_topology=True,
        grid=FINEST_GRID,
    )
    props = _properties(frame, rows, properties)
    features = [
        {"type": "Feature", "id": _plain(ids[r]), "properties": p, "geometry": json.loads(t or "null")}
        for r, p, t in zip(rows.tolist(), props, texts, strict=True)
    ]
    result: dict[str, Any] = {"type": "FeatureCollection", "features": features}
    if truncated:
        result["afgekapt"] = True
    return result


def _plain(value: Any) -> Any:
    return value.item() if isinstance(value, np.generic) else value
