"""Turn an incoming location (GeoJSON geometry or WKT, WGS84 by default) into RD New WKT."""

from __future__ import annotations

import math
from typing import Any

from processes.errors import ValidationError


def to_rd_wkt(geometry: Any, crs: str | None = None) -> str:
    import numpy as np
    import shapely
    from shapely import wkt as shapely_wkt
    from shapely.geometry import shape
    from shapely.validation import make_valid

    from gis.crs import NL_LONLAT_BOUNDS, RD_BOUNDS, transformer

    try:
        geom = shapely_wkt.loads(geometry) if isinstance(geometry, str) else shape(geometry)
    except Exception as exc:  # noqa: BLE001 - shapely raises many types for bad input
        raise ValidationError(
            "De geometrie is geen geldige GeoJSON-geometrie of WKT.", code="geometrie-ongeldig"
        ) from exc
    if geom.is_empty:
        raise ValidationError("De geometrie is leeg.", code="geometrie-leeg")
    if any(math.isnan(c) or math.isinf(c) for c in geom.bounds):
        raise ValidationError("De geometrie bevat ongeldige coördinaten (NaN).", code="geometrie-nan")
    code = (crs or "EPSG:4326").upper()
    if code not in ("EPSG:4326", "EPSG:28992", "EPSG:4258"):
        raise ValidationError(
            f"Coördinatenstelsel {crs} wordt niet ondersteund (EPSG:4326, EPSG:4258, EPSG:28992).",
            code="crs-onbekend",
        )
    minx, miny, maxx, maxy = geom.bounds
    if code == "EPSG:28992":
        if minx < RD_BOUNDS[0] or miny < RD_BOUNDS[1] or maxx > RD_BOUNDS[2] or maxy > RD_BOUNDS[3]:
            raise ValidationError(
                "RD-coördinaten liggen buiten het RD-bereik van Nederland.", code="buiten-rd"
            )
    else:
        nl = NL_LONLAT_BOUNDS
        if minx < nl[0] or miny < nl[1] or maxx > nl[2] or maxy > nl[3]:
            raise ValidationError(
                "WGS84-coördinaten (lengte, breedte) liggen niet in Nederland.", code="buiten-nederland"
            )
        tf = transformer(code)
        geom = shapely.transform(geom, lambda xy: np.column_stack(tf.transform(xy[:, 0], xy[:, 1])))
    if not geom.is_valid:
        geom = make_valid(geom)
    return geom.wkt
