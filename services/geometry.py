"""Turn an incoming location (GeoJSON geometry or WKT, WGS84 by default) into RD New WKT."""

from __future__ import annotations

import re
from typing import Any

from processes import strikte_json
from processes.errors import ValidationError


def _limits(settings: Any) -> tuple[int, int]:
    from services.config import Settings

    chosen = settings if settings is not None else Settings
    return int(chosen.max_geometry_vertices), int(chosen.max_geometry_bytes)


def count_vertices(geometry: Any) -> int:
    """Positions in a GeoJSON geometry (dict), counted without building it; stops past a million."""
    count, stack = 0, [geometry.get("coordinates")] if isinstance(geometry, dict) else []
    if isinstance(geometry, dict):
        stack += [g for g in geometry.get("geometries") or [] if isinstance(g, dict)]
    while stack and count <= 1_000_000:
        item = stack.pop()
        if isinstance(item, dict):
            stack.append(item.get("coordinates"))
            stack += [g for g in item.get("geometries") or [] if isinstance(g, dict)]
        elif isinstance(item, list | tuple):
            if item and all(isinstance(v, int | float) for v in item):
                count += 1
            else:
                stack.extend(item)
    return count


def check_size(geometry: Any, settings: Any = None) -> int:
    """Refuse a geometry over the configured vertex or byte cap (Settings.max_geometry_*), cheaply; returns
    its vertices (``count_vertices``; 0 for a text, which is measured in bytes)."""
    max_vertices, max_bytes = _limits(settings)
    if isinstance(geometry, str | bytes) and len(geometry) > max_bytes:
        raise ValidationError(
            f"De geometrie is te groot: ten hoogste {max_bytes} bytes.", code="geometrie-te-groot"
        )
    vertices = count_vertices(geometry) if isinstance(geometry, dict) else 0
    if vertices > max_vertices:
        raise ValidationError(
            f"De geometrie heeft te veel hoekpunten ({vertices}): ten hoogste {max_vertices}.",
            code="geometrie-te-groot",
        )
    return vertices


def _check_built(geom: Any, settings: Any) -> None:
    import shapely

    max_vertices, _ = _limits(settings)
    vertices = int(shapely.get_num_coordinates(geom))
    if vertices > max_vertices:
        raise ValidationError(
            f"De geometrie heeft te veel hoekpunten ({vertices}): ten hoogste {max_vertices}.",
            code="geometrie-te-groot",
        )


def to_rd_wkt(geometry: Any, crs: str | None = None, *, settings: Any = None) -> str:
    """RD New WKT of a GeoJSON geometry or WKT; over the caps of ``settings`` (or the defaults) is refused."""
    import numpy as np
    import shapely

    from gis.geometry_input import part_problem, validity_problem
    from gis.layers import repair_geometries

    check_size(geometry, settings)
    geom = _build(geometry)
    if geom.is_empty:
        raise ValidationError("De geometrie is leeg.", code="geometrie-leeg")
    problem = part_problem(geom)
    if problem:
        raise ValidationError(
            f"De geometrie is geen geldige GeoJSON-geometrie: {problem}.", code="geometrie-ongeldig"
        )
    _check_built(geom, settings)
    if not np.isfinite(shapely.get_coordinates(geom)).all():  # every vertex: GEOS bounds skip NaN ones
        raise ValidationError(
            "De geometrie bevat coördinaten die geen getal zijn (NaN of oneindig).", code="geometrie-nan"
        )
    invalid = validity_problem(geom)
    if invalid:
        raise ValidationError(
            f"De geometrie is ongeldig: {invalid}. Teken de locatie opnieuw.", code="geometrie-ongeldig"
        )
    geom = _in_rd(geom, crs)
    # valid as given; the projection to RD can still pinch a ring (a vertex a millimetre from an edge)
    repaired = repair_geometries(np.array([geom], dtype=object))[0][0]  # as the locatiecheck repairs
    if repaired.is_empty:
        raise ValidationError(
            "De geometrie is na de omrekening naar RD (EPSG:28992) en het herstel daarvan leeg: het vlak is "
            "zo smal dat er niets van overbleef.",
            code="geometrie-ongeldig",
        )
    return repaired.wkt


def _in_rd(geom: Any, crs: str | None) -> Any:
    """``geom`` (in ``crs``, any name gis.crs.input_crs knows; WGS84 when None) in RD New, 2D, checked
    against the Dutch bounds: RD and degrees before the transformation, other projections after it."""
    import numpy as np

    from gis.crs import NL_LONLAT_BOUNDS, UnusableCrs, input_crs, is_rd, to_rd, within

    try:
        source = input_crs(crs)
    except UnusableCrs as exc:
        raise ValidationError(str(exc), code="crs-onbekend") from None
    rd_input = is_rd(source)
    if rd_input:
        _check_rd_bounds(geom, "RD-coördinaten liggen")
    elif source.is_geographic and not within(np.array([geom.bounds]), NL_LONLAT_BOUNDS)[0]:
        raise ValidationError(
            "WGS84-coördinaten (lengte, breedte) liggen niet in Nederland.", code="buiten-nederland"
        )
    geom = to_rd(np.array([geom], dtype=object), source)[0]  # 2D in every CRS
    if not rd_input and not source.is_geographic:
        _check_rd_bounds(geom, "De coördinaten liggen na omrekening naar RD")
    return geom


def _check_rd_bounds(geom: Any, subject: str) -> None:
    import numpy as np

    from gis.crs import RD_BOUNDS, within

    if not within(np.array([geom.bounds]), RD_BOUNDS)[0]:
        raise ValidationError(f"{subject} buiten het RD-bereik van Nederland.", code="buiten-rd")


def _build(geometry: Any) -> Any:
    """The shapely geometry of a GeoJSON mapping or WKT text; bad input is refused in Dutch."""
    import numpy as np
    from shapely import wkt as shapely_wkt
    from shapely.geometry import shape

    from gis.geometry_input import coordinate_problem

    problem = coordinate_problem(geometry) if isinstance(geometry, dict) else None
    if problem:
        raise ValidationError(
            f"De geometrie is geen geldige GeoJSON-geometrie: {problem}.", code="geometrie-ongeldig"
        )
    try:  # NaN in WKT is no parse error (numpy would warn): the vertex check names it
        with np.errstate(invalid="ignore"):
            return shapely_wkt.loads(geometry) if isinstance(geometry, str) else shape(geometry)
    except Exception as exc:  # noqa: BLE001 - shapely raises many types for bad input
        raise ValidationError(
            "De geometrie is geen geldige GeoJSON-geometrie of WKT.", code="geometrie-ongeldig"
        ) from exc


_COORD = re.compile(r"^\s*(-?\d+(?:[.,]\d+)?)\s*[,; ]\s*(-?\d+(?:[.,]\d+)?)\s*$")
LOCATION_TYPES = ("Point", "MultiPoint", "Polygon")


def wgs84_to_rd_wkt(geometry: Any, settings: Any = None) -> str:
    """A WGS84 GeoJSON geometry or WKT (lon lat) in the Netherlands -> RD New WKT (validated)."""
    return to_rd_wkt(geometry, "EPSG:4326", settings=settings)


def parse_location(
    geojson_text: str, coordinate_text: str, settings: Any = None, *, max_points: int | None = None
) -> str | None:
    """RD WKT from a drawn GeoJSON geometry or a typed coordinate (lat, lon or RD x y); None if neither.

    Raises ``ValidationError`` with a Dutch message. A drawing over the caps of ``settings``
    (Settings.max_geometry_vertices / _bytes), or a MultiPoint of more than ``max_points`` points, is
    refused before it is parsed into a geometry."""
    if geojson_text.strip():
        check_size(geojson_text, settings)
        try:  # strictly: NaN or nesting beyond any geometry is no drawing either
            geometry = strikte_json.loads(geojson_text, "De getekende locatie")
        except ValidationError as exc:
            raise ValidationError(
                "De getekende locatie is niet leesbaar. Teken de locatie opnieuw.", code="geometrie-ongeldig"
            ) from exc
        if not isinstance(geometry, dict) or geometry.get("type") not in LOCATION_TYPES:
            raise ValidationError(
                "Teken een punt, enkele punten of een vlak op de kaart.", code="geometrie-soort"
            )
        points = len(geometry.get("coordinates") or ()) if geometry["type"] == "MultiPoint" else 1
        if max_points is not None and points > max_points:
            raise ValidationError(
                f"Plaats ten hoogste {max_points} punten op de kaart; de getekende locatie heeft er {points}.",
                code="locatie-te-veel-punten",
            )
        return wgs84_to_rd_wkt(geometry, settings)
    if coordinate_text.strip():
        m = _COORD.match(coordinate_text)
        if not m:
            raise ValidationError(
                "Geef de coördinaat als 'breedte, lengte' (bijv. 52.0123, 6.4321) of als RD 'x y'.",
                code="coordinaat-ongeldig",
            )
        a, b = (float(v.replace(",", ".")) for v in m.groups())
        if a > 1000 and b > 1000:  # RD New metres
            return to_rd_wkt(f"POINT ({a} {b})", "EPSG:28992", settings=settings)
        try:
            return wgs84_to_rd_wkt(f"POINT ({b} {a})", settings)  # typed as latitude, longitude
        except ValidationError as exc:  # name the order the form asks for, not GeoJSON's (lengte, breedte)
            if exc.code != "buiten-nederland":
                raise
            raise ValidationError(
                f"De coördinaat {coordinate_text.strip()} (breedte, lengte) ligt niet in Nederland. "
                "Geef breedte, lengte (bijvoorbeeld 52.0123, 6.4321) of RD-coördinaten x y.",
                code="buiten-nederland",
            ) from None
    return None
