"""One home for checking an incoming GeoJSON geometry, with its Dutch reasons.

Both entry points use it: the locatiecheck (:mod:`gis.subjects`, ``POST /api/v1/locatiecheck``) and a
case's location (:mod:`services.geometry`, the case start and the application form). So the same input
gets the same verdict and the same Dutch reason in both; both repair with
:func:`gis.layers.repair_geometries` (the structure method: a self-overlapping ring keeps all the area
it encloses).

* :func:`coordinate_problem` reads the ``coordinates`` of a GeoJSON geometry before shapely builds it:
  shapely's own messages are English library text ("Input operand 0 does not have enough
  dimensions"), and it silently closes an unclosed ring, which RFC 7946 (3.1.6) forbids.
* :func:`part_problem` finds an empty part of a built multi-geometry (``MultiPolygon`` with ``[]``).
* :func:`validity_problem` says why a built geometry is invalid (a boundary that crosses itself, a hole
  outside its polygon, a polygon without area) and where, in the input's own coordinates. An invalid
  polygon is refused, not repaired: a bowtie silently became a two-part MultiPolygon (tester finding
  input 2), and whoever drew it should see what went wrong.
* ``check_*`` raise the locatiecheck's errors for an array of built geometries (empty, an empty part,
  a coordinate that is no number, an invalid geometry).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

import numpy as np
import shapely

from gis.errors import BAD_GEOMETRY, EMPTY_COORDINATES, NAN_COORDINATES, GisInputError

_NUMBERS = (int, float)
#: how deep the positions lie per type: 0 a position, 1 a list of positions, ...
_DEPTH = {"Point": 0, "MultiPoint": 1, "LineString": 1, "MultiLineString": 2, "Polygon": 2, "MultiPolygon": 3}
_MEMBER_TYPES = frozenset({*_DEPTH, "GeometryCollection"})
_SHAPES = {
    "Point": "[x, y]",
    "MultiPoint": "[[x, y], ...]",
    "LineString": "[[x, y], [x, y], ...]",
    "MultiLineString": "[[[x, y], ...], ...]",
    "Polygon": "[[[x, y], ..., [x, y]]] (ringen van posities)",
    "MultiPolygon": "[[[[x, y], ..., [x, y]]], ...] (vlakken van ringen van posities)",
}


def _is_position(value: Any) -> bool:
    return (
        isinstance(value, list | tuple)
        and len(value) in (2, 3)
        and all(isinstance(v, _NUMBERS) and not isinstance(v, bool) for v in value)
    )


def _position_problem(value: Any) -> str:
    if isinstance(value, list | tuple) and all(isinstance(v, _NUMBERS) for v in value):
        return f"een positie heeft twee of drie getallen (x, y), niet {len(value)}"
    return "een positie moet een lijst van twee of drie getallen zijn (x, y)"


def _nesting_problem(kind: str, coordinates: Any, depth: int) -> str | None:
    """Whether positions lie exactly ``depth`` lists deep (an empty list is left to the emptiness checks)."""
    if depth == 0:
        return None if _is_position(coordinates) else _position_problem(coordinates)
    if not isinstance(coordinates, list | tuple) or _is_position(coordinates):
        return f"een {kind} heeft coördinaten van de vorm {_SHAPES[kind]}"
    for item in coordinates:
        problem = _nesting_problem(kind, item, depth - 1)
        if problem:
            return problem
    return None


def _ring_problem(kind: str, rings: Any) -> str | None:
    for number, ring in enumerate(rings, start=1):
        if len(ring) < 4:
            return f"ring {number} van een {kind} heeft {len(ring)} posities; een ring heeft er ten minste 4"
        if list(ring[0]) != list(ring[-1]):
            return (
                f"ring {number} van een {kind} is niet gesloten: de laatste positie moet gelijk zijn "
                "aan de eerste (GeoJSON, RFC 7946)"
            )
    return None


def coordinate_problem(geometry: Mapping[str, Any]) -> str | None:
    """Why the coordinates of a GeoJSON geometry (a mapping with a known ``type``) make no geometry, in
    Dutch (a clause for after a colon), or None. NaN and empty coordinates are left to their own checks."""
    kind = geometry.get("type")
    if kind == "GeometryCollection":
        members = geometry.get("geometries")
        if not isinstance(members, list | tuple):
            return "een GeometryCollection heeft een lijst 'geometries'"
        for member in members:
            if not isinstance(member, Mapping) or member.get("type") not in _MEMBER_TYPES:
                return "een deel van de GeometryCollection is geen GeoJSON-geometrie"
            problem = coordinate_problem(member)
            if problem:
                return problem
        return None
    if kind not in _DEPTH:
        return None
    coordinates = geometry.get("coordinates")
    if coordinates is None or (isinstance(coordinates, list | tuple) and not coordinates):
        return None  # empty: the emptiness check names it
    problem = _nesting_problem(kind, coordinates, _DEPTH[kind])
    if problem:
        return problem
    if kind in ("MultiLineString", "MultiPolygon"):
        for number, part in enumerate(coordinates, start=1):
            if not part:
                return _empty_part(number, kind)
    if kind == "LineString" and len(coordinates) < 2:
        return "een LineString heeft ten minste 2 posities"
    if kind == "Polygon":
        return _ring_problem(kind, coordinates)
    if kind == "MultiPolygon":
        for polygon in coordinates:
            problem = _ring_problem(kind, polygon)
            if problem:
                return problem
    return None


def _empty_part(number: int, kind: str) -> str:
    return f"deel {number} van een {kind} is leeg"


def part_problem(geom: Any) -> str | None:
    """Why a built (multi-)geometry is unusable: an empty part beside other parts, in Dutch, or None."""
    parts = [geom]
    while parts:
        current = parts.pop()
        if shapely.get_type_id(current) < 4:  # no multi-geometry or collection
            continue
        members = list(shapely.get_parts(current))
        for number, member in enumerate(members, start=1):
            if member.is_empty:
                return _empty_part(number, current.geom_type)
        parts.extend(members)
    return None


def multi_part_problems(geometries: np.ndarray) -> tuple[int, str] | None:
    """The first (index, reason) of :func:`part_problem` in an array of geometries (only multi-geometries
    are looked at), or None."""
    multi = np.flatnonzero(shapely.get_type_id(geometries) >= 4)
    for index in multi.tolist():
        problem = part_problem(geometries[index])
        if problem:
            return index, problem
    return None


def check_empty(geometries: np.ndarray) -> None:
    empty = shapely.is_empty(geometries)
    if empty.any():
        index = int(np.flatnonzero(empty)[0])
        raise GisInputError(
            f"Object {index} heeft lege coördinaten.", code=EMPTY_COORDINATES, onderwerp_index=index
        )


def check_parts(geometries: np.ndarray) -> None:
    found = multi_part_problems(geometries)
    if found is not None:
        index, problem = found
        raise GisInputError(
            f"De coördinaten van object {index} zijn ongeldig: {problem}.",
            code=BAD_GEOMETRY,
            onderwerp_index=index,
        )


def check_coordinates(geometries: np.ndarray) -> None:
    coords, owner = shapely.get_coordinates(geometries, return_index=True)
    bad = ~np.isfinite(coords).all(axis=1)
    if bad.any():
        index = int(owner[np.flatnonzero(bad)[0]])
        raise GisInputError(
            f"Object {index} heeft coördinaten die geen getal zijn (NaN of oneindig).",
            code=NAN_COORDINATES,
            onderwerp_index=index,
        )


#: GEOS's reasons (shapely.is_valid_reason, "Self-intersection[x y]") in Dutch, by their opening words
_REASONS = (
    ("Ring Self-intersection", "de grens van een vlak raakt of kruist zichzelf"),
    ("Self-intersection", "de grens van het vlak snijdt zichzelf"),
    ("Hole lies outside shell", "een gat ligt (deels) buiten het vlak"),
    ("Holes are nested", "een gat ligt binnen een ander gat"),
    ("Interior is disconnected", "het vlak valt in losse delen uiteen"),
    ("Nested shells", "een vlak ligt binnen een ander vlak van dezelfde geometrie"),
    ("Duplicate Rings", "een ring komt twee keer voor"),
    ("Too few points", "een ring of lijn heeft te weinig verschillende punten (geen oppervlakte of lengte)"),
)
_WHERE = re.compile(r"\[\s*(-?[\d.eE+-]+)\s+(-?[\d.eE+-]+)[^\]]*\]\s*$")
_POLYGONAL = (3, 6)  # shapely type ids of Polygon and MultiPolygon


def _number(value: str | float) -> str:
    return f"{float(value):.6f}".rstrip("0").rstrip(".")


def validity_problem(geom: Any) -> str | None:
    """Why a built geometry is invalid, in Dutch with the place (in the input's coordinates), or None:
    ``"de grens van het vlak snijdt zichzelf bij (226050, 448050)"``. A polygon without area (its corners
    on one line or one point) is invalid and said so."""
    if shapely.is_valid(geom):
        return None
    if shapely.get_type_id(geom) in _POLYGONAL and shapely.area(shapely.convex_hull(geom)) <= 0:
        x, y = shapely.get_coordinates(geom)[0]
        return f"het vlak heeft geen oppervlakte (alle hoeken liggen op één lijn) bij ({_number(x)}, {_number(y)})"
    reason = str(shapely.is_valid_reason(geom))
    dutch = next((nl for en, nl in _REASONS if reason.startswith(en)), "de geometrie is ongeldig")
    where = _WHERE.search(reason)
    return f"{dutch} bij ({_number(where[1])}, {_number(where[2])})" if where else dutch


def check_valid(geometries: np.ndarray) -> None:
    """Refuse the first invalid geometry (or polygon without area) of an array, naming what and where."""
    for index in np.flatnonzero(~shapely.is_valid(geometries)).tolist():
        problem = validity_problem(geometries[index])
        if problem:
            raise GisInputError(
                f"De geometrie van object {index} is ongeldig: {problem}. Geef het object opnieuw op.",
                code=BAD_GEOMETRY,
                onderwerp_index=index,
            )
