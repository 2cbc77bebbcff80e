"""Map output for the web face: RD geometries to a WGS84 GeoJSON FeatureCollection.

``to_web_geojson(data, bbox=..., zoom=...)`` takes a Layer, a GeoDataFrame in EPSG:28992 or plain
shapely geometries (RD), keeps only features whose geometry meets the WGS84 bbox (found through the
layer's spatial index), simplifies with a tolerance of half a screen pixel at the zoom level, and
returns a JSON-ready dict with coordinates rounded to 6 decimals (about 0.1 m).
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from typing import Any

import geopandas as gpd
import numpy as np
import shapely

from gis.crs import RD_EPSG, is_rd, transformer
from gis.errors import GisInputError, LayerError
from gis.layers import ID_COLUMN, Layer

BAD_BBOX = "gis-ongeldige-bbox"
EARTH_METRES_PER_PIXEL_Z0 = 156_543.033_92  # web mercator, 256 px tiles, at the equator
NL_LATITUDE = 52.1

BBox = tuple[float, float, float, float]


def zoom_tolerance(zoom: float, latitude: float = NL_LATITUDE) -> float:
    """Half a screen pixel in metres at this zoom level: finer detail cannot be seen."""
    return 0.5 * EARTH_METRES_PER_PIXEL_Z0 * math.cos(math.radians(latitude)) / 2**zoom


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
    selected = geoms[rows]
    if zoom is not None and len(selected):
        selected = shapely.simplify(selected, zoom_tolerance(zoom), preserve_topology=True)
    to_wgs84 = transformer(RD_EPSG, 4326)

    def _to_wgs84(coords: np.ndarray) -> np.ndarray:
        lon, lat = to_wgs84.transform(coords[:, 0], coords[:, 1])
        return np.round(np.column_stack([lon, lat]), 6)

    selected = shapely.transform(selected, _to_wgs84) if len(selected) else selected
    texts = shapely.to_geojson(selected).tolist() if len(selected) else []
    props = _properties(frame, rows, properties)
    features = [
        {"type": "Feature", "id": _plain(ids[r]), "properties": p, "geometry": json.loads(t)}
        for r, p, t in zip(rows.tolist(), props, texts, strict=True)
    ]
    result: dict[str, Any] = {"type": "FeatureCollection", "features": features}
    if truncated:
        result["afgekapt"] = True
    return result


def _plain(value: Any) -> Any:
    return value.item() if isinstance(value, np.generic) else value
