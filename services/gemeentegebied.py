"""The municipality's own area (layer ``gemeente``) and the neighbours on its border (``gemeentegrens``).

An application is only registered for a location inside the municipality; outside it the municipality
is not the bevoegd gezag, and the applicant is told who is instead (issue 16.2).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from processes.errors import ValidationError
from services.platform import Platform

#: how far outside the border we still name the neighbouring municipality (metres, RD New)
NEIGHBOUR_DISTANCE = 3000.0


@dataclass(frozen=True)
class Gemeentegebied:
    naam: str
    area: Any  # shapely geometry in RD New
    borders: tuple[tuple[str, Any], ...] = ()  # (buurgemeente, border line)

    def neighbour_of(self, geom: Any) -> str | None:
        """The neighbour whose border lies nearest to ``geom``, when it is close."""
        near = sorted((line.distance(geom), name) for name, line in self.borders if name)
        return near[0][1] if near and near[0][0] <= NEIGHBOUR_DISTANCE else None


def _memory_area(layers: Any) -> Gemeentegebied | None:
    import shapely

    layer = layers.get("gemeente")
    if layer is None or not len(layer):
        return None
    names = layer.frame.get("gemeentenaam")
    naam = str(names.iloc[0]) if names is not None else ""
    borders: tuple[tuple[str, Any], ...] = ()
    grens = layers.get("gemeentegrens")
    if grens is not None and "buurgemeente" in grens.frame:
        borders = tuple(zip(grens.frame["buurgemeente"].astype(str), grens.geometries, strict=True))
    return Gemeentegebied(naam, shapely.union_all(layer.geometries), borders)


def _postgis_area(layers: Any) -> Gemeentegebied | None:
    """As :func:`_memory_area`, read from PostGIS: the union of ``gemeente`` and the ``gemeentegrens`` lines."""
    from shapely import wkt

    if "gemeente" not in layers:
        return None
    rows = layers.query_union("gemeente")
    if not rows or rows[0] is None:
        return None
    borders: tuple[tuple[str, Any], ...] = ()
    if "gemeentegrens" in layers and "buurgemeente" in layers["gemeentegrens"].columns:
        grens = layers.frame("gemeentegrens")
        borders = tuple(zip(grens["buurgemeente"].astype(str), grens.geometry.values, strict=True))
    naam = ""
    if "gemeentenaam" in layers["gemeente"].columns:
        names = layers.frame("gemeente")["gemeentenaam"]
        naam = str(names.iloc[0]) if len(names) else ""
    return Gemeentegebied(naam, wkt.loads(rows[0]), borders)


def gemeentegebied(platform: Platform) -> Gemeentegebied | None:
    """The municipal area of the configured layers; ``None`` when the layers have no ``gemeente``."""
    from services.kaart_layers import configured_layers

    layers = configured_layers(platform)
    if platform.is_postgres:
        return _postgis_area(layers)
    return _memory_area(layers)


def check_inside(platform: Platform, geometry_wkt: str) -> None:
    """Refuse a location that lies (partly) outside the municipality, saying who is bevoegd gezag."""
    from shapely import wkt

    area = gemeentegebied(platform)
    if area is None:
        return
    geom = wkt.loads(geometry_wkt)
    if area.area.covers(geom):
        return
    own = platform.settings.gemeente_naam
    neighbour = area.neighbour_of(geom)
    where = (
        f"De locatie ligt waarschijnlijk in gemeente {neighbour}. "
        if neighbour
        else "De locatie ligt in een andere gemeente. "
    )
    partly = "deels " if area.area.intersects(geom) else ""
    raise ValidationError(
        f"De locatie ligt {partly}buiten {own}. {where}Daarom is {own} niet het bevoegd gezag voor deze "
        "aanvraag: over een omgevingsvergunning beslist in de regel het college van burgemeester en "
        "wethouders van de gemeente waar de activiteit plaatsvindt, in bijzondere gevallen de provincie of "
        "het Rijk. Dien uw aanvraag in via het Omgevingsloket; dat stuurt haar naar het juiste bevoegd gezag.",
        code="buiten-gemeente",
    )


def boundary_geojson(platform: Platform) -> dict[str, Any]:
    """The municipal area as a GeoJSON Feature in WGS84 (simplified to 5 m), or an empty collection."""
    import numpy as np
    import shapely
    from shapely.geometry import mapping

    from gis.crs import transformer

    area = gemeentegebied(platform)
    if area is None:
        return {"type": "FeatureCollection", "features": []}
    tf = transformer(28992, 4326)
    simple = area.area.simplify(5.0)
    wgs = shapely.transform(simple, lambda xy: np.column_stack(tf.transform(xy[:, 0], xy[:, 1])))
    return {
        "type": "Feature",
        "properties": {"naam": platform.settings.gemeente_naam},
        "geometry": mapping(shapely.set_precision(wgs, 1e-6)),
    }
