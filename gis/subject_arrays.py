"""Subject geometries built from coordinate arrays: the fast path of gis.subjects.

A request body is decoded once (orjson) for the properties; the geometries of the common types
(Point, LineString, Polygon with 2D coordinates) are then built with shapely's vectorised
constructors from numpy arrays of those decoded coordinates, instead of a second full JSON parse by
GEOS. The result is the same geometry, vertex for vertex, as ``shapely.from_geojson`` gives. Anything
else (multi-geometries, collections, 3D coordinates, unclosed or short rings, values that are no
numbers) returns None and the caller takes the general path, which gives the precise error messages.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from itertools import chain
from operator import itemgetter
from typing import Any

import numpy as np
import shapely

_MIN_RING = 4  # a closed ring: at least three distinct vertices and the closing one
_MIN_LINE = 2


def geometries_from_coordinates(features: Sequence[Mapping[str, Any]]) -> np.ndarray | None:
    """The features' geometries, or None when any of them is not a plain 2D Point, LineString or Polygon."""
    count = len(features)
    try:
        members = list(map(itemgetter("geometry"), features))
        kinds = np.fromiter(map(itemgetter("type"), members), dtype=object, count=count)
        coordinates = np.fromiter(map(itemgetter("coordinates"), members), dtype=object, count=count)
    except (KeyError, TypeError, IndexError):
        return None
    masks = [
        (kinds == kind, build)
        for kind, build in (("Point", _points), ("LineString", _lines), ("Polygon", _polygons))
    ]
    if not np.logical_or.reduce([mask for mask, _ in masks]).all():
        return None
    out = np.empty(count, dtype=object)
    for mask, build in masks:
        chosen = np.flatnonzero(mask)
        if not len(chosen):
            continue
        try:
            built = build(coordinates[chosen].tolist())
        except (TypeError, ValueError, shapely.errors.GEOSException):
            return None
        if built is None:
            return None
        out[chosen] = built
    return out


def _xy(values: list[Any]) -> np.ndarray | None:
    """An (n, 2) float array of coordinate pairs; None for anything else (3D, text, ragged)."""
    if not values:
        return None
    array = np.asarray(values)
    if array.ndim != 2 or array.shape[1] != 2 or array.dtype.kind not in "fi":
        return None
    return array.astype(np.float64, copy=False)


def _points(coordinates: list[Any]) -> np.ndarray | None:
    xy = _xy(coordinates)
    return None if xy is None else shapely.points(xy)


def _flatten(parts: list[Any], minimum: int) -> tuple[np.ndarray, np.ndarray] | None:
    """All vertices of ``parts`` (lists of pairs) in one array, with the part index of each vertex."""
    if set(map(type, parts)) != {list}:
        return None
    lengths = list(map(len, parts))
    if min(lengths) < minimum:
        return None
    xy = _xy(list(chain.from_iterable(parts)))
    if xy is None:
        return None
    return xy, np.repeat(np.arange(len(parts)), lengths)


def _lines(coordinates: list[Any]) -> np.ndarray | None:
    flat = _flatten(coordinates, _MIN_LINE)
    if flat is None:
        return None
    xy, owner = flat
    return np.asarray(shapely.linestrings(xy, indices=owner))


def _polygons(coordinates: list[Any]) -> np.ndarray | None:
    """Shell and holes per polygon; rings must be closed, as GeoJSON requires."""
    if set(map(type, coordinates)) != {list}:
        return None
    counts = list(map(len, coordinates))
    if min(counts) == 0:
        return None
    rings = list(chain.from_iterable(coordinates))
    flat = _flatten(rings, _MIN_RING)
    if flat is None:
        return None
    xy, owner = flat
    ends = np.cumsum(np.bincount(owner, minlength=len(rings)))
    starts = np.concatenate([[0], ends[:-1]])
    if not (xy[starts] == xy[ends - 1]).all():
        return None
    ring_geoms = shapely.linearrings(xy, indices=owner)
    polygon_of_ring = np.repeat(np.arange(len(coordinates)), counts)
    return np.asarray(shapely.polygons(ring_geoms, indices=polygon_of_ring))
