"""The web-map geometry pipeline shared by the case and layer halves of the map.

RD New geometries to simplified, rounded WGS84 GeoJSON per zoom level, the map window in RD, the
FeatureCollection assembly, and which layers and columns may be shown at all.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import shapely

from gis.crs import transformer

NL_WINDOW = (2.0, 50.0, 8.5, 54.5)
ZOOM_MIN, ZOOM_MAX = 0, 22
#: Metres per pixel at zoom 0 at the latitude of the Netherlands (Web Mercator, 256 px tiles).
_M_PER_PX_Z0 = 156_543.033_92 * math.cos(math.radians(52.1))
POINT_BELOW_PX = 3.0
DEFAULT_LAYER_LIMIT = 20_000

# -- layers -----------------------------------------------------------------------------------
#: Layers that hold personal or cadastral data per address: never on the map.
HIDDEN_LAYERS = frozenset({"woningen", "panden", "percelen"})
#: Columns never sent to the browser, whatever the layer.
HIDDEN_COLUMNS = frozenset(
    {"postcode", "huisnummer", "eigendom", "eigenaar", "bsn", "kvk", "email", "telefoon"}
)
#: Display hints per known layer: visible by default, fill/line colour, colour by attribute.
LAYER_STYLES: dict[str, dict[str, Any]] = {
    "netcongestie": {
        "aan": True,
        "kleur": "#d7191c",
        "kleur_veld": "kleur",
        "streep_veld": "richting",
        "kleuren": {"rood": "#d7191c", "oranje": "#f28e2b", "geel": "#e8c30a"},
        "strepen": {"invoeding": "6 4"},
        "vulling": 0.18,
    },
    "natura2000": {"aan": True, "kleur": "#1a9850", "vulling": 0.25},
    "gewaspercelen": {"aan": False, "kleur": "#a6761d", "vulling": 0.2},
    "woningbouwlocaties": {"aan": True, "kleur": "#e7298a", "vulling": 0.3},
    "windzone": {"aan": True, "kleur": "#4575b4", "vulling": 0.15},
    "windturbines": {"aan": False, "kleur": "#313695"},
    "res_zoekgebied": {"aan": False, "kleur": "#74add1", "vulling": 0.1},
    "zonneparken": {"aan": False, "kleur": "#fdb863", "vulling": 0.4},
    "warmtenet": {"aan": False, "kleur": "#b2182b"},
    "onderstations": {"aan": False, "kleur": "#542788"},
    "wijken": {"aan": False, "kleur": "#555555", "vulling": 0.0},
    "gemeente": {"aan": False, "kleur": "#222222", "vulling": 0.0},
    "gemeentegrens": {"aan": False, "kleur": "#222222"},
    "drinkwaterleiding": {"aan": False, "kleur": "#2c7fb8"},
    "bevi": {"aan": False, "kleur": "#67001f"},
    "bevi_contour": {"aan": False, "kleur": "#67001f", "vulling": 0.1},
}


def rd_window(bbox: tuple[float, float, float, float] | None) -> tuple[float, float, float, float] | None:
    """The bbox clipped to the Netherlands window, in RD New; None when it lies outside."""
    if bbox is None:
        bbox = NL_WINDOW
    minlon, minlat = max(bbox[0], NL_WINDOW[0]), max(bbox[1], NL_WINDOW[1])
    maxlon, maxlat = min(bbox[2], NL_WINDOW[2]), min(bbox[3], NL_WINDOW[3])
    if minlon >= maxlon or minlat >= maxlat:
        return None
    return tuple(transformer(4326, 28992).transform_bounds(minlon, minlat, maxlon, maxlat, densify_pts=5))  # type: ignore[return-value]


# -- geometry to web GeoJSON ------------------------------------------------------------------------
def pixel_metres(zoom: int) -> float:
    return _M_PER_PX_Z0 / (2**zoom)


def grid_degrees(zoom: int) -> float:
    """Coordinate rounding: about a tenth of a pixel, never finer than 1e-6 degrees (~0.1 m)."""
    metres = pixel_metres(zoom) / 10
    degrees = metres / 111_320
    return max(1e-6, 10 ** math.floor(math.log10(degrees)))


def web_geometries(
    geoms: np.ndarray, zoom: int, *, point_below_px: float = POINT_BELOW_PX
) -> list[str | None]:
    """RD geometries -> GeoJSON geometry strings in WGS84, simplified and rounded for ``zoom``."""
    if len(geoms) == 0:
        return []
    px = pixel_metres(zoom)
    out = shapely.simplify(geoms, px, preserve_topology=False)
    if point_below_px > 0:
        bounds = shapely.bounds(geoms)
        extent = np.fmax(bounds[:, 2] - bounds[:, 0], bounds[:, 3] - bounds[:, 1])
        small = (extent < point_below_px * px) & (shapely.get_dimensions(geoms) > 0)
        if small.any():
            out = out.copy()
            out[small] = shapely.point_on_surface(geoms[small])
    tf = transformer(28992, 4326)
    out = shapely.transform(out, tf.transform, interleaved=False)
    out = shapely.set_precision(out, grid_degrees(zoom), mode="pointwise")
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
