"""Coordinate reference systems: everything is computed in RD New (EPSG:28992).

The one home of the Dutch bounds and of coordinate transformers: services and the web use these too.
Bounds are deliberately generous boxes, used to catch a wrong or missing CRS declaration (RD metres
sent as degrees, swapped axes), not to decide on municipal borders.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import shapely
from pyproj import CRS, Transformer
from pyproj.exceptions import CRSError, ProjError

RD_EPSG = 28992
RD = "EPSG:28992"
WGS84 = "EPSG:4326"

# Area of validity of RD New (x_min, y_min, x_max, y_max), metres.
RD_BOUNDS = (-7_000.0, 289_000.0, 300_000.0, 629_000.0)
# The Netherlands (land and coastal waters) in degrees (lon_min, lat_min, lon_max, lat_max).
NL_LONLAT_BOUNDS = (3.0, 50.6, 7.4, 53.8)
# The window a web map works in: the Netherlands with a margin, WGS84; outside it RD New is meaningless.
NL_MAP_WINDOW = (2.0, 50.0, 8.5, 54.5)
# Layers may reach further (Natura 2000 on the North Sea): only nonsense is refused.
LAYER_RD_BOUNDS = (-200_000.0, 200_000.0, 500_000.0, 1_000_000.0)


@lru_cache(maxsize=32)
def parse_crs(value: str) -> CRS:
    """Parse a CRS name ("EPSG:28992", "urn:ogc:def:crs:EPSG::28992", "CRS84"); raises CRSError."""
    return CRS.from_user_input(value)


class UnusableCrs(ValueError):
    """A CRS name an incoming location cannot be in; ``str()`` is the Dutch reason (callers add their code)."""


def input_crs(name: str | None) -> CRS:
    """The CRS of an incoming location named ``name``, WGS84 when None or empty.

    The one home of "which CRS names mean what" for the case location (services.geometry) and the
    locatiecheck (gis.subjects): every spelling PROJ knows ("EPSG:28992", "epsg:4326",
    "urn:ogc:def:crs:EPSG::28992", "urn:ogc:def:crs:OGC:1.3:CRS84", "EPSG:3857", ...), as long as it
    can be transformed to RD New. Raises :class:`UnusableCrs` with a Dutch reason otherwise."""
    try:
        crs = parse_crs(name or WGS84)
    except CRSError:
        raise UnusableCrs(
            f"Onbekend coördinatenstelsel '{name}' (gebruik bv. EPSG:4326 of EPSG:28992)."
        ) from None
    if not reaches_rd(crs):
        raise UnusableCrs(f"Coördinatenstelsel '{name}' kan niet naar RD New (EPSG:28992) worden omgerekend.")
    return crs


def is_rd(crs: CRS) -> bool:
    """True when ``crs`` is RD New, also when spelled as an ESRI .prj without an EPSG code."""
    return _is_rd(crs.srs)


@lru_cache(maxsize=64)
def _is_rd(srs: str) -> bool:
    crs = CRS.from_user_input(srs)
    if crs.to_epsg(min_confidence=70) == RD_EPSG:
        return True
    return bool(crs.equals(CRS.from_epsg(RD_EPSG), ignore_axis_order=True))


@lru_cache(maxsize=64)
def transformer(source: int | str, target: int | str = RD_EPSG) -> Transformer:
    """The cached transformer from ``source`` to ``target`` (EPSG code or CRS text), x/y = lon/lat.

    One instance per pair for the whole process: since pyproj 3.1 a Transformer is thread-safe (it
    keeps a PROJ object per thread inside), so no per-thread cache is needed.
    """
    return Transformer.from_crs(CRS.from_user_input(source), CRS.from_user_input(target), always_xy=True)


def reaches_rd(crs: CRS) -> bool:
    """False when PROJ parses ``crs`` but cannot transform it to RD New (e.g. a non-Earth ellipsoid)."""
    if is_rd(crs):
        return True
    try:
        transformer(crs.srs)
    except ProjError:
        return False
    return True


def to_rd(geometries: np.ndarray, crs: CRS) -> np.ndarray:
    """Transform shapely geometries (x/y = lon/lat for geographic CRSs) to RD New, in 2D.

    The one place where an incoming location loses its Z coordinate (the check is 2D), whatever its CRS:
    the transformation below keeps x and y only, and RD input is flattened the same way."""
    if is_rd(crs):
        return _flat(geometries)
    to_rd_transformer = transformer(crs.srs)

    def _apply(coords: np.ndarray) -> np.ndarray:
        x, y = to_rd_transformer.transform(coords[:, 0], coords[:, 1])
        return np.column_stack([x, y])

    return np.asarray(shapely.transform(geometries, _apply))


def _flat(geometries: np.ndarray) -> np.ndarray:
    """``geometries`` without Z coordinates (the same array when none has one)."""
    has_z = shapely.has_z(geometries)
    if not has_z.any():
        return geometries
    flat = np.array(geometries, dtype=object, copy=True)
    flat[has_z] = shapely.force_2d(flat[has_z])
    return flat


def within(bounds: np.ndarray, box: tuple[float, float, float, float]) -> np.ndarray:
    """Row mask: geometry bounds (n x 4) inside ``box``."""
    return (
        (bounds[:, 0] >= box[0])
        & (bounds[:, 1] >= box[1])
        & (bounds[:, 2] <= box[2])
        & (bounds[:, 3] <= box[3])
    )


__all__ = [
    "CRSError",
    "LAYER_RD_BOUNDS",
    "NL_LONLAT_BOUNDS",
    "RD",
    "RD_BOUNDS",
    "RD_EPSG",
    "WGS84",
    "UnusableCrs",
    "input_crs",
    "is_rd",
    "parse_crs",
    "reaches_rd",
    "to_rd",
    "transformer",
    "within",
]
