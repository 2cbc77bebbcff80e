"""Parse and validate the subjects of a check: a GeoJSON FeatureCollection (or one Feature).

Input may be a dict, str or bytes. Coordinates are WGS84 (lon, lat) unless the ``crs`` argument or
the legacy GeoJSON ``crs`` member names another CRS. Every feature needs a geometry and a property
``soort`` from the rules' list. Invalid geometries (e.g. a self-intersecting polygon) are repaired and
reported as warnings; everything else that is wrong raises a GisInputError with a specific code.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from operator import itemgetter
from typing import Any

import numpy as np
import orjson
import shapely
from shapely.geometry import shape

from gis import crs as rd
from gis.errors import (
    BAD_GEOMETRY,
    CONFLICTING_CRS,
    EMPTY_COORDINATES,
    NO_GEOMETRY,
    NO_SOORT,
    NOT_GEOJSON,
    NOT_JSON,
    OUTSIDE_NETHERLANDS,
    OUTSIDE_RD,
    UNKNOWN_CRS,
    UNKNOWN_SOORT,
    GisInputError,
    InputTooLarge,
)
from gis.geometry_input import check_coordinates, check_empty, check_parts, check_valid, coordinate_problem
from gis.layers import repair_geometries
from gis.subject_arrays import FeatureColumns, feature_columns, geometries_from_coordinates
from processes.nederlands import mb_tekst

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
GEOMETRY_TYPES = frozenset(
    {"Point", "MultiPoint", "LineString", "MultiLineString", "Polygon", "MultiPolygon", "GeometryCollection"}
)


@dataclass(frozen=True)
class Subjects:  # frozen, but by_soort is cached in __dict__
    """Parsed subjects in RD New; index i is the feature's position in the input collection."""

    geometries: np.ndarray
    soorten: np.ndarray
    areas: np.ndarray
    areal: np.ndarray
    warnings: list[dict[str, Any]] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.geometries)

    def part(self, start: int, stop: int) -> Subjects:
        """Subjects ``start`` up to ``stop`` as a check of their own (its index 0 is subject ``start``)."""
        return Subjects(
            self.geometries[start:stop],
            self.soorten[start:stop],
            self.areas[start:stop],
            self.areal[start:stop],
        )

    @cached_property
    def tree(self) -> shapely.STRtree:
        """An STRtree over the subjects, for querying them with a layer's few features."""
        return shapely.STRtree(self.geometries)

    @cached_property
    def bounds(self) -> np.ndarray:
        """(minx, miny, maxx, maxy) per subject, computed once for every rule that needs them."""
        return np.asarray(shapely.bounds(self.geometries))

    @cached_property
    def by_soort(self) -> dict[str, np.ndarray]:
        """Subject indices per soort (ascending)."""
        groups: dict[str, list[int]] = {}
        for index, soort in enumerate(self.soorten.tolist()):
            groups.setdefault(soort, []).append(index)
        return {soort: np.asarray(indices, dtype=np.int64) for soort, indices in groups.items()}


def parse_subjects(
    data: Mapping[str, Any] | str | bytes,
    soorten: Mapping[str, str] | frozenset[str],
    *,
    crs: str | None = None,
    max_bytes: int | None = DEFAULT_MAX_BYTES,
) -> Subjects:
    document = _decode(data, max_bytes)
    raw_text = (
        data
        if isinstance(data, str | bytes | bytearray) and document.get("type") == "FeatureCollection"
        else None
    )
    features = document_features(document)
    source_crs = _source_crs(crs, document)
    columns = feature_columns(features)
    kinds = _kinds(features, soorten, columns)
    geometries = geometries_from_coordinates(columns) if columns is not None else None
    if geometries is None:  # a type or shape the array path does not build: one GEOS parse
        geometries = _bulk_geometries(features, raw_text)
    if geometries is None:  # something is malformed: parse one by one for a precise message
        geometries = np.empty(len(features), dtype=object)
        for index, feature in enumerate(features):
            geometries[index] = _geometry(index, feature)
    check_empty(geometries)
    check_parts(geometries)
    check_coordinates(geometries)
    check_valid(geometries)
    _check_bounds(geometries, source_crs)
    geometries = rd.to_rd(geometries, source_crs)
    if not rd.is_rd(source_crs):
        _check_rd_bounds(geometries, "na omrekening naar RD")
    geometries, warnings = _repaired_after_rd(geometries)
    areas = shapely.area(geometries)
    areal = (shapely.get_dimensions(geometries) == 2) & (areas > 0)
    return Subjects(
        geometries=geometries,
        soorten=kinds,
        areas=np.where(areal, areas, 0.0),
        areal=areal,
        warnings=warnings,
    )


def _repaired_after_rd(geometries: np.ndarray) -> tuple[np.ndarray, list[dict[str, Any]]]:
    """Valid as given (check_valid); only the projection to RD can still pinch or collapse a ring: such a
    geometry is repaired with a warning, one that the repair leaves empty is refused."""
    geometries, repaired = repair_geometries(geometries)
    warnings = [
        {
            "code": "geometrie-hersteld",
            "onderwerp_index": int(i),
            "detail": f"De geometrie van object {int(i)} werd bij de omrekening naar RD (EPSG:28992) ongeldig "
            "(een rand ging zichzelf raken) en is hersteld.",
        }
        for i in np.flatnonzero(repaired)
    ]
    emptied = shapely.is_empty(geometries)
    if emptied.any():
        index = int(np.flatnonzero(emptied)[0])
        raise GisInputError(
            f"De geometrie van object {index} is na de omrekening naar RD (EPSG:28992) en het herstel daarvan "
            "leeg: het vlak is zo smal dat er niets van overbleef.",
            code=BAD_GEOMETRY,
            onderwerp_index=index,
        )
    return geometries, warnings


def _decode(data: Mapping[str, Any] | str | bytes, max_bytes: int | None) -> Mapping[str, Any]:
    if isinstance(data, Mapping):
        return data
    if isinstance(data, str | bytes | bytearray):
        size = len(data) if isinstance(data, bytes | bytearray) else len(data.encode("utf-8"))
        if max_bytes is not None and size > max_bytes:
            raise InputTooLarge(
                f"De invoer is {mb_tekst(size)}; de grens is {mb_tekst(max_bytes, grens=True)}.",
                grootte=size,
                grens=max_bytes,
            )
        try:
            document = orjson.loads(data)  # several times faster than json on big collections
        except orjson.JSONDecodeError:
            try:  # json accepts what orjson refuses (NaN, huge integers) and gives the familiar message
                document = json.loads(data)
            except (ValueError, UnicodeDecodeError) as exc:
                raise GisInputError(f"De invoer is geen geldige JSON: {exc}", code=NOT_JSON) from None
        if isinstance(document, Mapping):
            return document
        raise GisInputError("De invoer is geen GeoJSON-object.", code=NOT_GEOJSON)
    raise GisInputError("De invoer is geen GeoJSON (verwacht tekst of een object).", code=NOT_GEOJSON)


def document_features(document: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    """The features of a GeoJSON document as a check reads them: a FeatureCollection's ``features``, or
    the one Feature itself (any other member of it, ``features`` too, is none of its objects)."""
    kind = document.get("type")
    if kind == "Feature":
        features: Any = [document]
    elif kind == "FeatureCollection":
        features = document.get("features")
        if not isinstance(features, list):
            raise GisInputError("De FeatureCollection mist een lijst 'features'.", code=NOT_GEOJSON)
    else:
        raise GisInputError(
            "De invoer is geen GeoJSON FeatureCollection of Feature"
            + (f" (type '{kind}')." if kind else " (geen 'type')."),
            code=NOT_GEOJSON,
        )
    if not features:
        raise GisInputError("De FeatureCollection bevat geen objecten.", code=NOT_GEOJSON)
    if _plain_features(features):
        return features
    for index, feature in enumerate(features):
        if not isinstance(feature, Mapping) or feature.get("type") != "Feature":
            raise GisInputError(
                f"Object {index} is geen GeoJSON Feature.", code=NOT_GEOJSON, onderwerp_index=index
            )
    return features


def _plain_features(features: list[Any]) -> bool:
    """Every item a dict of type Feature (decoded JSON): two C-level passes, no loop per feature."""
    if set(map(type, features)) != {dict}:
        return False
    try:
        return set(map(itemgetter("type"), features)) == {"Feature"}
    except (KeyError, TypeError):  # a missing or unhashable type: the loop names the feature
        return False


def _source_crs(argument: str | None, document: Mapping[str, Any]) -> rd.CRS:
    declared = _legacy_crs_name(document)
    try:
        given = rd.input_crs(argument) if argument else None
        legacy = rd.input_crs(declared) if declared else None
    except rd.UnusableCrs as exc:
        raise GisInputError(str(exc), code=UNKNOWN_CRS) from None
    if given is not None and legacy is not None and not given.equals(legacy, ignore_axis_order=True):
        raise GisInputError(
            f"Het opgegeven coördinatenstelsel ({argument}) verschilt van het 'crs'-lid van de GeoJSON ({declared}).",
            code=CONFLICTING_CRS,
        )
    return given or legacy or rd.input_crs(None)


def _legacy_crs_name(document: Mapping[str, Any]) -> str | None:
    member = document.get("crs")
    if member is None:
        return None
    if isinstance(member, Mapping) and member.get("type") == "name":
        name = (member.get("properties") or {}).get("name")
        if isinstance(name, str) and name:
            return name
    raise GisInputError(
        'Het \'crs\'-lid van de GeoJSON wordt niet begrepen; gebruik {"type": "name", '
        '"properties": {"name": "EPSG:28992"}} of de parameter crs.',
        code=UNKNOWN_CRS,
    )


def _kinds(
    features: list[Mapping[str, Any]],
    soorten: Mapping[str, str] | frozenset[str],
    columns: FeatureColumns | None,
) -> np.ndarray:
    """The soort of every feature. Fast path: the columns when every feature has a known soort and a
    geometry object of a GeoJSON type; otherwise feature by feature, for the first one's precise error."""
    kinds = np.empty(len(features), dtype=object)
    try:
        plain = (
            columns is not None
            and set(columns.soorten) <= set(soorten)
            and set(columns.types) <= GEOMETRY_TYPES
        )
    except TypeError:  # an unhashable soort or type (a list or an object)
        plain = False
    if plain and columns is not None:
        kinds[:] = columns.soorten
        return kinds
    for index, feature in enumerate(features):
        kinds[index] = _soort(index, feature, soorten)
        _geometry_member(index, feature)
    return kinds


def _soort(index: int, feature: Mapping[str, Any], soorten: Mapping[str, str] | frozenset[str]) -> str:
    properties = feature.get("properties")
    soort = properties.get("soort") if isinstance(properties, Mapping) else None
    if soort is None or soort == "":
        raise GisInputError(
            f"Object {index} heeft geen eigenschap 'soort' (bv. windturbine of woningbouw).",
            code=NO_SOORT,
            onderwerp_index=index,
        )
    if not isinstance(soort, str) or soort not in soorten:
        raise GisInputError(
            f"Object {index} heeft een onbekende soort '{soort}'; bekend zijn: {', '.join(sorted(soorten))}.",
            code=UNKNOWN_SOORT,
            onderwerp_index=index,
        )
    return soort


def _geometry_member(index: int, feature: Mapping[str, Any]) -> Mapping[str, Any]:
    geometry = feature.get("geometry")
    if geometry is None:
        raise GisInputError(f"Object {index} heeft geen geometrie.", code=NO_GEOMETRY, onderwerp_index=index)
    if not isinstance(geometry, Mapping) or geometry.get("type") not in GEOMETRY_TYPES:
        raise GisInputError(
            f"Object {index} heeft geen geldige GeoJSON-geometrie.", code=BAD_GEOMETRY, onderwerp_index=index
        )
    return geometry


def _bulk_geometries(
    features: list[Mapping[str, Any]], raw_text: str | bytes | bytearray | None
) -> np.ndarray | None:
    """All geometries in one GEOS parse (fast path); None when anything is malformed.

    GEOS reads a FeatureCollection text as a GeometryCollection of the feature geometries, so the
    original request body is parsed once more without re-encoding it.
    """
    try:
        if raw_text is not None:
            text = raw_text.decode("utf-8") if isinstance(raw_text, bytes | bytearray) else raw_text
        else:
            text = json.dumps(
                {"type": "GeometryCollection", "geometries": [f["geometry"] for f in features]},
                allow_nan=False,
            )
        parts = shapely.get_parts(shapely.from_geojson(text))
    except (ValueError, TypeError, UnicodeDecodeError, shapely.errors.GEOSException):
        return None
    return np.asarray(parts, dtype=object) if len(parts) == len(features) else None


def _geometry(index: int, feature: Mapping[str, Any]) -> shapely.Geometry:
    geometry = _geometry_member(index, feature)
    problem = coordinate_problem(geometry)
    geom = None
    if not problem:
        try:
            geom = shape(geometry)
        except Exception:  # noqa: BLE001 - shapely raises many types; its English text is no detail
            problem = "het is geen geldige GeoJSON-geometrie"
    if geom is None or problem:
        raise GisInputError(
            f"De coördinaten van object {index} zijn ongeldig: {problem}.",
            code=BAD_GEOMETRY,
            onderwerp_index=index,
        )
    if geom.is_empty:
        raise GisInputError(
            f"Object {index} heeft lege coördinaten.", code=EMPTY_COORDINATES, onderwerp_index=index
        )
    return geom


def _check_bounds(geometries: np.ndarray, source_crs: rd.CRS) -> None:
    if rd.is_rd(source_crs):
        _check_rd_bounds(geometries, "")
        return
    if not source_crs.is_geographic:
        return  # checked in RD after transformation
    bounds = shapely.bounds(geometries)
    outside = ~rd.within(bounds, rd.NL_LONLAT_BOUNDS)
    if not outside.any():
        return
    index = int(np.flatnonzero(outside)[0])
    x, y = bounds[index, 0], bounds[index, 1]
    hint = ""
    if abs(x) > 1000 or abs(y) > 1000:
        hint = " Het lijken RD-coördinaten in meters: geef crs EPSG:28992 op."
    elif rd.within(bounds[index : index + 1, [1, 0, 3, 2]], rd.NL_LONLAT_BOUNDS)[0]:
        hint = " Lengte- en breedtegraad lijken verwisseld (GeoJSON is [lengte, breedte])."
    raise GisInputError(
        f"Object {index} ligt niet in Nederland: WGS84-coördinaten ({x:.5f}, {y:.5f}) vallen buiten "
        f"lengte {rd.NL_LONLAT_BOUNDS[0]}..{rd.NL_LONLAT_BOUNDS[2]} en breedte "
        f"{rd.NL_LONLAT_BOUNDS[1]}..{rd.NL_LONLAT_BOUNDS[3]}.{hint}",
        code=OUTSIDE_NETHERLANDS,
        onderwerp_index=index,
    )


def _check_rd_bounds(geometries: np.ndarray, context: str) -> None:
    bounds = shapely.bounds(geometries)
    outside = ~rd.within(bounds, rd.RD_BOUNDS)
    if not outside.any():
        return
    index = int(np.flatnonzero(outside)[0])
    x, y = bounds[index, 0], bounds[index, 1]
    hint = (
        " Het lijken graden (WGS84): laat crs weg of geef EPSG:4326 op."
        if abs(x) < 180 and abs(y) < 90
        else ""
    )
    where = f" {context}" if context else ""
    raise GisInputError(
        f"Object {index} ligt{where} buiten het RD-gebied: ({x:.0f}, {y:.0f}) valt buiten x "
        f"{rd.RD_BOUNDS[0]:.0f}..{rd.RD_BOUNDS[2]:.0f} en y {rd.RD_BOUNDS[1]:.0f}..{rd.RD_BOUNDS[3]:.0f}.{hint}",
        code=OUTSIDE_RD,
        onderwerp_index=index,
    )
