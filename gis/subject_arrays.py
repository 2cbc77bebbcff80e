"""Subject geometries built from coordinate arrays: the fast path of gis.subjects.

A request body is decoded once (orjson). The members a check needs (each feature's soort, geometry
type and coordinates) are then read column by column with C-level passes (``map`` with
``itemgetter``), never a Python loop per feature; the geometries of the common types (Point,
LineString, Polygon with 2D coordinates) are built with shapely's vectorised constructors from one
flat float array per type. The result is the same geometry, vertex for vertex, as
``shapely.from_geojson`` gives. Anything else (multi-geometries, collections, 3D coordinates, unclosed
or short rings, values that are no numbers) returns None and the caller takes the general path, which
gives the precise error messages.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from itertools import chain
from operator import itemgetter
from typing import Any, NamedTuple

import numpy as np
import shapely

_MIN_RING = 4  # a closed ring: at least three distinct vertices and the closing one
_MIN_LINE = 2
_SEQUENCES = frozenset({list, tuple})
_NUMBERS = frozenset({float, int})  # bool is a type of its own: no coordinate
_BUILD_ERRORS = (TypeError, ValueError, OverflowError, shapely.errors.GEOSException)


class FeatureColumns(NamedTuple):
    """The members of every feature a check reads, in input order (``coordinates`` None when a
    geometry has no ``coordinates`` member, e.g. a GeometryCollection)."""

    soorten: list[Any]
    types: np.ndarray
    coordinates: np.ndarray | None


def feature_columns(features: Sequence[Mapping[str, Any]]) -> FeatureColumns | None:
    """Soort, geometry type and coordinates of plain features (dicts with ``properties`` and ``geometry``
    mappings); None when any feature is not, so the caller's feature-by-feature check names it."""
    count = len(features)
    try:
        soorten = list(map(itemgetter("soort"), map(itemgetter("properties"), features)))
        members = list(map(itemgetter("geometry"), features))
        types = np.fromiter(map(itemgetter("type"), members), dtype=object, count=count)
    except (KeyError, TypeError, IndexError):
        return None
    try:
        coordinates = np.fromiter(map(itemgetter("coordinates"), members), dtype=object, count=count)
    except (KeyError, TypeError, IndexError):
        coordinates = None
    return FeatureColumns(soorten, types, coordinates)


def geometries_from_coordinates(
    features: Sequence[Mapping[str, Any]] | FeatureColumns,
) -> np.ndarray | None:
    """The geometries (from the features or their columns), or None when any of them is not a plain
    2D Point, LineString or Polygon."""
    columns = features if isinstance(features, FeatureColumns) else feature_columns(features)
    if columns is None or columns.coordinates is None:
        return None
    kinds, coordinates = columns.types, columns.coordinates
    masks = [
        (kinds == kind, build)
        for kind, build in (("Point", _points), ("LineString", _lines), ("Polygon", _polygons))
    ]
    if not np.logical_or.reduce([mask for mask, _ in masks]).all():
        return None
    out = np.empty(len(kinds), dtype=object)
    for mask, build in masks:
        chosen = np.flatnonzero(mask)
        if not len(chosen):
            continue
        try:
            built = build(coordinates[chosen].tolist())
        except _BUILD_ERRORS:
            return None
        if built is None:
            return None
        out[chosen] = built
    return out


def _sequences(values: list[Any]) -> bool:
    return bool(values) and set(map(type, values)) <= _SEQUENCES


def _xy(pairs: list[Any]) -> np.ndarray | None:
    """An (n, 2) float array of coordinate pairs; None unless every pair is two numbers (no 3D, no text).

    One flat list of numbers converted at once: numpy need not discover the shape of nested lists."""
    if not _sequences(pairs) or set(map(len, pairs)) != {2}:
        return None
    numbers = list(chain.from_iterable(pairs))
    if not set(map(type, numbers)) <= _NUMBERS:
        return None
    return np.array(numbers, dtype=np.float64).reshape(-1, 2)


def _points(coordinates: list[Any]) -> np.ndarray | None:
    xy = _xy(coordinates)
    return None if xy is None else shapely.points(xy)


def _flatten(parts: list[Any], minimum: int) -> tuple[np.ndarray, np.ndarray] | None:
    """All vertices of ``parts`` (lists of pairs) in one array, with the number of vertices per part."""
    if not _sequences(parts):
        return None
    lengths = np.fromiter(map(len, parts), dtype=np.int64, count=len(parts))
    if lengths.min() < minimum:
        return None
    xy = _xy(list(chain.from_iterable(parts)))
    if xy is None:
        return None
    return xy, lengths


def _lines(coordinates: list[Any]) -> np.ndarray | None:
    flat = _flatten(coordinates, _MIN_LINE)
    if flat is None:
        return None
    xy, lengths = flat
    return np.asarray(shapely.linestrings(xy, indices=np.repeat(np.arange(len(lengths)), lengths)))


def _polygons(coordinates: list[Any]) -> np.ndarray | None:
    """Shell and holes per polygon; rings must be closed, as GeoJSON requires. Built straight from the
    flat coordinates and ring/polygon offsets (no ring objects in between)."""
    if not _sequences(coordinates):
        return None
    counts = list(map(len, coordinates))
    if min(counts) == 0:
        return None
    flat = _flatten(list(chain.from_iterable(coordinates)), _MIN_RING)
    if flat is None:
        return None
    xy, lengths = flat
    ends = np.cumsum(lengths)
    if not (xy[ends - lengths] == xy[ends - 1]).all():
        return None
    ring_offsets = np.concatenate([[0], ends])
    polygon_offsets = np.concatenate([[0], np.cumsum(counts)])
    return np.asarray(
        shapely.from_ragged_array(shapely.GeometryType.POLYGON, xy, (ring_offsets, polygon_offsets))
    )
